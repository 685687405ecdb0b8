import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { defineErrors } from '@app/common';
import { IS_PUBLIC } from '../auth/public.decorator';
import { requestSession } from '../auth/session-credential';
import { CSRF_FIELD, CSRF_HEADER, WebSession } from './web-session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const WEB_LOGIN_PATH = '/login';

/** Errors of the web session. */
export const WebErrors = defineErrors('web', {
  CSRF_TOKEN_INVALID: {
    status: 403,
    message:
      'Yêu cầu không hợp lệ hoặc trang đã mở quá lâu (thiếu mã bảo vệ CSRF). Vui lòng tải lại trang rồi thử lại.',
  },
});

/**
 * Global: every state-changing request that the browser's session cookie authenticates must carry
 * the session's CSRF token (form field `_csrf` or header `x-csrf-token`), else 403.
 * - web pages (not /api): always (the sign-in form carries the token of its nonce cookie);
 * - /api: whenever the cookie is what authenticated it — as the JWT strategy recorded, whatever
 *   other headers came along (an `Authorization: Basic …` does not count); Bearer calls cannot be
 *   forged by another site and are unaffected.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly session: WebSession,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method)) return true;
    const given =
      (req.headers[CSRF_HEADER] as string | undefined) ??
      (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    const isApi = req.path === '/api' || req.path.startsWith('/api/');
    if (!isApi && req.path === WEB_LOGIN_PATH) {
      if (this.session.checkLoginToken(req, given)) return true;
      throw WebErrors.CSRF_TOKEN_INVALID({
        logMessage: 'CSRF token missing or wrong (sign-in form)',
      });
    }
    if (isApi) {
      const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
        context.getHandler(),
        context.getClass(),
      ]);
      // Public routes authenticate nobody; the JWT guard before this one refused the rest without a session.
      if (isPublic || requestSession(req)?.kind !== 'cookie') return true;
    }
    if (this.session.checkCsrf(req, given)) return true;
    throw WebErrors.CSRF_TOKEN_INVALID({ logMessage: 'CSRF token missing or wrong' });
  }
}
