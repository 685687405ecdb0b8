import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { User } from './entities/user.entity';
import { AuthUser } from './auth-user';

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findByUsername(username: string): Promise<User | null> {
    return this.ds.getRepository(User).findOneBy({ username });
  }

  findActiveById(id: string): Promise<User | null> {
    return this.ds.getRepository(User).findOneBy({ id, active: true });
  }
}

export function toAuthUser(u: User): AuthUser {
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    orgUnitId: u.orgUnitId,
    roles: u.roles,
    positionTitle: u.positionTitle,
    signAuthority: u.signAuthority,
    signHeadTitle: u.signHeadTitle,
  };
}
