import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { User } from './entities/user.entity';
import { AuthUser } from './auth-user';

/** How the head of a unit signs, for documents nobody has signed yet. */
export interface SigningTitles {
  signAuthority: string | null;
  signHeadTitle: string | null;
  positionTitle: string | null;
}

/** Thin queries over app_user. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insertMany(
    em: EntityManager,
    users: Omit<User, 'id' | 'createdAt' | 'orgUnit'>[],
  ): Promise<void> {
    await em.getRepository(User).insert(users);
  }

  findByUsername(username: string): Promise<User | null> {
    return this.ds.getRepository(User).findOneBy({ username });
  }

  findActiveById(id: string): Promise<User | null> {
    return this.ds.getRepository(User).findOneBy({ id, active: true });
  }

  async exists(id: string): Promise<boolean> {
    return (await this.ds.getRepository(User).countBy({ id })) > 0;
  }

  /** The signing titles of the unit's first active head, or null when it has none. */
  async headTitles(
    orgUnitId: string,
    em: EntityManager = this.ds.manager,
  ): Promise<SigningTitles | null> {
    const rows: {
      sign_authority: string | null;
      sign_head_title: string | null;
      position_title: string | null;
    }[] = await em.query(
      `SELECT sign_authority, sign_head_title, position_title FROM app_user
        WHERE org_unit_id = $1 AND 'head' = ANY(roles) AND active ORDER BY created_at LIMIT 1`,
      [orgUnitId],
    );
    const h = rows[0];
    return h
      ? {
          signAuthority: h.sign_authority,
          signHeadTitle: h.sign_head_title,
          positionTitle: h.position_title,
        }
      : null;
  }

  /** Every active head of every unit (the demo's certificates are issued to them). */
  heads(): Promise<User[]> {
    return this.ds
      .getRepository(User)
      .createQueryBuilder('u')
      .where(`'head' = ANY(u.roles)`)
      .orderBy('u.username')
      .getMany();
  }
}

/** Who is asking, as every request carries it (and as the API shows a user). */
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
