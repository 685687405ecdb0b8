import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { CommonErrors, DomainException, FieldError } from '@app/common';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: FieldError[];
  /** How many problems there were: `errors` lists the first 100. */
  errorCount?: number;
  errorId?: string;
  requestId?: string;
  [k: string]: unknown;
}

/** The answer of a framework-level refusal (unknown route, wrong method, body parser). */
const STATUS_DEFAULTS: Record<number, () => DomainException> = {
  400: () => CommonErrors.BAD_REQUEST({}),
  401: () => CommonErrors.UNAUTHENTICATED({}),
  403: () => CommonErrors.FORBIDDEN({}),
  404: () => CommonErrors.NOT_FOUND({ message: 'Không tìm thấy địa chỉ hoặc dữ liệu yêu cầu.' }),
  405: () => CommonErrors.BAD_REQUEST({ message: 'Phương thức không được hỗ trợ.' }),
  413: () => CommonErrors.PAYLOAD_TOO_LARGE({}),
  415: () => CommonErrors.UNSUPPORTED_MEDIA_TYPE(),
  422: () => CommonErrors.VALIDATION_FAILED({}),
  429: () => CommonErrors.TOO_MANY_REQUESTS({}),
  503: () => CommonErrors.SERVICE_UNAVAILABLE({}),
};

/** What an error means to the client: a DomainException as it is, anything else mapped to one. 500s get an error id. */
export function describeError(exception: unknown): { error: DomainException; errorId?: string } {
  if (exception instanceof DomainException)
    return { error: exception, errorId: exception.status >= 500 ? randomUUID() : undefined };
  if (exception instanceof ThrottlerException) return { error: CommonErrors.TOO_MANY_REQUESTS({}) };
  // Errors raised by Express' body parser carry a type and a status.
  const parserError = exception as { type?: string; status?: number };
  if (parserError?.type === 'entity.parse.failed') return { error: CommonErrors.MALFORMED_JSON() };
  if (parserError?.type === 'entity.too.large')
    return { error: CommonErrors.PAYLOAD_TOO_LARGE({}) };
  if (parserError?.type && parserError.status && parserError.status < 500)
    return { error: (STATUS_DEFAULTS[parserError.status] ?? STATUS_DEFAULTS[400])() };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    // Nest turns body-parser's SyntaxError into a BadRequestException carrying its message.
    if (status === 400 && /JSON/.test(exception.message))
      return { error: CommonErrors.MALFORMED_JSON() };
    if (STATUS_DEFAULTS[status]) return { error: STATUS_DEFAULTS[status]() };
    if (status < 500) return { error: CommonErrors.BAD_REQUEST({}) };
  }
  if (isDatabaseUnavailable(exception))
    return { error: CommonErrors.SERVICE_UNAVAILABLE({}), errorId: randomUUID() };
  return { error: CommonErrors.INTERNAL(), errorId: randomUUID() };
}

/** Maps every error to `{statusCode, code, message, errors?}`; never a stack trace to the client. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost) {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    if (res.headersSent) {
      res.end();
      return;
    }
    const { error, errorId } = describeError(exception);
    const requestId = (req as { id?: unknown }).id;
    const body: ErrorBody = {
      statusCode: error.status,
      code: error.code,
      message: error.userMessage,
      ...(error.errors ? { errors: error.errors, errorCount: error.errorCount } : {}),
      ...(error.details.extra ?? {}),
      ...(errorId ? { errorId, ...(requestId ? { requestId: String(requestId) } : {}) } : {}),
    };
    if (error.status >= 500) {
      this.logger.error({
        msg: 'request failed',
        errorId,
        method: req.method,
        path: req.path,
        err: String(exception),
        stack: (exception as Error)?.stack,
      });
    }
    if (error.details.retryAfter) res.setHeader('Retry-After', String(error.details.retryAfter));
    res.status(error.status).json(body);
  }
}

/** Connection-level failures of PostgreSQL (server down, restarting, refused). */
export function isDatabaseUnavailable(e: unknown): boolean {
  const err = e as { code?: string; message?: string; driverError?: { code?: string } };
  const code = err?.driverError?.code ?? err?.code;
  if (
    code &&
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      '57P01',
      '57P02',
      '57P03',
      '08000',
      '08001',
      '08003',
      '08006',
    ].includes(code)
  ) {
    return true;
  }
  return /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
    err?.message ?? '',
  );
}
