import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresError, PostgresUser } from './postgres-install';

export interface PostgresBinaries {
  /** The folder holding bin/, lib/ and share/. */
  nativeDir: string;
  /** Set when running as root: the user the server runs as. */
  user?: PostgresUser;
  log: (m: string) => void;
}

const bin = (b: PostgresBinaries, name: string) =>
  path.join(b.nativeDir, 'bin', process.platform === 'win32' ? `${name}.exe` : name);

/** The lines a failed program wrote, reduced to the one that says why. */
function reason(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (
    lines.find((l) => /FATAL|ERROR|error:|could not|cannot/i.test(l)) ?? lines.at(-1) ?? 'no output'
  );
}

/** Spawns a binary as the postgres user when root; a spawn failure is an answer, never an unhandled event. */
function run(b: PostgresBinaries, name: string, args: string[]): ChildProcess {
  return spawn(bin(b, name), args, {
    // A folder every user can enter: the postgres user may not be able to enter ours.
    cwd: '/',
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(b.user ? { uid: b.user.uid, gid: b.user.gid } : {}),
  });
}

/** Creates the cluster in `pgDir` (an empty or missing folder) with the superuser and its password. */
export async function initCluster(
  b: PostgresBinaries,
  pgDir: string,
  superuser: { name: string; password: string },
): Promise<void> {
  fs.mkdirSync(pgDir, { recursive: true, mode: 0o700 });
  // The password file next to the cluster, readable only by the user initdb runs as.
  const pwDir = `${pgDir}.init-${randomBytes(4).toString('hex')}`;
  fs.mkdirSync(pwDir, { mode: 0o700 });
  const pwFile = path.join(pwDir, 'pw');
  fs.writeFileSync(pwFile, superuser.password + '\n', { mode: 0o600 });
  try {
    if (b.user) {
      for (const p of [pgDir, pwDir, pwFile]) fs.chownSync(p, b.user.uid, b.user.gid);
    }
    const child = run(b, 'initdb', [
      `--pgdata=${pgDir}`,
      '--auth=scram-sha-256',
      `--username=${superuser.name}`,
      `--pwfile=${pwFile}`,
      '--encoding=UTF8',
      '--no-locale',
    ]);
    let output = '';
    child.stdout!.on('data', (d) => b.log(String(d).trim()));
    child.stderr!.on('data', (d) => (output += d));
    const code = await new Promise<number | string>((resolve) => {
      child.once('error', (e) => resolve((e as NodeJS.ErrnoException).code ?? String(e)));
      child.once('close', (c, signal) => resolve(c ?? signal ?? 'killed'));
    });
    if (code !== 0)
      throw new EmbeddedPostgresError(
        typeof code === 'string' && !/^SIG/.test(code)
          ? `${bin(b, 'initdb')} could not be run (${code}).`
          : `initdb failed in ${pgDir} (${reason(output)}).`,
      );
  } finally {
    fs.rmSync(pwDir, { recursive: true, force: true });
  }
}

export interface RunningPostgres {
  stop(): Promise<void>;
}

/**
 * Starts the server on 127.0.0.1:`port` and waits until `probeUrl` accepts a connection. Stopped by
 * `stop()` (fast shutdown), or when this process exits.
 */
export async function startServerProcess(
  b: PostgresBinaries,
  pgDir: string,
  port: number,
  probeUrl: string,
): Promise<RunningPostgres> {
  const child = run(b, 'postgres', [
    '-D',
    pgDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=300',
  ]);
  let output = '';
  const keep = (d: Buffer) => {
    const text = String(d);
    output = (output + text).slice(-8000);
    b.log(text.trim());
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: string | undefined;
  const gone = new Promise<void>((resolve) => {
    child.once('error', (e) => {
      exited = `${bin(b, 'postgres')} could not be run (${(e as NodeJS.ErrnoException).code ?? e}).`;
      resolve();
    });
    child.once('exit', (code, signal) => {
      exited ??= `postgres stopped at once (${code !== null ? `exit code ${code}` : signal}): ${reason(output)}.`;
      resolve();
    });
  });
  const onExit = () => child.kill('SIGINT');
  process.once('exit', onExit);

  const deadline = Date.now() + 60000;
  while (!(await accepts(probeUrl))) {
    if (exited) {
      process.removeListener('exit', onExit);
      throw new EmbeddedPostgresError(exited);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      process.removeListener('exit', onExit);
      throw new EmbeddedPostgresError(
        `postgres did not accept connections within 60 s (${reason(output)}).`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    stop: async () => {
      process.removeListener('exit', onExit);
      if (!exited) {
        child.kill('SIGINT');
        const force = setTimeout(() => child.kill('SIGKILL'), 30000);
        await gone;
        clearTimeout(force);
      }
    },
  };
}

/** Whether a PostgreSQL server accepts `url` (credentials included). */
export async function accepts(url: string): Promise<boolean> {
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
