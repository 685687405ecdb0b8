import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApprovalModule } from '@app/approval';
import { AuthUser, UsersRepository, toAuthUser } from '@app/auth';
import { ClockModule } from '@app/common';
import { JobsModule } from '@app/jobs';
import { MailModule } from '@app/notifications';
import { RendererModule } from '@app/renderer';
import { OrganisationSlotModule, SignaturesModule } from '@app/signatures';
import { WorkersModule } from '@app/workers';
import { appDataSourceOptions } from '../../apps/api/src/database/schema';
import { UNTRUSTED_INPUT_WORKER } from '../../apps/api/src/workers/untrusted-input.worker';
import { TEST_CREDENTIAL_SECRET } from './secrets';
import { demoOrgSlot } from './test-app';
import { createTestDatabase, TestDatabase } from './test-db';

/**
 * The medium tier: the contexts of libs/ wired by Nest as the server wires them, on a fresh clone
 * of the migrated and seeded template database, with the real renderer (Debian's Chromium) and the
 * demo signing certificates — and no HTTP. Services are called with typed input, as the
 * controllers call them.
 */
export interface MediumApp {
  ctx: INestApplicationContext;
  db: TestDatabase;
  ds: DataSource;
  get<T>(type: new (...args: never[]) => T): T;
  /** A demo user as requests carry it. */
  user(username: string): Promise<AuthUser>;
  close(): Promise<void>;
}

export interface MediumOptions {
  chromiumPath?: string;
  renderTimeoutMs?: number;
  poolSize?: number;
}

export async function startMediumApp(opts: MediumOptions = {}): Promise<MediumApp> {
  const db = await createTestDatabase();
  @Module({
    imports: [
      ClockModule.forRoot(),
      TypeOrmModule.forRoot(appDataSourceOptions(db.appUrl, 10)),
      RendererModule.forRoot({
        chromiumPath: opts.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        poolSize: opts.poolSize ?? 2,
        queueLimit: 100,
        timeoutMs: opts.renderTimeoutMs ?? 20000,
        maxDocsPerBrowser: 500,
      }),
      WorkersModule.forRoot({
        entry: UNTRUSTED_INPUT_WORKER,
        threads: 2,
        timeoutMs: 20000,
        queueLimit: 50,
        memoryMb: 256,
      }),
      SignaturesModule.forRoot(TEST_CREDENTIAL_SECRET),
      // The demo's server-side organisation slot (approval-mode units issue with it).
      OrganisationSlotModule.forRoot(demoOrgSlot()),
      // Jobs are enqueued (in the callers' transactions), not run; no e-mail.
      JobsModule.forRoot({ databaseUrl: db.appUrl, runWorkers: false, schedules: {} }),
      MailModule.forRoot(undefined),
      ApprovalModule,
    ],
  })
  class MediumModule {}
  const ctx = await NestFactory.createApplicationContext(MediumModule, { logger: ['error'] });
  const ds = ctx.get<DataSource>(getDataSourceToken());
  const users = ctx.get(UsersRepository);
  return {
    ctx,
    db,
    ds,
    get: (type) => ctx.get(type),
    async user(username: string) {
      const u = await users.findByUsername(username);
      if (!u) throw new Error(`no demo user ${username}`);
      return toAuthUser(u);
    },
    async close() {
      await ctx.close();
      await db.drop();
    },
  };
}
