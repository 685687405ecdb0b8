import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import { JOB_MAINTENANCE_SECONDS, JOB_SCHEMA, QueueName } from './job-queues';

export interface JobsOptions {
  /** The application's database (its role): pg-boss' workers poll it with a small pool of their own. */
  databaseUrl: string;
  /** Run the queues' workers and schedules in this process (a server); false: only enqueue (a CLI). */
  runWorkers: boolean;
  /** Cron (Vietnam time) of each scheduled pass; null: not scheduled. */
  schedules: Partial<Record<QueueName, string | null>>;
}

export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

/** pg-boss' way to run its statements on a connection it is given: here a TypeORM manager. */
const executor = (em: EntityManager) => ({
  async executeSql(text: string, values?: unknown[]) {
    const r: unknown = await em.query(text, values);
    // TypeORM answers UPDATE/DELETE … RETURNING with [rows, affected].
    const rows =
      Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number'
        ? r[0]
        : r;
    return { rows: rows as unknown[] };
  },
});

/**
 * The job queue on the application's PostgreSQL (pg-boss): a job is a row, taken by exactly one
 * worker of whichever server process polls first (`FOR UPDATE SKIP LOCKED`), retried with back-off
 * when its handler throws, retried as well when its process died holding it (expired, then put back
 * by the maintenance some process runs every JOB_MAINTENANCE_SECONDS), kept across restarts.
 * Enqueueing takes the caller's transaction manager, so a job exists exactly when the change that
 * asks for it does. Schedules (cron) turn into one job per tick whatever the number of processes.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('JobQueue');
  private readonly handlers = new Map<QueueName, JobHandler>();
  /** Only used to build statements (enqueueing runs on the caller's connection) until started. */
  private readonly boss: PgBoss;
  private started = false;

  constructor(
    @Inject(JOBS_OPTIONS) private readonly opts: JobsOptions,
    @InjectDataSource() private readonly ds: DataSource,
  ) {
    this.boss = new PgBoss({
      connectionString: opts.databaseUrl,
      schema: JOB_SCHEMA,
      max: 3,
      application_name: 'te-reporting-jobs',
      // The schema and the queues are the migrations' business (installJobQueue), as the owner.
      migrate: false,
      maintenanceIntervalSeconds: JOB_MAINTENANCE_SECONDS,
      cronMonitorIntervalSeconds: 15,
      cronWorkerIntervalSeconds: 2,
    });
    this.boss.on('error', (e: Error) => this.logger.error(`pg-boss: ${e.message}`));
  }

  /** The handler of a queue; modules register theirs when they are initialised. */
  handle(name: QueueName, handler: JobHandler): void {
    this.handlers.set(name, handler);
  }

  /**
   * Enqueues a job; inside `em`'s transaction when given. `key`: at most one such job waiting or
   * running (pg-boss `singletonKey` of a `short` policy is not used: keys here only name the job).
   */
  async send(
    name: QueueName,
    data: Record<string, unknown>,
    opts: { em?: EntityManager; startAfter?: Date } = {},
  ): Promise<string | null> {
    return this.boss.send(name, data, {
      db: executor(opts.em ?? this.ds.manager),
      ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.opts.runWorkers) return;
    await this.boss.start();
    this.started = true;
    for (const [name, handler] of this.handlers) {
      await this.boss.work(
        name,
        { pollingIntervalSeconds: 1, batchSize: 1 },
        async ([job]: PgBoss.Job<Record<string, unknown>>[]) => {
          await handler(job.data ?? {});
        },
      );
    }
    for (const [name, cron] of Object.entries(this.opts.schedules) as [QueueName, string][]) {
      if (cron) await this.boss.schedule(name, cron, {}, { tz: 'Asia/Ho_Chi_Minh' });
      else await this.boss.unschedule(name);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    // A job still running after the timeout is failed, hence retried (by this process or another).
    await this.boss.stop({ graceful: true, timeout: 5000, wait: true });
  }
}
