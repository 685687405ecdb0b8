import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthErrors } from './auth.errors';
import { AuthUser } from './auth-user';
import { dummyPasswordHash, verifyPassword } from './password';
import { UsersRepository, toAuthUser } from './users.repository';

export const USER_CACHE_MS = 5000;

export interface AccessTokenPayload {
  sub: string;
  username: string;
  orgUnitId: string;
  roles: string[];
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
  ) {}

  /** The same answer, after the same work, for an unknown user and a wrong password. */
  async validateCredentials(username: string, password: string): Promise<AuthUser> {
    const user = await this.users.findByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !ok || !user.active) {
      throw AuthErrors.INVALID_CREDENTIALS();
    }
    return toAuthUser(user);
  }

  issueToken(user: AuthUser): string {
    const payload: AccessTokenPayload = {
      sub: user.id,
      username: user.username,
      orgUnitId: user.orgUnitId,
      roles: user.roles,
    };
    return this.jwt.sign(payload);
  }

  /** Users seen in the last few seconds: every request would otherwise read its user again. */
  private readonly recent = new Map<string, { user: AuthUser | null; until: number }>();

  /**
   * Resolves a verified token to the current user (deactivated users are refused). A user is
   * re-read at most every USER_CACHE_MS, so a deactivation takes effect within that time.
   */
  async userForToken(payload: AccessTokenPayload): Promise<AuthUser | null> {
    if (!payload?.sub || typeof payload.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(payload.sub))
      return null;
    const now = Date.now();
    const hit = this.recent.get(payload.sub);
    if (hit && hit.until > now) return hit.user;
    const found = await this.users.findActiveById(payload.sub);
    const user = found ? toAuthUser(found) : null;
    if (this.recent.size > 10_000) this.recent.clear();
    this.recent.set(payload.sub, { user, until: now + USER_CACHE_MS });
    return user;
  }
}
