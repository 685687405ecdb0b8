import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AUTH_OPTIONS, AuthOptions } from './auth-options';
import { AuthErrors } from './auth.errors';
import { AuthUser } from './auth-user';
import { LoginBackoff } from './login-backoff';
import { hasControlCharacter, loginKey, loginName } from './login-name';
import { dummyPasswordHash, verifyPassword } from './password';
import { KnownUser, RecentUsers } from './recent-users';
import { UsersRepository, toAuthUser } from './users.repository';

export interface AccessTokenPayload {
  sub: string;
  username: string;
  orgUnitId: string;
  roles: string[];
  /** The session: one per sign-in, kept when a web session is renewed (its CSRF token derives from it). */
  sid: string;
  /** The user's session version when the token was issued; an older one than the user's is refused. */
  sv: number;
  /** This token's own id. */
  jti: string;
  iat: number;
  /** Required: a token without it is refused. */
  exp: number;
  /** Web sessions only: when the user signed in (seconds); renewals never go past it + JWT_EXPIRES_IN. */
  auth_time?: number;
}

/** A successful sign-in: the user, and the session version their tokens are issued under. */
export interface SignedIn {
  user: AuthUser;
  sessionVersion: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const randomId = () => randomBytes(12).toString('base64url');

/** Whether a verified token carries every claim a session needs (an `exp` above all). */
function isAccessToken(p: unknown): p is AccessTokenPayload {
  const t = p as Partial<AccessTokenPayload> | null;
  return (
    !!t &&
    typeof t.sub === 'string' &&
    UUID.test(t.sub) &&
    typeof t.sid === 'string' &&
    t.sid.length > 0 &&
    t.sid.length <= 32 &&
    Number.isInteger(t.sv) &&
    typeof t.jti === 'string' &&
    t.jti.length > 0 &&
    Number.isInteger(t.iat) &&
    Number.isInteger(t.exp) &&
    t.exp! > t.iat! &&
    (t.auth_time === undefined || Number.isInteger(t.auth_time))
  );
}

/**
 * Signing in and sessions. A token names its session (`sid`), its own id (`jti`), the user's
 * session version and an expiry; every request checks the version against the user's, which
 * signing out, deactivation, a password change or reset raise — so those end the tokens at once.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly recent: RecentUsers,
    private readonly backoff: LoginBackoff,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  /**
   * The same answer, after the same work, for an unknown user and a wrong password. The user name
   * is folded (`loginName`) exactly as the limits count it; the password is compared as typed.
   */
  async validateCredentials(username: string, password: string): Promise<SignedIn> {
    const key = loginKey(username);
    await this.backoff.attempt(key);
    const name = loginName(username);
    const user =
      name && name.length <= 64 && !hasControlCharacter(name)
        ? await this.users.findByUsername(name)
        : null;
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !ok || !user.active) {
      throw AuthErrors.INVALID_CREDENTIALS();
    }
    await this.backoff.succeeded(key);
    return { user: toAuthUser(user), sessionVersion: user.sessionVersion };
  }

  /**
   * A signed token: an API token lives JWT_EXPIRES_IN; a web token WEB_SESSION_IDLE, renewed on
   * activity up to JWT_EXPIRES_IN after signing in. `session` continues an existing web session.
   */
  issueToken(
    signedIn: SignedIn,
    kind: 'api' | 'web',
    session?: { sid: string; authTime: number },
  ): string {
    const { user } = signedIn;
    const now = nowSeconds();
    const authTime = session?.authTime ?? now;
    const end = authTime + this.options.tokenLifetimeSeconds;
    const payload: AccessTokenPayload = {
      sub: user.id,
      username: user.username,
      orgUnitId: user.orgUnitId,
      roles: user.roles,
      sid: session?.sid ?? randomId(),
      sv: signedIn.sessionVersion,
      jti: randomId(),
      iat: now,
      exp: kind === 'web' ? Math.min(now + this.options.webSessionIdleSeconds, end) : end,
      ...(kind === 'web' ? { auth_time: authTime } : {}),
    };
    return this.jwt.sign(payload);
  }

  /**
   * The user of a verified token when its session is current: every claim present, the user active,
   * its session version the user's (or the one session a password change kept). Checked on every
   * request from the RecentUsers cache.
   */
  async sessionOf(payload: unknown): Promise<KnownUser | null> {
    if (!isAccessToken(payload)) return null;
    const known = await this.known(payload.sub);
    if (!known) return null;
    const current =
      payload.sv === known.sessionVersion ||
      (payload.sid === known.keptSession && payload.sv === known.sessionVersion - 1);
    return current ? known : null;
  }

  async userForToken(payload: unknown): Promise<AuthUser | null> {
    return (await this.sessionOf(payload))?.user ?? null;
  }

  /**
   * A fresh token for a web session seen now, or null when none is due (issued less than a minute
   * ago, or already at its absolute end): same session, a new idle limit, never past
   * `auth_time` + JWT_EXPIRES_IN.
   */
  renewWebToken(payload: AccessTokenPayload, known: KnownUser): string | null {
    if (payload.auth_time === undefined) return null;
    const end = payload.auth_time + this.options.tokenLifetimeSeconds;
    const due = Math.min(60, Math.floor(this.options.webSessionIdleSeconds / 2));
    if (payload.exp >= end || nowSeconds() - payload.iat < due) return null;
    return this.issueToken(known, 'web', { sid: payload.sid, authTime: payload.auth_time });
  }

  /** Signing out: every token of the user stops working with the next request, in this process at once. */
  async endSessions(userId: string): Promise<void> {
    try {
      await this.users.endSessions(userId);
    } finally {
      this.recent.forget(userId);
    }
  }

  /** The user as the cache knows them, read again when the cache has nothing. */
  private async known(id: string): Promise<KnownUser | null> {
    const hit = this.recent.get(id);
    if (hit !== undefined) return hit;
    const mark = this.recent.mark();
    const found = await this.users.findActiveById(id);
    const known = found
      ? {
          user: toAuthUser(found),
          sessionVersion: found.sessionVersion,
          keptSession: found.keptSession,
        }
      : null;
    this.recent.set(id, known, mark);
    return known;
  }
}
