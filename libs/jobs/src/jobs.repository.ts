import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JOB_SCHEMA } from './job-queues';

/** A job as an administrator sees it. */
export interface JobView {
  id: string;
  queue: string;
  state: string;
  data: unknown;
  retryCount: number;
  retryLimit: number;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  /** What the last attempt left (the error of a failed one). */
  output: unknown;
}

const COLUMNS = `id, name AS queue, state::text AS state, data, retry_count AS "retryCount",
  retry_limit AS "retryLimit", created_on AS "createdOn", started_on AS "startedOn",
  completed_on AS "completedOn", output`;

/** Reads pg-boss' tables (live jobs and the archive) for the administrators' view. */
@Injectable()
export class JobsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Jobs in a state, newest first, the application's queues only (not pg-boss' own). */
  async list(state: string, limit: number, offset: number): Promise<JobView[]> {
    return this.ds.query(
      `SELECT * FROM (
         SELECT ${COLUMNS} FROM ${JOB_SCHEMA}.job WHERE state::text = $1 AND name NOT LIKE '\\_\\_pgboss%'
         UNION ALL
         SELECT ${COLUMNS} FROM ${JOB_SCHEMA}.archive WHERE state::text = $1 AND name NOT LIKE '\\_\\_pgboss%'
       ) j ORDER BY coalesce("completedOn", "createdOn") DESC, id LIMIT $2 OFFSET $3`,
      [state, limit, offset],
    );
  }
}
