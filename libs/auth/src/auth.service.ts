import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainException } from '@app/common';
import { AuthUser } from './auth-user';
import { dummyPasswordHash, verifyPassword } from './password';
import { UsersRepository, toAuthUser } from './users.repository';

export const INVALID_CREDENTIALS_MESSAGE = 'Tên đăng nhập hoặc mật khẩu không đúng.';

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
      throw new DomainException('INVALID_CREDENTIALS', INVALID_CREDENTIALS_MESSAGE);
    }
    return toAuthUser(user);
  }

  issueToken(user: AuthUser): string {
    const payload: AccessTokenPayload = { sub: user.id, username: user.username, orgUnitId: user.orgUnitId, roles: user.roles };
    return this.jwt.sign(payload);
  }

  /** Resolves a verified token to the current user (deactivated users are refused). */
  async userForToken(payload: AccessTokenPayload): Promise<AuthUser | null> {
    if (!payload?.sub || typeof payload.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(payload.sub)) return null;
    const user = await this.users.findActiveById(payload.sub);
    return user ? toAuthUser(user) : null;
  }
}
