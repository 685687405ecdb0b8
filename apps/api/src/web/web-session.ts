import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { CookieOptions, Request, Response } from 'express';
import { AccessTokenPayload, AuthService, AuthUser } from '@app/auth';
import { SESSION_COOKIE } from '../auth/jwt.strategy';
import { RUNTIME, Runtime } from '../runtime';

/** A random value set on the sign-in page: the sign-in form's CSRF token is derived from it. */
export const LOGIN_NONCE_COOKIE = 'te_login';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const cookies = (req: Request) => (req.cookies ?? {}) as Record<string, string | undefined>;

/**
 * The web session: the API's JWT in an httpOnly, SameSite=Strict cookie (read by the JWT strategy
 * like a bearer token), and CSRF tokens derived from it with a server key (HMAC-SHA256), so a page of
 * another site can neither read nor forge them and no server-side session store is needed.
 */
@Injectable()
export class WebSession {
  private readonly key: Buffer;

  constructor(
    @Inject(RUNTIME) runtime: Runtime,
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
  ) {
    // A key of its own, derived from the JWT secret: a CSRF token is never a valid JWT signature.
    this.key = createHmac('sha256', runtime.jwtSecret).update('te-web-csrf-v1').digest();
  }

  private mac(purpose: string, value: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\u0000${value}`).digest('base64url');
  }

  /** The CSRF token of a session (the same for every form and fetch of that session). */
  csrfToken(sessionToken: string): string {
    return this.mac('session', sessionToken);
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

  /** The session token when the request is authenticated by the cookie (no Authorization header). */
  cookieToken(req: Request): string | undefined {
    if (req.headers.authorization) return undefined;
    const t = cookies(req)[SESSION_COOKIE];
    return t ? t : undefined;
  }

  /** The CSRF token for the request's session cookie, or '' when there is none. */
  csrfFor(req: Request): string {
    const t = cookies(req)[SESSION_COOKIE];
    return t ? this.csrfToken(t) : '';
  }

  /** The signed-in user of a page that is also shown signed out (GET /), or null. */
  async optionalUser(req: Request): Promise<AuthUser | null> {
    const token = this.cookieToken(req);
    if (!token) return null;
    try {
      const payload = this.jwt.verify<AccessTokenPayload>(token, { algorithms: ['HS256'] });
      return await this.auth.userForToken(payload);
    } catch {
      return null;
    }
  }

  private cookieOptions(req: Request): CookieOptions {
    // Secure only over https (behind a trusted proxy too), so the demo on http://localhost works.
    return { httpOnly: true, sameSite: 'strict', path: '/', secure: req.secure };
  }

  /** Signs the user in: the access token in the session cookie (a browser-session cookie; the token itself expires). */
  signIn(req: Request, res: Response, user: AuthUser) {
    res.cookie(SESSION_COOKIE, this.auth.issueToken(user), this.cookieOptions(req));
    res.clearCookie(LOGIN_NONCE_COOKIE, this.cookieOptions(req));
  }

  signOut(req: Request, res: Response) {
    res.clearCookie(SESSION_COOKIE, this.cookieOptions(req));
  }

  /** The sign-in nonce of this browser, set now if it has none; returns the form's CSRF token. */
  loginToken(req: Request, res: Response): string {
    let nonce = cookies(req)[LOGIN_NONCE_COOKIE];
    if (!nonce || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) {
      nonce = randomBytes(24).toString('base64url');
      res.cookie(LOGIN_NONCE_COOKIE, nonce, this.cookieOptions(req));
    }
    return this.loginCsrfToken(nonce);
  }

  /** Whether the sign-in form's token matches this browser's nonce. */
  checkLoginToken(req: Request, given: unknown): boolean {
    const nonce = cookies(req)[LOGIN_NONCE_COOKIE];
    return !!nonce && WebSession.same(this.loginCsrfToken(nonce), given);
  }
}
