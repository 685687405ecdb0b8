import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEST_ENV, withDatabase } from './pg-env';

export interface TestDatabase {
  url: string;
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
        await c.query(`CREATE DATABASE ${name} TEMPLATE ${c.escapeIdentifier(template)}`);
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
    name,
    drop: () =>
      admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
