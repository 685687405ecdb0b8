import type { CookieOptions, Request } from 'express';
import { ExtractJwt } from 'passport-jwt';
import type { AccessTokenPayload } from '@app/auth';

export const SESSION_COOKIE = 'te_session';

/** How a request proved who it is. */
export type CredentialKind = 'bearer' | 'cookie';

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * The credential that authenticates the request: the Bearer token of the Authorization header when
 * it carries one, else the session cookie (whatever other Authorization header there is: `Basic …`
 * does not hide the cookie). The JWT strategy reads its token here and the CSRF guard asks which
 * one it was, so they cannot disagree.
 */
export function requestCredential(req: Request): { kind: CredentialKind; token: string } | null {
  const bearer = bearerToken(req);
  if (bearer) return { kind: 'bearer', token: bearer };
  const cookie = (req.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE];
  return cookie ? { kind: 'cookie', token: cookie } : null;
}

/** The session that authenticated a request (set once its token was verified and found current). */
export interface RequestSession {
  kind: CredentialKind;
  payload: AccessTokenPayload;
}

const SESSION = Symbol('session');
type WithSession = Request & { [SESSION]?: RequestSession };

export function setRequestSession(req: Request, session: RequestSession): void {
  (req as WithSession)[SESSION] = session;
}

export function requestSession(req: Request): RequestSession | undefined {
  return (req as WithSession)[SESSION];
}

/** The session cookie: httpOnly, SameSite=Strict, Secure over https (behind a trusted proxy too). */
export function sessionCookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: req.secure };
}
