import { Client } from 'pg';

/** Key of the lock that serialises schema migrations and the demo seed across processes. */
export const MIGRATION_LOCK_KEY = 7_301_2020;

/**
 * Runs `fn` while holding a session-level PostgreSQL advisory lock on a dedicated connection,
 * so processes starting together against one database take turns.
 */
export async function withAdvisoryLock<T>(
  url: string,
  key: number,
  fn: () => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [key]);
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
