import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApprovalModule } from '@app/approval';
import { UsersModule } from '@app/auth';
import { ClockModule, SettableClock } from '@app/common';
import { DemoHistory } from '@app/demo';
import { JobsModule } from '@app/jobs';
import { MailModule } from '@app/notifications';
import { OrgModule } from '@app/org';
import { RendererModule } from '@app/renderer';
import { OrganisationSlotModule, Pkcs11Location, SignaturesModule } from '@app/signatures';
import { WorkersModule } from '@app/workers';
import { UNTRUSTED_INPUT_WORKER } from '../workers/untrusted-input.worker';
import { appDataSourceOptions } from './schema';

export interface DemoHistoryOptions {
  /** As the application's role: the history only writes rows, as users would. */
  databaseUrl: string;
  chromiumPath: string;
  credentialSecret: string;
  /** The server-side organisation slot the legacy (approval-mode) units issue with. */
  orgSlot?: Pkcs11Location;
}

/**
 * Plays the demo history (libs/demo/src/demo-history.ts) in a short-lived context of the server's
 * own services — no HTTP — whose clock the history moves through 2024. Closed before the server
 * proper starts, so the server's clock is never anything but the system's.
 */
export async function playDemoHistory(opts: DemoHistoryOptions): Promise<void> {
  @Module({
    imports: [
      ClockModule.forRoot(new SettableClock()),
      TypeOrmModule.forRoot(appDataSourceOptions(opts.databaseUrl, 4)),
      RendererModule.forRoot({
        chromiumPath: opts.chromiumPath,
        poolSize: 1,
        queueLimit: 10,
        timeoutMs: 60000,
        maxDocsPerBrowser: 100,
      }),
      WorkersModule.forRoot({
        entry: UNTRUSTED_INPUT_WORKER,
        threads: 1,
        timeoutMs: 20000,
        queueLimit: 10,
        memoryMb: 256,
      }),
      SignaturesModule.forRoot(opts.credentialSecret),
      OrganisationSlotModule.forRoot(opts.orgSlot),
      // The history's notifications are written (and read at its end), never e-mailed: 2024 is past.
      JobsModule.forRoot({ databaseUrl: opts.databaseUrl, runWorkers: false, schedules: {} }),
      MailModule.forRoot(undefined),
      OrgModule,
      UsersModule,
      ApprovalModule,
    ],
    providers: [DemoHistory],
  })
  class DemoHistoryModule {}
  const ctx = await NestFactory.createApplicationContext(DemoHistoryModule, {
    logger: ['error', 'warn'],
  });
  try {
    await ctx.get(DemoHistory).play();
  } finally {
    await ctx.close();
  }
}
