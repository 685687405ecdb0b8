import { DynamicModule, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';

/** Provides the application's one Clock to every module (the system's unless one is given). */
@Module({})
export class ClockModule {
  static forRoot(clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: ClockModule,
      global: true,
      providers: [{ provide: Clock, useValue: clock }],
      exports: [Clock],
    };
  }
}
