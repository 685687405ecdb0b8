export * from './job-queues';
export * from './job-queue';
export * from './jobs.repository';
export * from './jobs.module';
export * from './install-job-queue';
