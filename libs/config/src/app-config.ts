import { isIP } from 'node:net';
import * as path from 'node:path';
import { OrgSlotConfig, orgSlotConfig } from './org-slot-config';

export type NodeEnv = 'development' | 'production' | 'test';

/** Everything the server reads from its environment, validated once at boot. */
export interface AppConfig {
  nodeEnv: NodeEnv;
  port: number;
  /** External PostgreSQL; when absent the embedded server is started. */
  databaseUrl?: string;
  /** The owner of the schema on the external PostgreSQL, for migrations; DATABASE_URL when absent. */
  migrationDatabaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  seedDemo: boolean;
  /** Production starts although demo accounts or the demo CA are in the database. */
  allowDemoData: boolean;
  /** Secret; never logged. Absent only when it will be generated in DATA_DIR (embedded mode). */
  jwtSecret?: string;
  jwtExpiresIn: string;
  /** JWT_EXPIRES_IN in seconds: the lifetime of an API token and the absolute limit of a web session. */
  tokenLifetimeSeconds: number;
  /** A web session ends after this many seconds without a request. */
  webSessionIdleSeconds: number;
  /** Express' `trust proxy`: false (none), a number of hops, or addresses / CIDRs / keywords. */
  trustProxy: false | number | string[];
  /** Secret; encrypts the stored signing certificates. Absent only when it is generated in DATA_DIR. */
  credentialSecret?: string;
  chromiumPath: string;
  logLevel: 'verbose' | 'debug' | 'log' | 'warn' | 'error';
  bodyLimit: string;
  uploadLimit: string;
  loginThrottleLimit: number;
  loginThrottleTtlSeconds: number;
  loginAccountLimit: number;
  loginAccountWindowSeconds: number;
  dbPoolSize: number;
  renderPoolSize: number;
  renderQueueLimit: number;
  renderTimeoutMs: number;
  renderMaxDocsPerBrowser: number;
  renderQueueTimeoutMs: number;
  renderMaxPages: number;
  /** Worker threads parsing, decoding and verifying uploads (PDF, Excel, images). */
  workerThreads: number;
  /** Time limit of one such job; past it → 422 and the thread is replaced. */
  workerTimeoutMs: number;
  /** E-mail: absent when SMTP_URL is not set (no e-mail is sent). */
  mail?: MailConfig;
  /** Cron (Vietnam time) of the reminder pass; null: not scheduled. */
  remindersCron: string | null;
  /** Cron (Vietnam time) of the daily digest; null: not scheduled. */
  digestCron: string | null;
  /**
   * The server-side organisation slot: a PKCS#11 token holding the organisations' keys (labelled
   * by unit code), for units in `approval` signing mode. Absent when not configured.
   */
  orgSlot?: OrgSlotConfig;
}

export interface MailConfig {
  /** smtp://user:pass@host:port or smtps://… (secret: may hold a password). */
  smtpUrl: string;
  /** The From of every message: `addr@host` or `Name <addr@host>`. */
  from: string;
  /** Where people reach the web app (https://…): links in e-mails are made absolute with it. */
  publicUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DURATION_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** "30m", "8h", "2d", "45s" or "3600" (seconds) → seconds; undefined when it does not look like one. */
export function durationSeconds(v: string): number | undefined {
  const m = /^(\d+)([smhd]?)$/.exec(v);
  return m ? Number(m[1]) * DURATION_UNITS[m[2]] : undefined;
}

const PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY → Express' `trust proxy` value, or a problem. */
function parseTrustProxy(raw: string | undefined): {
  value: false | number | string[];
  problem?: string;
} {
  if (raw === undefined || /^(none|false|0)$/i.test(raw)) return { value: false };
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    return hops <= 10
      ? { value: hops }
      : { value: false, problem: `TRUST_PROXY hops must be at most 10 (got "${raw}")` };
  }
  const items = raw
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const bad = items.filter((x) => !PROXY_KEYWORDS.includes(x) && !isAddressOrCidr(x));
  return bad.length
    ? {
        value: false,
        problem: `TRUST_PROXY must be none, a number of hops, or addresses, CIDRs, loopback, linklocal, uniquelocal separated by commas (not "${bad.join('", "')}")`,
      }
    : { value: items };
}

function isAddressOrCidr(x: string): boolean {
  const [addr, bits, ...rest] = x.split('/');
  const family = isIP(addr);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const str = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, def: number, min: number, max: number) => {
    const raw = str(name);
    if (raw === undefined) return def;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return def;
    }
    return Number(raw);
  };
  const bool = (name: string, def: boolean) => {
    const raw = str(name);
    if (raw === undefined) return def;
    if (/^(true|1|yes)$/i.test(raw)) return true;
    if (/^(false|0|no)$/i.test(raw)) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return def;
  };
  const oneOf = <T extends string>(name: string, def: T, allowed: readonly T[]): T => {
    const raw = str(name);
    if (raw === undefined) return def;
    if (!allowed.includes(raw as T)) {
      problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return def;
    }
    return raw as T;
  };

  const nodeEnv = oneOf<NodeEnv>('NODE_ENV', 'development', ['development', 'production', 'test']);
  const postgresUrl = (name: string) => {
    const v = str(name);
    if (v === undefined) return undefined;
    try {
      const u = new URL(v);
      if (!/^postgres(ql)?:$/.test(u.protocol))
        problems.push(`${name} must start with postgres:// or postgresql://`);
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return v;
  };
  const databaseUrl = postgresUrl('DATABASE_URL');
  const migrationDatabaseUrl = postgresUrl('MIGRATION_DATABASE_URL');
  if (migrationDatabaseUrl !== undefined && databaseUrl === undefined)
    problems.push(
      'MIGRATION_DATABASE_URL needs DATABASE_URL (the embedded PostgreSQL sets up its own roles)',
    );
  const jwtSecret = str('JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32)
    problems.push('JWT_SECRET must be at least 32 characters long');
  if (nodeEnv === 'production' && jwtSecret === undefined) {
    problems.push('JWT_SECRET is required when NODE_ENV=production');
  }
  const credentialSecret = str('CREDENTIAL_SECRET');
  if (credentialSecret !== undefined && credentialSecret.length < 32)
    problems.push('CREDENTIAL_SECRET must be at least 32 characters long');
  if (nodeEnv === 'production' && credentialSecret === undefined)
    problems.push('CREDENTIAL_SECRET is required when NODE_ENV=production');
  const jwtExpiresIn = str('JWT_EXPIRES_IN') ?? '8h';
  const tokenLifetimeSeconds = durationSeconds(jwtExpiresIn) ?? 0;
  if (tokenLifetimeSeconds < 1)
    problems.push(`JWT_EXPIRES_IN must look like 30m, 8h or 3600 (got "${jwtExpiresIn}")`);
  const idle = str('WEB_SESSION_IDLE') ?? '30m';
  const webSessionIdleSeconds = durationSeconds(idle) ?? 0;
  if (webSessionIdleSeconds < 2)
    problems.push(
      `WEB_SESSION_IDLE must look like 30m, 1h or 900, at least 2 seconds (got "${idle}")`,
    );
  const trustProxy = parseTrustProxy(str('TRUST_PROXY'));
  if (trustProxy.problem) problems.push(trustProxy.problem);
  // A fresh production database gets no demo accounts unless someone asks for them knowingly.
  const seedDemo = bool('SEED_DEMO', nodeEnv !== 'production');
  const allowDemoData = bool('ALLOW_DEMO_DATA', false);
  if (nodeEnv === 'production' && seedDemo && !allowDemoData)
    problems.push(
      'SEED_DEMO=true with NODE_ENV=production also needs ALLOW_DEMO_DATA=true (the demo accounts share the password "demo")',
    );
  const size = (name: string, def: string) => {
    const v = str(name) ?? def;
    if (!/^\d+(b|kb|mb)$/i.test(v))
      problems.push(`${name} must look like 512kb or 1mb (got "${v}")`);
    return v;
  };
  const bodyLimit = size('BODY_LIMIT', '1mb');
  const uploadLimit = size('UPLOAD_LIMIT', '5mb');

  const smtpUrl = str('SMTP_URL');
  const mailFrom = str('MAIL_FROM');
  const publicUrl = str('PUBLIC_URL');
  if (smtpUrl !== undefined) {
    try {
      const u = new URL(smtpUrl);
      if (!/^smtps?:$/.test(u.protocol) || !u.hostname)
        problems.push('SMTP_URL must look like smtp://user:password@host:587 or smtps://…');
    } catch {
      problems.push('SMTP_URL is not a valid URL');
    }
    if (mailFrom === undefined) problems.push('MAIL_FROM is required when SMTP_URL is set');
    if (publicUrl === undefined)
      problems.push('PUBLIC_URL is required when SMTP_URL is set (links in e-mails are absolute)');
  }
  if (
    mailFrom !== undefined &&
    !/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(mailFrom)
  )
    problems.push(`MAIL_FROM must look like noreply@example.vn or "Name <noreply@example.vn>"`);
  if (publicUrl !== undefined) {
    try {
      const u = new URL(publicUrl);
      if (!/^https?:$/.test(u.protocol) || u.search || u.hash || u.username)
        problems.push('PUBLIC_URL must be an http(s) address without query, fragment or password');
    } catch {
      problems.push('PUBLIC_URL is not a valid URL');
    }
  }
  const cron = (name: string, def: string) => {
    const v = str(name) ?? def;
    if (/^off$/i.test(v)) return null;
    if (!/^([0-9*,/-]+\s+){4}[0-9*,/-]+$/.test(v))
      problems.push(`${name} must be a cron expression of five fields (e.g. "0 7 * * *") or off`);
    return v;
  };

  const orgSlot = orgSlotConfig(env, problems);

  const config: AppConfig = {
    nodeEnv,
    port: int('PORT', 3000, 0, 65535),
    databaseUrl,
    migrationDatabaseUrl,
    dataDir: path.resolve(str('DATA_DIR') ?? './.data'),
    embeddedPgPort: int('EMBEDDED_PG_PORT', 54329, 1, 65535),
    seedDemo,
    allowDemoData,
    jwtSecret,
    jwtExpiresIn,
    tokenLifetimeSeconds,
    webSessionIdleSeconds,
    trustProxy: trustProxy.value,
    credentialSecret,
    chromiumPath: str('CHROMIUM_PATH') ?? '/usr/bin/chromium',
    logLevel: oneOf('LOG_LEVEL', 'log', ['verbose', 'debug', 'log', 'warn', 'error'] as const),
    bodyLimit,
    uploadLimit,
    loginThrottleLimit: int('LOGIN_THROTTLE_LIMIT', 10, 1, 100000),
    loginThrottleTtlSeconds: int('LOGIN_THROTTLE_TTL', 60, 1, 86400),
    loginAccountLimit: int('LOGIN_ACCOUNT_LIMIT', 20, 1, 100000),
    loginAccountWindowSeconds: int('LOGIN_ACCOUNT_WINDOW', 900, 1, 86400),
    dbPoolSize: int('DB_POOL_SIZE', 10, 1, 500),
    renderPoolSize: int('RENDER_POOL_SIZE', 3, 1, 32),
    renderQueueLimit: int('RENDER_QUEUE_LIMIT', 100, 0, 100000),
    renderTimeoutMs: int('RENDER_TIMEOUT_MS', 20000, 500, 600000),
    renderMaxDocsPerBrowser: int('RENDER_MAX_DOCS', 500, 1, 1000000),
    renderQueueTimeoutMs: int('RENDER_QUEUE_TIMEOUT_MS', 15000, 100, 600000),
    renderMaxPages: int('RENDER_MAX_PAGES', 300, 1, 100000),
    workerThreads: int('WORKER_THREADS', 2, 1, 64),
    workerTimeoutMs: int('WORKER_TIMEOUT_MS', 20000, 100, 600000),
    mail:
      smtpUrl && mailFrom && publicUrl
        ? { smtpUrl, from: mailFrom, publicUrl: publicUrl.replace(/\/+$/, '') }
        : undefined,
    remindersCron: cron('REMINDERS_CRON', '0 7 * * *'),
    digestCron: cron('DIGEST_CRON', '0 17 * * *'),
    orgSlot,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
