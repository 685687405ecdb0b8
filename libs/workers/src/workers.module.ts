import { DynamicModule, Logger, Module } from '@nestjs/common';
import { WorkerPool, WorkerPoolOptions } from './worker-pool';

/** The one WorkerPool of the process (its threads stopped with the application). */
@Module({})
export class WorkersModule {
  static forRoot(opts: Omit<WorkerPoolOptions, 'log'>): DynamicModule {
    const logger = new Logger('WorkerPool');
    return {
      module: WorkersModule,
      global: true,
      providers: [
        {
          provide: WorkerPool,
          useFactory: () => new WorkerPool({ ...opts, log: (e) => logger.warn(e) }),
        },
      ],
      exports: [WorkerPool],
    };
  }
}
