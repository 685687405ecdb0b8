import { DynamicModule, Global, Module } from '@nestjs/common';
import { JOBS_OPTIONS, JobQueue, JobsOptions } from './job-queue';
import { JobsRepository } from './jobs.repository';

/** The job queue, one per application (global: every context may enqueue and handle). */
@Global()
@Module({})
export class JobsModule {
  static forRoot(options: JobsOptions): DynamicModule {
    return {
      module: JobsModule,
      providers: [{ provide: JOBS_OPTIONS, useValue: options }, JobQueue, JobsRepository],
      exports: [JobQueue, JobsRepository],
    };
  }
}
