import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule, SettableClock, SystemClock } from '@app/common';
import { ConfigError, loadConfig } from '@app/config';
import { JobsModule } from '@app/jobs';
import { EmailService, MailModule, NotificationsModule } from '@app/notifications';
import { RemindersModule, RemindersService } from '@app/reminders';
import { WorkersModule } from '@app/workers';
import { withCliDatabase } from './cli-database';
import { appDataSourceOptions } from '../database/schema';
import { UNTRUSTED_INPUT_WORKER } from '../workers/untrusted-input.worker';

export const USAGE = `Cách dùng:
  npm run jobs -- reminders [--now <thời điểm ISO>]   nhắc hạn và báo đơn vị chậm nộp lên cấp trên, ngay
  npm run jobs -- digest [--now <thời điểm ISO>]      thư tổng hợp thông báo trong ngày, ngay
Mỗi lần chạy chỉ gửi những gì chưa gửi (nhắc hạn: một lần mỗi kỳ, đơn vị và mốc ngày; thư tổng hợp: một lần mỗi ngày).
Thư được gửi bởi máy chủ đang chạy (hàng đợi công việc). Dùng cơ sở dữ liệu của DATABASE_URL, hoặc PostgreSQL nhúng trong DATA_DIR.`;

class UsageError extends Error {}

/** Runs one pass; what it prints goes to `out`. Exit code: 0 done, 2 wrong usage. */
export async function runJobsCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    out(USAGE);
    return command ? 0 : 2;
  }
  let now: Date | undefined;
  try {
    if (command !== 'reminders' && command !== 'digest')
      throw new UsageError(`Lệnh không rõ: ${command}.`);
    const { values } = parseArgs({
      args: rest,
      options: { now: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.now !== undefined) {
      now = new Date(values.now);
      if (Number.isNaN(now.getTime()))
        throw new UsageError(`--now phải là một thời điểm ISO (ví dụ 2025-06-27T08:00:00+07:00).`);
    }
  } catch (e) {
    out(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig(env);
  return withCliDatabase(config, async (url) => {
    @Module({
      imports: [
        ClockModule.forRoot(now ? new SettableClock(now) : new SystemClock()),
        TypeOrmModule.forRoot(appDataSourceOptions(url, 2)),
        // Enqueue only: the servers' workers send.
        JobsModule.forRoot({ databaseUrl: url, runWorkers: false, schedules: {} }),
        MailModule.forRoot(config.mail),
        // The reports' context asks for the upload workers; a pass never uses them.
        WorkersModule.forRoot({
          entry: UNTRUSTED_INPUT_WORKER,
          threads: 1,
          timeoutMs: config.workerTimeoutMs,
          queueLimit: 1,
          memoryMb: 128,
        }),
        NotificationsModule,
        RemindersModule,
      ],
    })
    class JobsCliModule {}
    const app = await NestFactory.createApplicationContext(JobsCliModule, {
      logger: false,
      abortOnError: false,
    });
    try {
      if (command === 'reminders') {
        const r = await app.get(RemindersService).pass();
        out(
          `Đã nhắc hạn ${r.reminded} đơn vị; đã báo ${r.escalated} đơn vị chậm nộp lên cấp trên.`,
        );
      } else {
        const made = await app.get(EmailService).digestPass();
        out(
          config.mail
            ? `Đã lập ${made} thư tổng hợp (gửi qua hàng đợi).`
            : 'Chưa cấu hình SMTP_URL: không gửi thư.',
        );
      }
      return 0;
    } finally {
      await app.close();
    }
  });
}

/** `node dist/apps/api/src/cli/jobs-cli.js <command> …` (through `npm run jobs -- …`). */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  try {
    process.exitCode = await runJobsCli(argv, process.env, (line) =>
      process.stdout.write(line + '\n'),
    );
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`${(e as Error)?.stack ?? e}\n`);
      process.exitCode = 1;
    }
  }
}

if (require.main === module) void main();
