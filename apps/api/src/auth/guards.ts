import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AuthErrors, sessionInvalid } from '@app/auth';
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

/** Checks the credentials of POST /api/auth/login with the local strategy. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override canActivate(context: ExecutionContext) {
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
    return super.canActivate(context);
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err;
    if (!user) throw AuthErrors.INVALID_CREDENTIALS();
    return user;
  }
}

/** Login attempts are counted per client address and user name, so one attacker cannot lock everyone out. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  // The parent's signature: the request as Express gives it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const username =
      typeof req.body?.username === 'string' ? req.body.username.toLowerCase().slice(0, 64) : '';
    return `${req.ip}|${username}`;
  }
}
