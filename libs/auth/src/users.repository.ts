import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Role, User } from './entities/user.entity';
import { AuthUser } from './auth-user';

export type NewUser = Omit<
  User,
  | 'id'
  | 'createdAt'
  | 'orgUnit'
  | 'email'
  | 'mustChangePassword'
  | 'sessionVersion'
  | 'keptSession'
  | 'notifyMode'
> &
  Partial<Pick<User, 'email' | 'mustChangePassword'>>;

export interface UserFilter {
  /** Only users of these units (a unit administrator's scope). */
  unitIds?: string[];
  orgUnitId?: string;
  role?: string;
  active?: boolean;
  q?: string;
  limit: number;
}

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

  async insertMany(em: EntityManager, users: NewUser[]): Promise<void> {
    if (users.length === 0) return;
    await em
      .getRepository(User)
      .insert(users.map((u) => ({ email: null, mustChangePassword: false, ...u })));
  }

  /** Many new users in one statement; user name → id. */
  async insertBulk(
    em: EntityManager,
    users: (NewUser & { email: string | null; mustChangePassword: boolean })[],
  ): Promise<Map<string, string>> {
    if (users.length === 0) return new Map();
    const col = <K extends keyof (typeof users)[number]>(k: K) => users.map((u) => u[k] ?? null);
    const rows: { id: string; username: string }[] = await em.query(
      `INSERT INTO app_user (username, password_hash, full_name, org_unit_id, roles, position_title, sign_authority, sign_head_title, email, active, must_change_password)
       SELECT u, h, n, o::uuid, string_to_array(r, ',')::varchar[], p, sa, st, e, a, m
         FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::text[], $5::text[], $6::varchar[], $7::varchar[], $8::varchar[], $9::varchar[], $10::boolean[], $11::boolean[])
           AS x(u, h, n, o, r, p, sa, st, e, a, m)
       RETURNING id, username`,
      [
        col('username'),
        col('passwordHash'),
        col('fullName'),
        col('orgUnitId'),
        users.map((u) => u.roles.join(',')),
        col('positionTitle'),
        col('signAuthority'),
        col('signHeadTitle'),
        col('email'),
        col('active'),
        col('mustChangePassword'),
      ],
    );
    return new Map(rows.map((r) => [r.username, r.id]));
  }

  /** Changes the name, unit, roles, position and e-mail of many users in one statement. */
  async updateMany(
    em: EntityManager,
    rows: Pick<User, 'id' | 'fullName' | 'orgUnitId' | 'roles' | 'positionTitle' | 'email'>[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await em.query(
      `UPDATE app_user u SET full_name = x.n, org_unit_id = x.o, roles = string_to_array(x.r, ',')::varchar[], position_title = x.p, email = x.e
         FROM unnest($1::uuid[], $2::varchar[], $3::uuid[], $4::text[], $5::varchar[], $6::varchar[]) AS x(i, n, o, r, p, e)
        WHERE u.id = x.i`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.fullName),
        rows.map((r) => r.orgUnitId),
        rows.map((r) => r.roles.join(',')),
        rows.map((r) => r.positionTitle),
        rows.map((r) => r.email),
      ],
    );
  }

  /** Every user (what an import compares with). */
  all(em: EntityManager = this.ds.manager): Promise<User[]> {
    return em.getRepository(User).find();
  }

  /** One user, inside the caller's transaction when given. */
  findById(id: string, em: EntityManager = this.ds.manager): Promise<User | null> {
    return em.getRepository(User).findOneBy({ id });
  }

  /** The users of a unit, active or not. */
  findByUnit(orgUnitId: string, em: EntityManager = this.ds.manager): Promise<User[]> {
    return em.getRepository(User).find({ where: { orgUnitId }, order: { username: 'ASC' } });
  }

  findByUsernames(usernames: string[], em: EntityManager = this.ds.manager): Promise<User[]> {
    const unique = [...new Set(usernames)];
    return unique.length
      ? em.getRepository(User).find({ where: { username: In(unique) } })
      : Promise.resolve([]);
  }

  async update(
    em: EntityManager,
    id: string,
    changes: Partial<Omit<User, 'id' | 'createdAt' | 'orgUnit'>>,
  ): Promise<void> {
    await em.getRepository(User).update({ id }, changes);
  }

  /** Users matching the search, by user name, at most `limit`. */
  search(filter: UserFilter): Promise<User[]> {
    const q = this.ds.getRepository(User).createQueryBuilder('u');
    if (filter.unitIds) q.andWhere('u.org_unit_id = ANY(:units)', { units: filter.unitIds });
    if (filter.orgUnitId) q.andWhere('u.org_unit_id = :unit', { unit: filter.orgUnitId });
    if (filter.role) q.andWhere(':role = ANY(u.roles)', { role: filter.role });
    if (filter.active !== undefined) q.andWhere('u.active = :active', { active: filter.active });
    if (filter.q) {
      const like = `%${filter.q.normalize('NFC').replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      q.andWhere(
        '(u.username ILIKE :like OR normalize(u.full_name, NFC) ILIKE :like OR u.email ILIKE :like)',
        {
          like,
        },
      );
    }
    return q.orderBy('u.username').limit(filter.limit).getMany();
  }

  findByUsername(username: string): Promise<User | null> {
    return this.ds.getRepository(User).findOneBy({ username });
  }

  findActiveById(id: string): Promise<User | null> {
    return this.ds.getRepository(User).findOneBy({ id, active: true });
  }

  /**
   * Ends every session of the user: raises the session version, so every token issued before is
   * refused; `keep` names the one session (token `sid`) that survives (the one changing its password).
   */
  async endSessions(
    id: string,
    keep: string | null = null,
    em: EntityManager = this.ds.manager,
  ): Promise<void> {
    await em.query(
      `UPDATE app_user SET session_version = session_version + 1, kept_session = $2 WHERE id = $1`,
      [id, keep],
    );
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

  /**
   * The active users among `userIds`, and those holding a role in one of the units of `unitRoles`:
   * who a message is for. Ids, in no particular order, each once.
   */
  async activeIdsAmong(
    em: EntityManager,
    q: { userIds: string[]; unitRoles: { unitIds: string[]; role: Role }[] },
  ): Promise<string[]> {
    const params: unknown[] = [q.userIds];
    const p = (v: unknown) => (params.push(v), `$${params.length}`);
    const byRole = q.unitRoles
      .filter((u) => u.unitIds.length > 0)
      .map((u) => ` OR (org_unit_id = ANY(${p(u.unitIds)}::uuid[]) AND ${p(u.role)} = ANY(roles))`);
    const rows: { id: string }[] = await em.query(
      `SELECT id FROM app_user WHERE active AND (id = ANY($1::uuid[])${byRole.join('')})`,
      params,
    );
    return rows.map((r) => r.id);
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
    passwordChangeRequired: u.mustChangePassword,
  };
}
