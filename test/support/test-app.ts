import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Clock } from '@app/common';
import { loadConfig } from '@app/config';
import { createApp } from '../../apps/api/src/bootstrap';
import { TEST_ENV } from './pg-env';
import { useWorkerSoftHsm } from './softhsm';
import { createTestDatabase, TestDatabase } from './test-db';

export { TEST_CREDENTIAL_SECRET, TEST_JWT_SECRET } from './secrets';
import { TEST_CREDENTIAL_SECRET, TEST_JWT_SECRET } from './secrets';

/**
 * The demo's server-side organisation slot of the test run (global setup), if any, with
 * SOFTHSM2_CONF naming the demo's SoftHSM2 in this process (the real environment, which the
 * native module reads; unless a SoftHSM2 of the test's own is named already).
 */
export function demoOrgSlot() {
  const json = process.env[TEST_ENV.orgSlot];
  const conf = process.env[TEST_ENV.softhsmConf];
  if (!json || !conf) return undefined;
  useWorkerSoftHsm(conf);
  return JSON.parse(json);
}

/** What a test needs of a running server, in this process or its own (server-app.ts). */
export interface HttpTestApp {
  db: TestDatabase;
  http(): ReturnType<typeof request>;
  /** Signs a demo user in once per app and returns the bearer header. */
  auth(username: string): Promise<{ Authorization: string }>;
  login(
    username: string,
    password?: string,
  ): Promise<{ accessToken: string; user: Record<string, any>; passwordChangeRequired: boolean }>;
  close(): Promise<void>;
}

export interface TestApp extends HttpTestApp {
  app: INestApplication;
}

/** Signing in as the demo users, once per server: the part of a test app that is only HTTP. */
export function httpSession(http: () => ReturnType<typeof request>) {
  const tokens = new Map<string, string>();
  const login = async (username: string, password = 'demo') => {
    const res = await http().post('/api/auth/login').send({ username, password });
    if (res.status !== 200)
      throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return {
    http,
    login,
    async auth(username: string) {
      if (!tokens.has(username)) tokens.set(username, (await login(username)).accessToken);
      return { Authorization: `Bearer ${tokens.get(username)}` };
    },
  };
}

/**
 * The whole Nest app in this process, on a fresh clone of the seeded template database; `clock`:
 * the application's time (a SettableClock the test moves), the system's by default.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  opts: { clock?: Clock } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    LOG_LEVEL: 'error',
    NODE_ENV: 'test',
    // Chromium prints at idle CPU priority (ChromiumPool): on the 2-core test machine, while the
    // other Jest worker keeps both cores busy, a print can wait far longer than the production limit
    // of 20 s without anything being wrong. The limits themselves are tested with short values
    // (documents.e2e-spec, the medium workflow spec).
    RENDER_TIMEOUT_MS: '45000',
    RENDER_QUEUE_TIMEOUT_MS: '45000',
    ...env,
  });
  const app = await createApp({
    config,
    // The application's own role: rows only, as in production.
    databaseUrl: db.appUrl,
    jwtSecret: env.JWT_SECRET ?? TEST_JWT_SECRET,
    credentialSecret: TEST_CREDENTIAL_SECRET,
    clock: opts.clock,
    orgSlot: demoOrgSlot(),
  });
  const server = app.getHttpServer();
  return {
    app,
    db,
    ...httpSession(() => request(server)),
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
