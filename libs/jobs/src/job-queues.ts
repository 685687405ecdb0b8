/**
 * The queues of the application and how their jobs are retried. pg-boss keeps each queue in a
 * partition table of its own schema (`pgboss`), created by the owner of the schema at migration
 * time (installJobQueue): the application's role may only read and write rows, never create one.
 */
export interface QueueSpec {
  /** Attempts after the first (pg-boss `retryLimit`). */
  retryLimit: number;
  /** Seconds before the first retry; doubled each time (with jitter) when `retryBackoff`. */
  retryDelay: number;
  retryBackoff: boolean;
  /**
   * An active job older than this is taken for dead (its process died) and retried by whichever
   * process runs the queue's maintenance next (every JOB_MAINTENANCE_SECONDS).
   */
  expireInSeconds: number;
}

export const JOB_QUEUES = {
  /** One e-mail (a notification or a digest), by its delivery id. */
  email: { retryLimit: 6, retryDelay: 5, retryBackoff: true, expireInSeconds: 40 },
  /** The pass of deadline reminders and escalations. */
  reminders: { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
  /** The pass of daily digests. */
  digest: { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
} as const satisfies Record<string, QueueSpec>;

export type QueueName = keyof typeof JOB_QUEUES;
export const QUEUE_NAMES = Object.keys(JOB_QUEUES) as QueueName[];

/** How often some process looks for dead active jobs (and archives old ones): within two minutes a dead send is retried. */
export const JOB_MAINTENANCE_SECONDS = 20;

/** pg-boss' own schema in the application's database. */
export const JOB_SCHEMA = 'pgboss';
