import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainException, ErrorCode, ErrorCodes, FieldError } from '@app/common';

interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  errors?: FieldError[];
  errorId?: string;
  [k: string]: unknown;
}

const STATUS_DEFAULTS: Record<number, { code: ErrorCode; message: string }> = {
  400: { code: 'BAD_REQUEST', message: 'Yêu cầu không hợp lệ.' },
  401: { code: 'UNAUTHENTICATED', message: 'Bạn cần đăng nhập để tiếp tục.' },
  403: { code: 'FORBIDDEN', message: 'Bạn không có quyền thực hiện thao tác này.' },
  404: { code: 'NOT_FOUND', message: 'Không tìm thấy địa chỉ hoặc dữ liệu yêu cầu.' },
  405: { code: 'BAD_REQUEST', message: 'Phương thức không được hỗ trợ.' },
  409: { code: 'CONFLICT', message: 'Xung đột dữ liệu.' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'Dữ liệu gửi lên quá lớn.' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Định dạng dữ liệu không được hỗ trợ.' },
  422: { code: 'VALIDATION_FAILED', message: 'Dữ liệu không hợp lệ.' },
  429: { code: 'TOO_MANY_REQUESTS', message: 'Bạn thao tác quá nhiều lần. Vui lòng thử lại sau ít phút.' },
  503: { code: 'SERVICE_UNAVAILABLE', message: 'Hệ thống tạm thời không phục vụ được. Vui lòng thử lại sau.' },
};

/** Maps every error to `{statusCode, code, message, errors?}`; never a stack trace to the client. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost) {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const body = this.toBody(exception, req);
    if (res.headersSent) {
      res.end();
      return;
    }
    if (body.statusCode >= 500) {
      this.logger.error({ msg: 'request failed', errorId: body.errorId, method: req.method, path: req.path, err: String(exception), stack: (exception as Error)?.stack });
    }
    if ((body as { retryAfter?: number }).retryAfter) res.setHeader('Retry-After', String((body as { retryAfter?: number }).retryAfter));
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, req: Request): ErrorBody {
    if (exception instanceof DomainException) {
      return {
        statusCode: exception.status,
        code: exception.code,
        message: exception.userMessage,
        ...(exception.errors ? { errors: exception.errors } : {}),
        ...(exception.details.extra ?? {}),
      };
    }
    if (exception instanceof ThrottlerException) {
      return { statusCode: 429, ...STATUS_DEFAULTS[429] };
    }
    // Errors raised by Express' body parser carry a type and a status.
    const parserError = exception as { type?: string; status?: number };
    if (parserError?.type === 'entity.parse.failed') {
      return { statusCode: 400, code: 'MALFORMED_JSON', message: 'Dữ liệu JSON gửi lên không đúng cú pháp.' };
    }
    if (parserError?.type === 'entity.too.large') {
      return { statusCode: 413, ...STATUS_DEFAULTS[413] };
    }
    if (parserError?.type && parserError.status && parserError.status < 500) {
      return { statusCode: parserError.status, ...(STATUS_DEFAULTS[parserError.status] ?? STATUS_DEFAULTS[400]) };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest turns body-parser's SyntaxError into a BadRequestException carrying its message.
      if (status === 400 && /JSON/.test(exception.message)) {
        return { statusCode: 400, code: 'MALFORMED_JSON', message: 'Dữ liệu JSON gửi lên không đúng cú pháp.' };
      }
      const d = STATUS_DEFAULTS[status];
      if (d) return { statusCode: status, ...d };
      if (status < 500) return { statusCode: status, code: 'BAD_REQUEST', message: STATUS_DEFAULTS[400].message };
    }
    if (isDatabaseUnavailable(exception)) {
      return { statusCode: 503, ...STATUS_DEFAULTS[503], errorId: randomUUID() };
    }
    void req;
    return {
      statusCode: ErrorCodes.INTERNAL,
      code: 'INTERNAL',
      message: 'Đã xảy ra lỗi hệ thống. Vui lòng thử lại hoặc báo cho quản trị viên kèm mã lỗi.',
      errorId: randomUUID(),
    };
  }
}

/** Connection-level failures of PostgreSQL (server down, restarting, refused). */
export function isDatabaseUnavailable(e: unknown): boolean {
  const err = e as { code?: string; message?: string; driverError?: { code?: string } };
  const code = err?.driverError?.code ?? err?.code;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006'].includes(code)) {
    return true;
  }
  return /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(err?.message ?? '');
}
