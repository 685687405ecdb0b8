import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import type { Request } from 'express';
import { AccessTokenPayload, AuthUser } from '@app/auth';
import { jwtKey, RUNTIME, Runtime } from '../runtime';
import { SessionAuthenticator } from './session-authenticator';
import { requestCredential } from './session-credential';

export { SESSION_COOKIE } from './session-credential';

/**
 * Bearer token for the API; the same kind of token in an httpOnly cookie for the web pages. The
 * signature and expiry are checked here; the claims and the session version by SessionAuthenticator.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly sessions: SessionAuthenticator,
    @Inject(RUNTIME) runtime: Runtime,
  ) {
    super({
      jwtFromRequest: (req: Request) => requestCredential(req)?.token ?? null,
      secretOrKey: jwtKey(runtime) as never,
      algorithms: ['HS256'],
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  async validate(req: Request, payload: AccessTokenPayload): Promise<AuthUser | false> {
    return (await this.sessions.authenticate(req, payload)) ?? false;
  }
}
