import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthUser } from '@app/auth';

export const IS_PUBLIC = 'isPublic';
/** Marks a route that needs no access token (health, login). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The authenticated user of the request. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest().user as AuthUser;
});
