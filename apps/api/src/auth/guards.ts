import { createHash } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AuthErrors, loginKey, sessionInvalid } from '@app/auth';
import { IS_PUBLIC } from './public.decorator';

/** Global: every route needs a valid access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    return super.canActivate(context);
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err;
    if (!user) throw sessionInvalid();
    return user;
  }
}

/**
 * POST /api/auth/login: both fields must be strings (else 422 naming the missing ones). The
 * credentials themselves are checked by AuthService after the throttle has counted the attempt.
 */
@Injectable()
export class LoginBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const body = context.switchToHttp().getRequest().body;
    if (
      !body ||
      typeof body !== 'object' ||
      typeof body.username !== 'string' ||
      typeof body.password !== 'string'
    ) {
      throw AuthErrors.CREDENTIALS_MISSING({
        errors: [
          ...(typeof body?.username !== 'string'
            ? [{ field: 'username', message: 'Chưa nhập tên đăng nhập.' }]
            : []),
          ...(typeof body?.password !== 'string'
            ? [{ field: 'password', message: 'Chưa nhập mật khẩu.' }]
            : []),
        ],
      });
    }
    return true;
  }
}

/**
 * Sign-in attempts per client address and user name, so one client cannot guess fast and cannot
 * lock everyone out. The user name is folded as sign-in looks it up (`loginKey`: trimmed, NFC,
 * lower-cased), and the web form and the API count in one bucket (the default key would name the
 * controller and the handler). The client address is the socket's unless TRUST_PROXY names the
 * proxy. The per-account limit, whatever the address, is AuthService's (LoginBackoff).
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  // The parent's signature: the request as Express gives it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const username = typeof req.body?.username === 'string' ? loginKey(req.body.username) : '';
    return `${req.ip}|${username}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string) {
    return createHash('sha256').update(`sign-in|${name}|${tracker}`).digest('hex');
  }
}
