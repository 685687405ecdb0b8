import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { Role, UsersModule, UsersRepository, UsersService } from '@app/auth';
import { DomainException } from '@app/common';
import { ConfigError, loadConfig } from '@app/config';
import {
  ORG_LEVELS,
  OrgLevel,
  OrgModule,
  OrgRepository,
  OrgUnitsService,
  UNIT_KINDS,
  UnitKind,
} from '@app/org';
import { withCliDatabase } from './cli-database';
import { appDataSourceOptions } from '../database/schema';

/** Who the audit trail names for what the command line does. */
const CLI_ACTOR = {
  id: null,
  fullName: 'Dòng lệnh quản trị (npm run admin)',
  orgUnitId: '',
  roles: ['admin'] as const,
};

export const USAGE = `Cách dùng:
  npm run admin -- create-unit --code <mã> --name <tên> --level province|commune [--parent <mã>] [--kind collective|head]
                               [--abbreviation <viết tắt>] [--place <địa danh>] [--governing-body <cơ quan chủ quản>]
  npm run admin -- create-admin <tên đăng nhập> --unit <mã đơn vị> [--full-name <họ tên>] [--email <email>]
  npm run admin -- reset-password <tên đăng nhập>
Dùng cơ sở dữ liệu của DATABASE_URL, hoặc PostgreSQL nhúng trong DATA_DIR (như máy chủ).`;

class UsageError extends Error {}

@Module({})
class AdminCliModule {
  static forUrl(url: string) {
    return {
      module: AdminCliModule,
      imports: [
        TypeOrmModule.forRoot(appDataSourceOptions(url, 2)),
        OrgModule,
        UsersModule,
        AuditModule,
      ],
    };
  }
}

/** Runs one command; what it prints goes to `out`. Exit code: 0 done, 1 refused, 2 wrong usage. */
export async function runAdminCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
): Promise<number> {
  const [command, ...rest] = argv;
  let parsed: ReturnType<typeof parse>;
  try {
    if (!command || command === 'help' || command === '--help') {
      out(USAGE);
      return command ? 0 : 2;
    }
    parsed = parse(command, rest);
  } catch (e) {
    out(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig(env);
  return withCliDatabase(config, async (url) => {
    const app = await NestFactory.createApplicationContext(AdminCliModule.forUrl(url), {
      logger: false,
      abortOnError: false,
    });
    try {
      await parsed(
        app.get(OrgUnitsService),
        app.get(OrgRepository),
        app.get(UsersService),
        app.get(UsersRepository),
        out,
      );
      return 0;
    } catch (e) {
      if (!(e instanceof DomainException)) throw e;
      out(
        `Không thực hiện được: ${e.userMessage}${e.errors?.length ? '\n' + e.errors.map((x) => `  - ${x.field ?? ''}: ${x.message}`).join('\n') : ''}`,
      );
      return 1;
    } finally {
      await app.close();
    }
  });
}

type Action = (
  units: OrgUnitsService,
  org: OrgRepository,
  users: UsersService,
  usersRepo: UsersRepository,
  out: (line: string) => void,
) => Promise<void>;

function parse(command: string, args: string[]): Action {
  const options = {
    code: { type: 'string' },
    name: { type: 'string' },
    level: { type: 'string' },
    parent: { type: 'string' },
    kind: { type: 'string' },
    abbreviation: { type: 'string' },
    place: { type: 'string' },
    'governing-body': { type: 'string' },
    unit: { type: 'string' },
    'full-name': { type: 'string' },
    email: { type: 'string' },
  } as const;
  let values: Record<string, string | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options,
      allowPositionals: true,
      strict: true,
    }) as { values: Record<string, string | undefined>; positionals: string[] });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const need = (name: string) => {
    const v = values[name]?.trim();
    if (!v) throw new UsageError(`Thiếu --${name}.`);
    return v;
  };
  switch (command) {
    case 'create-unit': {
      const level = need('level');
      if (!(ORG_LEVELS as readonly string[]).includes(level))
        throw new UsageError(`--level phải là một trong: ${ORG_LEVELS.join(', ')}.`);
      const kind = values.kind ?? 'collective';
      if (!(UNIT_KINDS as readonly string[]).includes(kind))
        throw new UsageError(`--kind phải là collective hoặc head.`);
      const name = need('name');
      const code = need('code');
      return async (units, org, _u, _r, out) => {
        const parent = values.parent ? await org.findByCode(values.parent) : null;
        if (values.parent && !parent)
          throw new UsageError(`Không có đơn vị mã "${values.parent}".`);
        const unit = await units.create(CLI_ACTOR, {
          code,
          name,
          level: level as OrgLevel,
          parentId: parent?.id ?? null,
          kind: kind as UnitKind,
          abbreviation: values.abbreviation ?? 'UBND',
          placeName: values.place ?? placeFromName(name),
          governingBody: values['governing-body'] ?? null,
        });
        out(`Đã tạo đơn vị ${unit.code} – ${unit.name} (id ${unit.id}).`);
      };
    }
    case 'create-admin': {
      const username = positionals[0]?.trim().toLowerCase();
      if (!username || !/^[a-z0-9._-]{3,64}$/.test(username))
        throw new UsageError('Thiếu tên đăng nhập hợp lệ (chữ thường, số, dấu . _ -, 3–64 ký tự).');
      const unitCode = need('unit');
      return async (_units, org, users, _r, out) => {
        const unit = await org.findByCode(unitCode);
        if (!unit)
          throw new UsageError(`Không có đơn vị mã "${unitCode}". Hãy tạo trước bằng create-unit.`);
        const { user, oneTimePassword } = await users.create(CLI_ACTOR, {
          username,
          fullName: values['full-name'] ?? 'Quản trị hệ thống',
          orgUnitId: unit.id,
          roles: ['admin'] as Role[],
          email: values.email ?? null,
        });
        out(
          `Đã tạo quản trị viên ${user.username} tại ${unit.code}. Phải đổi mật khẩu ở lần đăng nhập đầu tiên.`,
        );
        out(`one-time password: ${oneTimePassword}`);
      };
    }
    case 'reset-password': {
      const username = positionals[0]?.trim().toLowerCase();
      if (!username) throw new UsageError('Thiếu tên đăng nhập.');
      return async (_units, _org, users, usersRepo, out) => {
        const user = await usersRepo.findByUsername(username);
        if (!user) throw new UsageError(`Không có người dùng "${username}".`);
        const { oneTimePassword } = await users.resetPassword(CLI_ACTOR, user.id);
        out(`Đã đặt lại mật khẩu của ${username}. Phải đổi mật khẩu ở lần đăng nhập tới.`);
        out(`one-time password: ${oneTimePassword}`);
      };
    }
    default:
      throw new UsageError(`Lệnh không rõ: ${command}.`);
  }
}

/** "Ủy ban nhân dân tỉnh Lạng Sơn" → "Lạng Sơn": the place name of the date line, when not given. */
function placeFromName(name: string): string {
  const m = /(?:tỉnh|thành phố|xã|phường|đặc khu|thị trấn)\s+(.+)$/iu.exec(name);
  return (m ? m[1] : name).trim().slice(0, 120);
}

/** `node dist/apps/api/src/cli/admin-cli.js <command> …` (through `npm run admin -- …`). */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  try {
    process.exitCode = await runAdminCli(argv, process.env, (line) =>
      process.stdout.write(line + '\n'),
    );
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = e instanceof UsageError ? 1 : 2;
    } else {
      process.stderr.write(`${(e as Error)?.stack ?? e}\n`);
      process.exitCode = 1;
    }
  }
}

if (require.main === module) void main();
