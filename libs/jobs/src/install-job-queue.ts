import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { APP_ROLE } from '@app/database';
import { JOB_QUEUES, JOB_SCHEMA, QUEUE_NAMES } from './job-queues';

/** pg-boss' queue that turns cron schedules into jobs (it creates it itself when it can). */
const CRON_QUEUE = '__pgboss__send-it';

/**
 * Run as the owner of the schema, at migration time (under the migration lock): creates or upgrades
 * pg-boss' schema, creates every queue (each one a table), and gives `appRole` rows-only rights on
 * them — the application connects as that role and cannot create a table. When the application
 * connects as the owner itself (a single DATABASE_URL), or no such role exists, nothing is granted.
 */
export async function installJobQueue(ownerUrl: string, appRole: string = APP_ROLE): Promise<void> {
  const boss = new PgBoss({
    connectionString: ownerUrl,
    schema: JOB_SCHEMA,
    max: 2,
    migrate: true,
    supervise: false,
    schedule: false,
  });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    for (const name of [CRON_QUEUE, ...QUEUE_NAMES]) {
      const spec = (JOB_QUEUES as Record<string, (typeof JOB_QUEUES)[keyof typeof JOB_QUEUES]>)[
        name
      ];
      if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, ...(spec ?? {}) });
      else if (spec) await boss.updateQueue(name, { name, ...spec });
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
  const c = new Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    const role = c.escapeIdentifier(appRole);
    const { rows } = await c.query(`SELECT current_user = $1 AS same FROM pg_roles LIMIT 1`, [
      appRole,
    ]);
    const exists = await c.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [appRole]);
    if (rows[0]?.same || exists.rowCount === 0) return;
    await c.query(`GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO ${role}`);
    await c.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO ${role}`,
    );
    await c.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${JOB_SCHEMA} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
    );
  } finally {
    await c.end();
  }
}
