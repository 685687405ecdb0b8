import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthErrors, AuthUser } from '@app/auth';

const ALLOWED_KEY = 'allowedBeforePasswordChange';
/** The route stays open to a user who still has a one-time password (changing it, who am I, signing out). */
export const AllowBeforePasswordChange = () => SetMetadata(ALLOWED_KEY, true);

/**
 * Global, after the JWT guard: a user signed in with a one-time password may only change it; every
 * other route answers 403 PASSWORD_CHANGE_REQUIRED (the pages send them to the change form).
 */
@Injectable()
export class PasswordChangeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest().user as AuthUser | undefined;
    if (!user?.passwordChangeRequired) return true;
    if (
      this.reflector.getAllAndOverride<boolean>(ALLOWED_KEY, [
        context.getHandler(),
        context.getClass(),
      ])
    )
      return true;
    throw AuthErrors.PASSWORD_CHANGE_REQUIRED();
  }
}
