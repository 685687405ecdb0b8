import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AccessTokenPayload, AuthService, AuthUser } from '@app/auth';
import {
  requestCredential,
  SESSION_COOKIE,
  sessionCookieOptions,
  setRequestSession,
} from './session-credential';

/**
 * The last step of authenticating a request whose token verified: the session must be current
 * (AuthService.sessionOf); the request remembers which credential it was; a web session carried by
 * the cookie is renewed (sliding idle limit) with a new cookie on the answer.
 */
@Injectable()
export class SessionAuthenticator {
  constructor(private readonly auth: AuthService) {}

  async authenticate(req: Request, payload: AccessTokenPayload): Promise<AuthUser | null> {
    const known = await this.auth.sessionOf(payload);
    const credential = requestCredential(req);
    if (!known || !credential) return null;
    setRequestSession(req, { kind: credential.kind, payload });
    if (credential.kind === 'cookie' && req.res) {
      const renewed = this.auth.renewWebToken(payload, known);
      if (renewed) req.res.cookie(SESSION_COOKIE, renewed, sessionCookieOptions(req));
    }
    return known.user;
  }
}
