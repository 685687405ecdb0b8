import * as path from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';

/** Everything the server reads from its environment, validated once at boot. */
export interface AppConfig {
  nodeEnv: NodeEnv;
  port: number;
  /** External PostgreSQL; when absent the embedded server is started. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  seedDemo: boolean;
  /** Secret; never logged. Absent only when it will be generated in DATA_DIR (embedded mode). */
  jwtSecret?: string;
  jwtExpiresIn: string;
  /** Secret; encrypts the stored signing certificates. Absent only when it is generated in DATA_DIR. */
  credentialSecret?: string;
  chromiumPath: string;
  logLevel: 'verbose' | 'debug' | 'log' | 'warn' | 'error';
  bodyLimit: string;
  uploadLimit: string;
  loginThrottleLimit: number;
  loginThrottleTtlSeconds: number;
  dbPoolSize: number;
  renderPoolSize: number;
  renderQueueLimit: number;
  renderTimeoutMs: number;
  renderMaxDocsPerBrowser: number;
  /** Worker threads parsing, decoding and verifying uploads (PDF, Excel, images). */
  workerThreads: number;
  /** Time limit of one such job; past it → 422 and the thread is replaced. */
  workerTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The configuration table of the README, as data: name, default, meaning, secret or not. */
export const CONFIG_VARIABLES = [
  {
    name: 'PORT',
    default: '3000',
    secret: false,
    meaning: 'HTTP port of the API and the web pages',
  },
  {
    name: 'DATABASE_URL',
    default: '(none)',
    secret: true,
    meaning: 'postgres://… of an external PostgreSQL; without it the embedded server starts',
  },
  {
    name: 'DATA_DIR',
    default: './.data',
    secret: false,
    meaning: 'embedded PostgreSQL data and the generated JWT secret',
  },
  {
    name: 'EMBEDDED_PG_PORT',
    default: '54329',
    secret: false,
    meaning: 'port of the embedded PostgreSQL',
  },
  {
    name: 'SEED_DEMO',
    default: 'true',
    secret: false,
    meaning: 'load the demo data into an empty database',
  },
  {
    name: 'JWT_SECRET',
    default: '(generated in DATA_DIR)',
    secret: true,
    meaning:
      'signing key of access tokens (at least 32 characters); required with NODE_ENV=production',
  },
  {
    name: 'CREDENTIAL_SECRET',
    default: '(generated in DATA_DIR)',
    secret: true,
    meaning:
      'encrypts the stored signing certificates (PKCS#12) and their passwords; at least 32 characters; required with NODE_ENV=production',
  },
  {
    name: 'JWT_EXPIRES_IN',
    default: '8h',
    secret: false,
    meaning: 'lifetime of an access token (e.g. 30m, 8h)',
  },
  {
    name: 'CHROMIUM_PATH',
    default: '/usr/bin/chromium',
    secret: false,
    meaning: 'Chromium used to render PDFs',
  },
  {
    name: 'LOG_LEVEL',
    default: 'log',
    secret: false,
    meaning: 'verbose, debug, log, warn or error',
  },
  {
    name: 'BODY_LIMIT',
    default: '1mb',
    secret: false,
    meaning: 'largest JSON body accepted (larger → 413)',
  },
  {
    name: 'UPLOAD_LIMIT',
    default: '5mb',
    secret: false,
    meaning: 'largest uploaded file (Excel workbook, PDF to verify); larger → 413',
  },
  {
    name: 'LOGIN_THROTTLE_LIMIT',
    default: '10',
    secret: false,
    meaning: 'login attempts per client address and user name per window',
  },
  {
    name: 'LOGIN_THROTTLE_TTL',
    default: '60',
    secret: false,
    meaning: 'length of the login throttle window in seconds',
  },
  {
    name: 'DB_POOL_SIZE',
    default: '10',
    secret: false,
    meaning: 'PostgreSQL connections per process',
  },
  {
    name: 'RENDER_POOL_SIZE',
    default: '2',
    secret: false,
    meaning: 'Chromium pages rendering PDFs at the same time',
  },
  {
    name: 'RENDER_QUEUE_LIMIT',
    default: '100',
    secret: false,
    meaning: 'renders waiting for a page; more → 429',
  },
  {
    name: 'RENDER_TIMEOUT_MS',
    default: '20000',
    secret: false,
    meaning: 'time limit of one render; past it → 503',
  },
  {
    name: 'RENDER_MAX_DOCS',
    default: '500',
    secret: false,
    meaning: 'documents rendered before the browser is replaced',
  },
  {
    name: 'WORKER_THREADS',
    default: '2',
    secret: false,
    meaning: 'worker threads parsing uploads (PDF to verify, Excel, signature images)',
  },
  {
    name: 'WORKER_TIMEOUT_MS',
    default: '20000',
    secret: false,
    meaning: 'time limit of one such job; past it → 422 and the thread is replaced',
  },
  {
    name: 'NODE_ENV',
    default: 'development',
    secret: false,
    meaning: 'development, test or production',
  },
] as const;

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
  const databaseUrl = str('DATABASE_URL');
  if (databaseUrl !== undefined) {
    try {
      const u = new URL(databaseUrl);
      if (!/^postgres(ql)?:$/.test(u.protocol))
        problems.push('DATABASE_URL must start with postgres:// or postgresql://');
    } catch {
      problems.push('DATABASE_URL is not a valid URL');
    }
  }
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
  if (!/^\d+[smhd]?$/.test(jwtExpiresIn))
    problems.push(`JWT_EXPIRES_IN must look like 30m, 8h or 3600 (got "${jwtExpiresIn}")`);
  const size = (name: string, def: string) => {
    const v = str(name) ?? def;
    if (!/^\d+(b|kb|mb)$/i.test(v))
      problems.push(`${name} must look like 512kb or 1mb (got "${v}")`);
    return v;
  };
  const bodyLimit = size('BODY_LIMIT', '1mb');
  const uploadLimit = size('UPLOAD_LIMIT', '5mb');

  const config: AppConfig = {
    nodeEnv,
    port: int('PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(str('DATA_DIR') ?? './.data'),
    embeddedPgPort: int('EMBEDDED_PG_PORT', 54329, 1, 65535),
    seedDemo: bool('SEED_DEMO', true),
    jwtSecret,
    jwtExpiresIn,
    credentialSecret,
    chromiumPath: str('CHROMIUM_PATH') ?? '/usr/bin/chromium',
    logLevel: oneOf('LOG_LEVEL', 'log', ['verbose', 'debug', 'log', 'warn', 'error'] as const),
    bodyLimit,
    uploadLimit,
    loginThrottleLimit: int('LOGIN_THROTTLE_LIMIT', 10, 1, 100000),
    loginThrottleTtlSeconds: int('LOGIN_THROTTLE_TTL', 60, 1, 86400),
    dbPoolSize: int('DB_POOL_SIZE', 10, 1, 500),
    renderPoolSize: int('RENDER_POOL_SIZE', 2, 1, 32),
    renderQueueLimit: int('RENDER_QUEUE_LIMIT', 100, 0, 100000),
    renderTimeoutMs: int('RENDER_TIMEOUT_MS', 20000, 500, 600000),
    renderMaxDocsPerBrowser: int('RENDER_MAX_DOCS', 500, 1, 1000000),
    workerThreads: int('WORKER_THREADS', 2, 1, 64),
    workerTimeoutMs: int('WORKER_TIMEOUT_MS', 20000, 100, 600000),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
