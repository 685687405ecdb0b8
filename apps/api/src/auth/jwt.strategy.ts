import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Request } from 'express';
import { AccessTokenPayload, AuthService, AuthUser } from '@app/auth';
import { jwtKey, RUNTIME, Runtime } from '../runtime';

export const SESSION_COOKIE = 'te_session';

/** Bearer token for the API; the same token in an httpOnly cookie for the web pages. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly auth: AuthService,
    @Inject(RUNTIME) runtime: Runtime,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromExtractors([
        ExtractJwt.fromAuthHeaderAsBearerToken(),
        (req: Request) =>
          (req?.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE] ?? null,
      ]),
      secretOrKey: jwtKey(runtime) as never,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: AccessTokenPayload): Promise<AuthUser | false> {
    return (await this.auth.userForToken(payload)) ?? false;
  }
}
