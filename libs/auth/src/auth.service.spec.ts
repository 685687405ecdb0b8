import { JwtService } from '@nestjs/jwt';
import { AuthOptions } from './auth-options';
import { AccessTokenPayload, AuthService } from './auth.service';
import { AuthUser } from './auth-user';
import { LoginBackoff } from './login-backoff';
import { RecentUsers } from './recent-users';
import { UsersRepository } from './users.repository';

const OPTIONS: AuthOptions = {
  tokenLifetimeSeconds: 8 * 3600,
  webSessionIdleSeconds: 1800,
  loginAccountLimit: 20,
  loginAccountWindowSeconds: 900,
};
const ID = '6f1c2b1e-6c1a-4c3e-9a57-3b7d1c2e4f50';
const USER = { id: ID, username: 'u', orgUnitId: ID, roles: ['officer'] } as AuthUser;
const row = (sessionVersion: number, keptSession: string | null = null) => ({
  ...USER,
  fullName: 'U',
  positionTitle: null,
  signAuthority: null,
  signHeadTitle: null,
  mustChangePassword: false,
  sessionVersion,
  keptSession,
});

/** An AuthService whose repository answers only findActiveById (any other call fails the test). */
function service(user: ReturnType<typeof row> | null) {
  const jwt = new JwtService({ secret: 'unit-test-secret-0123456789abcdef' });
  const users = {
    findActiveById: jest.fn(async () => user),
  } as unknown as UsersRepository;
  const backoff = {} as LoginBackoff;
  const auth = new AuthService(users, jwt, new RecentUsers(), backoff, OPTIONS);
  return { auth, jwt, users };
}

describe(AuthService.name, () => {
  afterEach(() => jest.useRealTimers());

  it('issues API tokens for JWT_EXPIRES_IN and web tokens for WEB_SESSION_IDLE, with a session id, version and token id', () => {
    const { auth, jwt } = service(row(3));
    const api = jwt.decode<AccessTokenPayload>(
      auth.issueToken({ user: USER, sessionVersion: 3 }, 'api'),
    );
    const web = jwt.decode<AccessTokenPayload>(
      auth.issueToken({ user: USER, sessionVersion: 3 }, 'web'),
    );
    expect(api.exp - api.iat).toBe(8 * 3600);
    expect(api.auth_time).toBeUndefined();
    expect(web.exp - web.iat).toBe(1800);
    expect(web.auth_time).toBe(web.iat);
    expect([api.sv, web.sv]).toEqual([3, 3]);
    expect(api.sid).not.toBe(web.sid);
    expect(api.jti).not.toBe(web.jti);
  });

  it('accepts the current session version, the one session a password change kept, and nothing else', async () => {
    const { auth, jwt } = service(row(4, 'kept-session'));
    const token = (sv: number, sid: string) =>
      jwt.decode(
        auth.issueToken({ user: USER, sessionVersion: sv }, 'api', {
          sid,
          authTime: Math.floor(Date.now() / 1000),
        }),
      );
    expect(await auth.userForToken(token(4, 'any'))).toMatchObject({ id: ID });
    expect(await auth.userForToken(token(3, 'kept-session'))).toMatchObject({ id: ID });
    expect(await auth.userForToken(token(3, 'other'))).toBeNull();
    expect(await auth.userForToken(token(2, 'kept-session'))).toBeNull();
  });

  it('refuses a token without exp, a session id, a version or a token id', async () => {
    const { auth, jwt, users } = service(row(0));
    const good = jwt.decode(auth.issueToken({ user: USER, sessionVersion: 0 }, 'api'));
    expect(await auth.userForToken(good)).not.toBeNull();
    for (const claim of ['exp', 'sid', 'sv', 'jti']) {
      const { [claim]: _dropped, ...rest } = good;
      expect([claim, await auth.userForToken(rest)]).toEqual([claim, null]);
    }
    expect(users.findActiveById).toHaveBeenCalledTimes(1); // then from the cache
  });

  it('renews a web session after a minute of use, keeping its id and never past sign-in + JWT_EXPIRES_IN', async () => {
    jest.useFakeTimers({ now: new Date('2026-06-01T08:00:00Z') });
    const { auth, jwt } = service(row(0));
    const first = jwt.decode<AccessTokenPayload>(
      auth.issueToken({ user: USER, sessionVersion: 0 }, 'web'),
    );
    const known = (await auth.sessionOf(first))!;
    expect(auth.renewWebToken(first, known)).toBeNull(); // just issued
    jest.setSystemTime(new Date('2026-06-01T08:01:00Z'));
    const renewed = jwt.decode<AccessTokenPayload>(auth.renewWebToken(first, known)!);
    expect(renewed).toMatchObject({ sid: first.sid, auth_time: first.auth_time });
    expect(renewed.exp).toBe(renewed.iat + 1800);
    jest.setSystemTime(new Date('2026-06-01T15:50:00Z'));
    const late = jwt.decode<AccessTokenPayload>(auth.renewWebToken(renewed, known)!);
    expect(late.exp).toBe(first.auth_time! + 8 * 3600);
    expect(auth.renewWebToken(late, known)).toBeNull();
    // An API token is never renewed.
    const api = jwt.decode<AccessTokenPayload>(
      auth.issueToken({ user: USER, sessionVersion: 0 }, 'api'),
    );
    expect(auth.renewWebToken(api, known)).toBeNull();
  });
});
