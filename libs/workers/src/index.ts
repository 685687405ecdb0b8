export * from './worker-task';
export * from './worker-pool';
export * from './workers.errors';
export * from './workers.module';
