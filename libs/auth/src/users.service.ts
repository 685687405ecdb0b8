import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { requireUuid, validationFailed } from '@app/common';
import { Administrator, OrgRepository, OrgScope } from '@app/org';
import { AuthErrors } from './auth.errors';
import { AuthUser } from './auth-user';
import { NotifyMode, Role, User } from './entities/user.entity';
import { hashOneTimePassword, hashPassword, oneTimePassword, verifyPassword } from './password';
import { passwordProblems } from './password-policy';
import { RecentUsers } from './recent-users';
import { UsersRepository } from './users.repository';

export interface UserQuery {
  q?: string;
  orgUnitId?: string;
  role?: Role;
  active?: boolean;
}

export interface NewUserInput {
  username: string;
  fullName: string;
  orgUnitId: string;
  roles: Role[];
  positionTitle?: string | null;
  signAuthority?: string | null;
  signHeadTitle?: string | null;
  email?: string | null;
}

export interface UserChanges {
  fullName?: string;
  orgUnitId?: string;
  roles?: Role[];
  positionTitle?: string | null;
  signAuthority?: string | null;
  signHeadTitle?: string | null;
  email?: string | null;
  active?: boolean;
}

/** What the API shows of a user (never the password hash). */
export function userView(u: User) {
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    orgUnitId: u.orgUnitId,
    roles: u.roles,
    positionTitle: u.positionTitle,
    signAuthority: u.signAuthority,
    signHeadTitle: u.signHeadTitle,
    email: u.email,
    notify: u.notifyMode,
    active: u.active,
    passwordChangeRequired: u.mustChangePassword,
    createdAt: u.createdAt,
  };
}
export type UserView = ReturnType<typeof userView>;

/** How a person is notified: `PATCH /api/me/preferences`. */
export interface Preferences {
  email: string | null;
  notify: NotifyMode;
}

/** The fields of a user kept in the audit trail (never a password or its hash). */
const audited = (u: User) => {
  const { id: _id, createdAt: _c, ...rest } = userView(u);
  return rest;
};

type Actor = Administrator & AuditActor;

/**
 * People: created by an administrator with a one-time password, edited, deactivated and
 * reactivated, their password reset; each within the administrator's scope (a unit administrator:
 * the people of its units, never an admin, never the admin role), each in the audit trail.
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: UsersRepository,
    private readonly scope: OrgScope,
    private readonly org: OrgRepository,
    private readonly audit: AuditService,
    private readonly recent: RecentUsers,
  ) {}

  async list(actor: Administrator, query: UserQuery, limit = 500): Promise<UserView[]> {
    const ids = await this.scope.unitIds(actor);
    const users = await this.repo.search({
      ...query,
      unitIds: ids === null ? undefined : [...ids],
      limit,
    });
    return users.map(userView);
  }

  async get(actor: Administrator, id: string): Promise<User> {
    const user = await this.repo.findById(requireUuid(id, () => AuthErrors.USER_NOT_FOUND()));
    if (!user || !(await this.scope.covers(actor, user.orgUnitId)))
      throw AuthErrors.USER_NOT_FOUND();
    return user;
  }

  /** A new user with a one-time password, shown once. */
  async create(
    actor: Actor,
    input: NewUserInput,
  ): Promise<{ user: UserView; oneTimePassword: string }> {
    await this.assertMayGrant(actor, input.orgUnitId, input.roles);
    const password = oneTimePassword();
    const user = await this.ds.transaction(async (em) => {
      if ((await this.repo.findByUsernames([input.username], em)).length)
        throw AuthErrors.USERNAME_TAKEN({ username: input.username });
      await this.repo.insertMany(em, [
        {
          username: input.username,
          passwordHash: hashOneTimePassword(password),
          fullName: input.fullName,
          orgUnitId: input.orgUnitId,
          roles: [...new Set(input.roles)],
          positionTitle: input.positionTitle ?? null,
          signAuthority: input.signAuthority ?? null,
          signHeadTitle: input.signHeadTitle ?? null,
          email: input.email ?? null,
          active: true,
          mustChangePassword: true,
        },
      ]);
      const [created] = await this.repo.findByUsernames([input.username], em);
      await this.audit.record(em, actor, [
        {
          action: 'create',
          entity: 'user',
          entityId: created.id,
          label: created.username,
          after: audited(created),
        },
      ]);
      return created;
    });
    return { user: userView(user), oneTimePassword: password };
  }

  async update(actor: Actor, id: string, changes: UserChanges): Promise<UserView> {
    const before = await this.get(actor, id);
    this.assertNotAdminTarget(actor, before);
    if (changes.orgUnitId !== undefined || changes.roles !== undefined) {
      await this.assertMayGrant(
        actor,
        changes.orgUnitId ?? before.orgUnitId,
        changes.roles ?? before.roles,
      );
    }
    if (
      before.id === actor.id &&
      (changes.active === false ||
        (changes.roles && before.roles.includes('admin') && !changes.roles.includes('admin')))
    ) {
      throw AuthErrors.SELF_LOCKOUT();
    }
    // Deactivation ends the user's sessions: their very next request is refused.
    return this.change(
      actor,
      before,
      'update',
      { ...changes, ...(changes.roles ? { roles: [...new Set(changes.roles)] } : {}) },
      changes.active === false ? { keep: null } : undefined,
    );
  }

  /**
   * Moves every user of `fromUnitId` (one of the administrator's units) to `toUnitId`, in one
   * transaction, each move in the audit trail; their sessions go on (their next request sees the
   * new unit). Answers how many were moved.
   */
  async moveAll(actor: Actor, fromUnitId: string, toUnitId: string): Promise<number> {
    if (!(await this.scope.covers(actor, fromUnitId))) throw AuthErrors.USER_OUTSIDE_SCOPE();
    const users = await this.repo.findByUnit(fromUnitId);
    for (const u of users) this.assertNotAdminTarget(actor, u);
    await this.assertMayGrant(actor, toUnitId, []);
    await this.ds
      .transaction(async (em: EntityManager) => {
        for (const before of users) {
          await this.repo.update(em, before.id, { orgUnitId: toUnitId });
          const after = (await this.repo.findById(before.id, em))!;
          await this.audit.record(em, actor, [
            {
              action: 'move-unit',
              entity: 'user',
              entityId: after.id,
              label: after.username,
              before: audited(before),
              after: audited(after),
            },
          ]);
        }
      })
      .finally(() => users.forEach((u) => this.recent.forget(u.id)));
    return users.length;
  }

  /**
   * A new one-time password, shown once; the user must choose their own at the next sign-in. Every
   * session of the user ends.
   */
  async resetPassword(actor: Actor, id: string): Promise<{ oneTimePassword: string }> {
    const before = await this.get(actor, id);
    this.assertNotAdminTarget(actor, before);
    const password = oneTimePassword();
    await this.change(
      actor,
      before,
      'reset-password',
      { passwordHash: hashOneTimePassword(password), mustChangePassword: true },
      { keep: null },
    );
    return { oneTimePassword: password };
  }

  /**
   * The signed-in user's own password: the current one, then a new one the policy accepts. Every
   * other session of the user ends; `keepSession` (the caller's session id) goes on.
   */
  async changePassword(
    user: AuthUser,
    currentPassword: string,
    newPassword: string,
    keepSession: string | null = null,
  ): Promise<void> {
    const current = await this.repo.findActiveById(user.id);
    if (!current || !(await verifyPassword(currentPassword, current.passwordHash)))
      throw AuthErrors.CURRENT_PASSWORD_WRONG({
        errors: [{ field: 'currentPassword', message: 'Mật khẩu hiện tại không đúng.' }],
      });
    const problems = passwordProblems(newPassword, current.username);
    if (newPassword === currentPassword) problems.push('Mật khẩu mới phải khác mật khẩu hiện tại.');
    if (problems.length)
      throw AuthErrors.PASSWORD_REJECTED({
        errors: problems.map((message) => ({ field: 'newPassword', message })),
      });
    await this.change(
      { id: user.id, fullName: user.fullName },
      current,
      'change-password',
      { passwordHash: await hashPassword(newPassword), mustChangePassword: false },
      { keep: keepSession },
    );
  }

  /** The signed-in user's own notification settings. */
  async preferences(userId: string): Promise<Preferences> {
    const u = await this.repo.findById(requireUuid(userId, () => AuthErrors.USER_NOT_FOUND()));
    if (!u) throw AuthErrors.USER_NOT_FOUND();
    return { email: u.email, notify: u.notifyMode };
  }

  /** Changes the signed-in user's own address and way of being notified (in the audit trail). */
  async updatePreferences(
    actor: AuditActor & { id: string },
    changes: { email?: string | null; notify?: NotifyMode },
  ): Promise<Preferences> {
    const before = await this.repo.findById(actor.id);
    if (!before) throw AuthErrors.USER_NOT_FOUND();
    const fields: Partial<User> = {};
    if (changes.email !== undefined) fields.email = changes.email;
    if (changes.notify !== undefined) fields.notifyMode = changes.notify;
    if (!Object.keys(fields).length) return { email: before.email, notify: before.notifyMode };
    const after = await this.change(actor, before, 'update-preferences', fields);
    return { email: after.email, notify: after.notify };
  }

  /** One audited change of a user; `endSessions` also ends their sessions (but `keep`) in the same transaction. */
  private async change(
    actor: AuditActor,
    before: User,
    action: string,
    changes: Partial<User>,
    endSessions?: { keep: string | null },
  ): Promise<UserView> {
    return this.ds
      .transaction(async (em: EntityManager) => {
        await this.repo.update(em, before.id, changes);
        if (endSessions) await this.repo.endSessions(before.id, endSessions.keep, em);
        const after = (await this.repo.findById(before.id, em))!;
        await this.audit.record(em, actor, [
          {
            action,
            entity: 'user',
            entityId: after.id,
            label: after.username,
            before: audited(before),
            after: audited(after),
          },
        ]);
        return userView(after);
      })
      .finally(() => this.recent.forget(before.id));
  }

  /** The unit exists and is in scope; a unit administrator grants no admin role. */
  private async assertMayGrant(
    actor: Administrator,
    orgUnitId: string,
    roles: Role[],
  ): Promise<void> {
    if (!(await this.org.findById(orgUnitId)))
      throw validationFailed([{ field: 'orgUnitId', message: 'Không có đơn vị này.' }]);
    if (!(await this.scope.covers(actor, orgUnitId))) throw AuthErrors.USER_OUTSIDE_SCOPE();
    if (roles.includes('admin') && !actor.roles.includes('admin'))
      throw AuthErrors.USER_OUTSIDE_SCOPE();
  }

  /** A unit administrator never changes an installation administrator. */
  private assertNotAdminTarget(actor: Administrator, target: User): void {
    if (target.roles.includes('admin') && !actor.roles.includes('admin'))
      throw AuthErrors.USER_OUTSIDE_SCOPE();
  }
}
