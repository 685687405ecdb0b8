import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { OWNER_ROLE } from '@app/database';
import { TEST_ENV, withDatabase } from './pg-env';

export interface TestDatabase {
  /** As the superuser: for a test's own checks and set-up. */
  url: string;
  /** As the owner of the schema (what migrations run as). */
  ownerUrl: string;
  /** As the application's role (rows only): what the app under test connects as. */
  appUrl: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: process.env[TEST_ENV.adminUrl] });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A database of its own for one test file: a clone of the migrated and seeded template, or empty. */
export async function createTestDatabase(opts: { empty?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = process.env[TEST_ENV.adminUrl];
  if (!adminUrl)
    throw new Error('test PostgreSQL not started: run the tests with jest (global setup)');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin(async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const template = opts.empty ? 'template0' : process.env[TEST_ENV.templateDb]!;
        await c.query(
          `CREATE DATABASE ${name} TEMPLATE ${c.escapeIdentifier(template)} OWNER ${OWNER_ROLE}`,
        );
        return;
      } catch (e) {
        // 55006: the template is briefly in use by another clone; retry.
        if ((e as { code?: string }).code !== '55006' || attempt > 50) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return {
    url: withDatabase(adminUrl, name),
    ownerUrl: withDatabase(process.env[TEST_ENV.ownerUrl]!, name),
    appUrl: withDatabase(process.env[TEST_ENV.appUrl]!, name),
    name,
    drop: () =>
      admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
