import * as fs from 'node:fs';
import request from 'supertest';
import { freePort, ServerProcess, spawnServer, tempDataDir, waitForHealth } from './processes';
import { TEST_ENV } from './pg-env';
import { TEST_CREDENTIAL_SECRET, TEST_JWT_SECRET } from './secrets';
import { HttpTestApp, httpSession } from './test-app';
import { createTestDatabase } from './test-db';

export interface ServerApp extends HttpTestApp {
  server: ServerProcess;
  /** The server's process id (its /proc entry: memory, threads). */
  pid: number;
}

/**
 * The built server (dist/, which the e2e set-up builds) as a process of its own, on a fresh clone
 * of the seeded template database — for the tests that time how the server answers while it is
 * attacked, so that the test's own work (making hostile files, sending them) is not counted as the
 * server's.
 */
/** The demo's organisation slot of the test run, as the server's configuration names it. */
function orgSlotEnv(): Record<string, string> {
  const slot = process.env[TEST_ENV.orgSlot];
  const conf = process.env[TEST_ENV.softhsmConf];
  if (!slot || !conf) return {};
  const { module, tokenLabel, pin } = JSON.parse(slot);
  return {
    ORG_PKCS11_MODULE: module,
    ORG_PKCS11_TOKEN: tokenLabel,
    ORG_PKCS11_PIN: pin,
    SOFTHSM2_CONF: conf,
  };
}

export async function startServerApp(env: Record<string, string> = {}): Promise<ServerApp> {
  const db = await createTestDatabase();
  const dataDir = tempDataDir('te-server-app-');
  const server = spawnServer({
    PORT: String(await freePort()),
    DATA_DIR: dataDir,
    DATABASE_URL: db.appUrl,
    MIGRATION_DATABASE_URL: db.ownerUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    CREDENTIAL_SECRET: TEST_CREDENTIAL_SECRET,
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    ...orgSlotEnv(),
    ...env,
  });
  const stop = async () => {
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      const killer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
      await server.exited;
      clearTimeout(killer);
    }
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      waitForHealth(server.url),
      server.exited.then((code) => {
        throw new Error(`server exited (${code}) before answering:\n${server.output()}`);
      }),
    ]);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    db,
    server,
    pid: server.child.pid!,
    ...httpSession(() => request(server.url)),
    close: stop,
  };
}
