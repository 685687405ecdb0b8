import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request, Response } from 'express';
import { AccessTokenPayload, AuthService, AuthUser, SignedIn } from '@app/auth';
import { SessionAuthenticator } from '../auth/session-authenticator';
import {
  requestCredential,
  requestSession,
  SESSION_COOKIE,
  sessionCookieOptions,
} from '../auth/session-credential';
import { RUNTIME, Runtime } from '../runtime';

/** A random value set on the sign-in page: the sign-in form's CSRF token is derived from it. */
export const LOGIN_NONCE_COOKIE = 'te_login';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const cookies = (req: Request) => (req.cookies ?? {}) as Record<string, string | undefined>;

/**
 * The web session: a JWT in an httpOnly, SameSite=Strict cookie (read by the JWT strategy when no
 * Bearer token is sent), valid WEB_SESSION_IDLE and renewed on activity up to JWT_EXPIRES_IN; and
 * CSRF tokens derived from its session id with a server key (HMAC-SHA256), so they survive the
 * renewals, and a page of another site can neither read nor forge them. No server-side session
 * store: signing out raises the user's session version.
 */
@Injectable()
export class WebSession {
  private readonly key: Buffer;

  constructor(
    @Inject(RUNTIME) runtime: Runtime,
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
    private readonly sessions: SessionAuthenticator,
  ) {
    // A key of its own, derived from the JWT secret: a CSRF token is never a valid JWT signature.
    this.key = createHmac('sha256', runtime.jwtSecret).update('te-web-csrf-v1').digest();
  }

  private mac(purpose: string, value: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\u0000${value}`).digest('base64url');
  }

  /** The CSRF token of a session (the same for every form and fetch of that session, renewals included). */
  csrfToken(sessionId: string): string {
    return this.mac('session', sessionId);
  }

  /** The CSRF token of the sign-in form, bound to the sign-in nonce cookie. */
  loginCsrfToken(nonce: string): string {
    return this.mac('login', nonce);
  }

  /** Constant-time comparison of a presented token with the expected one. */
  static same(expected: string, given: unknown): boolean {
    if (typeof given !== 'string' || given.length === 0) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** The CSRF token of the session that the cookie authenticated, or '' when the cookie did not. */
  csrfFor(req: Request): string {
    const session = requestSession(req);
    return session?.kind === 'cookie' ? this.csrfToken(session.payload.sid) : '';
  }

  /** Whether `given` is the CSRF token of the session that the cookie authenticated. */
  checkCsrf(req: Request, given: unknown): boolean {
    const session = requestSession(req);
    return (
      session?.kind === 'cookie' && WebSession.same(this.csrfToken(session.payload.sid), given)
    );
  }

  /** The signed-in user of a page that is also shown signed out (GET /), or null. */
  async optionalUser(req: Request): Promise<AuthUser | null> {
    const credential = requestCredential(req);
    if (credential?.kind !== 'cookie') return null;
    try {
      const payload = this.jwt.verify<AccessTokenPayload>(credential.token, {
        algorithms: ['HS256'],
      });
      return await this.sessions.authenticate(req, payload);
    } catch {
      return null;
    }
  }

  /** Signs the user in: a new web session in the session cookie (a browser-session cookie; the token itself expires). */
  signIn(req: Request, res: Response, signedIn: SignedIn) {
    res.cookie(SESSION_COOKIE, this.auth.issueToken(signedIn, 'web'), sessionCookieOptions(req));
    res.clearCookie(LOGIN_NONCE_COOKIE, sessionCookieOptions(req));
  }

  /** Forgets the cookie of this browser (signing out also ends the user's sessions: AuthService.endSessions). */
  signOut(req: Request, res: Response) {
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
  }

  /** The sign-in nonce of this browser, set now if it has none; returns the form's CSRF token. */
  loginToken(req: Request, res: Response): string {
    let nonce = cookies(req)[LOGIN_NONCE_COOKIE];
    if (!nonce || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) {
      nonce = randomBytes(24).toString('base64url');
      res.cookie(LOGIN_NONCE_COOKIE, nonce, sessionCookieOptions(req));
    }
    return this.loginCsrfToken(nonce);
  }

  /** Whether the sign-in form's token matches this browser's nonce. */
  checkLoginToken(req: Request, given: unknown): boolean {
    const nonce = cookies(req)[LOGIN_NONCE_COOKIE];
    return !!nonce && WebSession.same(this.loginCsrfToken(nonce), given);
  }
}
