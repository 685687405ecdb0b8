import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser } from '@app/auth';
import { DomainException } from '@app/common';
import { describeError } from '../http/domain-exception.filter';
import { WebContext } from './web-context';
import { WebSession } from './web-session';
import { WebViews } from './web-views';

/** A safe local path to come back to after signing in ("/reports/…"), never another site. */
export function safeNext(v: unknown): string {
  return typeof v === 'string' && /^\/(?![/\\])[^\s]*$/.test(v) && v.length < 500 ? v : '/';
}

/** The error page's heading by status (others: "Không thực hiện được yêu cầu"). */
const ERROR_HEADINGS: Record<number, string> = {
  403: 'Không có quyền truy cập',
  404: 'Không tìm thấy trang',
  500: 'Đã xảy ra lỗi hệ thống',
  503: 'Hệ thống tạm thời không phục vụ được',
};

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
    const { error, errorId } = describeError(exception);
    const status = error.status;
    if (error.details.retryAfter) res.setHeader('Retry-After', String(error.details.retryAfter));
    // The 404 of an unknown page says "page", not "address"; a server error gives its id to quote.
    const message =
      exception instanceof DomainException
        ? error.userMessage
        : status === 404
          ? 'Không tìm thấy trang hoặc dữ liệu yêu cầu.'
          : errorId && status === 500
            ? `Đã xảy ra lỗi hệ thống. Vui lòng thử lại hoặc báo cho quản trị viên kèm mã lỗi ${errorId}.`
            : error.userMessage;
    if (status >= 500) {
      this.logger.error({
        msg: 'page failed',
        errorId,
        method: req.method,
        path: req.path,
        err: String(exception),
        stack: (exception as Error)?.stack,
      });
    }
    if (exception instanceof DomainException && exception.details.retryAfter) {
      res.setHeader('Retry-After', String(exception.details.retryAfter));
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
        const next =
          req.method === 'GET' && req.path !== '/'
            ? `?next=${encodeURIComponent(req.originalUrl)}`
            : '';
        res.redirect(303, `/${next}`);
        return;
      }
      if (exception instanceof DomainException && exception.code === 'PASSWORD_CHANGE_REQUIRED') {
        res.redirect(303, '/account/password');
        return;
      }
      // An unknown address ran no guard: the session cookie, if any, still shows who is signed in.
      const user = (req.user as AuthUser | undefined) ?? (await this.session.optionalUser(req));
      const heading = ERROR_HEADINGS[status] ?? 'Không thực hiện được yêu cầu';
      this.views.send(
        res,
        'error',
        {
          ...(await this.context.base(req, user, '', heading)),
          status,
          heading,
          message,
          errorId,
        },
        status,
      );
    } catch (e) {
      this.logger.error({ msg: 'error page failed', err: String(e) });
      if (!res.headersSent) res.status(status).type('text/plain; charset=utf-8').send(message);
    }
  }
}
