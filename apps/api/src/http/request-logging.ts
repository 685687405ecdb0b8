import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, LoggerService } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from '@app/config';

export const REQUEST_ID_HEADER = 'X-Request-Id';

const PINO_LEVELS: Record<AppConfig['logLevel'], pino.Level> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
};

/** Options shared by the request logger and the logger of start-up (before the application exists). */
export function pinoOptions(level: AppConfig['logLevel']): pino.LoggerOptions {
  return {
    level: PINO_LEVELS[level],
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    base: { pid: process.pid },
  };
}

/** A request id from a trusted-looking client header (a proxy's), else a new one. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id =
    typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/**
 * Structured logs (pino, JSON lines): every line written while a request is served carries its
 * `requestId`, which is also sent back in `X-Request-Id` (and in the body of a 500). One line per
 * request when it ends: method, path, status, time, user. Headers, cookies and query strings are
 * never logged.
 */
export function requestLogging(level: AppConfig['logLevel']): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      ...pinoOptions(level),
      genReqId: requestId,
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'requestId', responseTime: 'ms' },
      customProps: (req) => ({
        userId: (req as IncomingMessage & { user?: { id?: string } }).user?.id,
      }),
      customSuccessMessage: () => 'request',
      customErrorMessage: () => 'request',
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          method: req.method,
          path: String(req.url).split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
        // A failed request's error is logged once, with its stack and errorId, by the exception filter.
        err: () => undefined,
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    },
  });
}

/** Nest's own start-up messages: modules loaded, routes mapped, application started. */
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/**
 * The application's logger with Nest's start-up chatter (a line per module and per route, about a
 * hundred) moved from `log` to `debug`: LOG_LEVEL=debug still shows it, the default start is quiet.
 * Everything else passes through unchanged.
 */
export class QuietFrameworkLogger implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...rest: unknown[]) {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context))
      this.inner.debug?.(message, ...rest);
    else this.inner.log(message, ...rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.inner.error(message, ...rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.inner.warn(message, ...rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.inner.debug?.(message, ...rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.inner.verbose?.(message, ...rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    (this.inner.fatal ?? this.inner.error).call(this.inner, message, ...rest);
  }
}
