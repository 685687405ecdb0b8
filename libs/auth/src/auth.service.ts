import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthErrors } from './auth.errors';
import { AuthUser } from './auth-user';
import { dummyPasswordHash, verifyPassword } from './password';
import { RecentUsers } from './recent-users';
import { UsersRepository, toAuthUser } from './users.repository';

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
    private readonly recent: RecentUsers,
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

  /**
   * Resolves a verified token to the current user (deactivated users are refused). A user is
   * re-read at most every USER_CACHE_MS, so a deactivation takes effect within that time.
   */
  async userForToken(payload: AccessTokenPayload): Promise<AuthUser | null> {
    if (!payload?.sub || typeof payload.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(payload.sub))
      return null;
    const hit = this.recent.get(payload.sub);
    if (hit !== undefined) return hit;
    const found = await this.users.findActiveById(payload.sub);
    const user = found ? toAuthUser(found) : null;
    this.recent.set(payload.sub, user);
    return user;
  }
}
