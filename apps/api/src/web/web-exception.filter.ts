import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { AuthUser } from '@app/auth';
import { DomainException } from '@app/common';
import { isDatabaseUnavailable } from '../http/domain-exception.filter';
import { WebContext } from './web-context';
import { WebSession } from './web-session';
import { WebViews } from './web-views';

const MESSAGES: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ.',
  401: 'Bạn cần đăng nhập để tiếp tục.',
  403: 'Bạn không có quyền thực hiện thao tác này.',
  404: 'Không tìm thấy trang hoặc dữ liệu yêu cầu.',
  409: 'Xung đột dữ liệu.',
  413: 'Dữ liệu gửi lên quá lớn.',
  422: 'Dữ liệu không hợp lệ.',
  429: 'Bạn thao tác quá nhiều lần. Vui lòng thử lại sau ít phút.',
  503: 'Hệ thống tạm thời không phục vụ được. Vui lòng thử lại sau.',
};

/** A safe local path to come back to after signing in ("/reports/…"), never another site. */
export function safeNext(v: unknown): string {
  return typeof v === 'string' && /^\/(?![/\\])[^\s]*$/.test(v) && v.length < 500 ? v : '/';
}

/**
 * Errors of the web pages as pages: not signed in (or session expired) → back to the sign-in page;
 * everything else → an error page in Vietnamese with the status; the API keeps its JSON errors.
 */
@Catch()
@Injectable()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Web');

  constructor(
    private readonly views: WebViews,
    private readonly session: WebSession,
    private readonly context: WebContext,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.end();
      return;
    }
    const { status, message, errorId } = this.describe(exception);
    if (status >= 500) {
      this.logger.error({ msg: 'page failed', errorId, method: req.method, path: req.path, err: String(exception), stack: (exception as Error)?.stack });
    }
    try {
      if (req.path === '/login' && req.method === 'POST') {
        const body = (req.body ?? {}) as Record<string, unknown>;
        this.views.send(
          res,
          'login',
          {
            ...(await this.context.base(req, null, 'login', 'Đăng nhập')),
            loginCsrf: this.session.loginToken(req, res),
            username: typeof body.username === 'string' ? body.username : '',
            next: safeNext(body.next),
            error: message,
          },
          status,
        );
        return;
      }
      if (status === 401) {
        this.session.signOut(req, res);
        const next = req.method === 'GET' && req.path !== '/' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
        res.redirect(303, `/${next}`);
        return;
      }
      const user = (req.user as AuthUser | undefined) ?? null;
      this.views.send(res, 'error', { ...(await this.context.base(req, user, '', 'Lỗi')), status, message, errorId }, status);
    } catch (e) {
      this.logger.error({ msg: 'error page failed', err: String(e) });
      if (!res.headersSent) res.status(status).type('text/plain; charset=utf-8').send(message);
    }
  }

  private describe(exception: unknown): { status: number; message: string; errorId?: string } {
    if (exception instanceof DomainException) return { status: exception.status, message: exception.userMessage };
    if (exception instanceof ThrottlerException) return { status: 429, message: MESSAGES[429] };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status < 500) return { status, message: MESSAGES[status] ?? MESSAGES[400] };
    }
    if (isDatabaseUnavailable(exception)) return { status: 503, message: MESSAGES[503], errorId: randomUUID() };
    const errorId = randomUUID();
    return { status: 500, message: `Đã xảy ra lỗi hệ thống. Vui lòng thử lại hoặc báo cho quản trị viên kèm mã lỗi ${errorId}.`, errorId };
  }
}
