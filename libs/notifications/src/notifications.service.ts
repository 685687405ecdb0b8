import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Role, UsersRepository } from '@app/auth';
import { Clock, requireUuid } from '@app/common';
import { EmailService } from './email.service';
import { NotificationKind } from './entities/notification.entity';
import { NotificationErrors } from './notifications.errors';
import { NotificationsRepository } from './notifications.repository';

/** What to tell: the same message for everyone it goes to. */
export interface Notice {
  kind: NotificationKind;
  title: string;
  body: string;
  /** A path of the web app (`/reports/<id>`). */
  link: string;
  reportId: string | null;
}

/** Whom to tell: these people, and whoever holds a role in these units (active users only). */
export interface Audience {
  userIds?: string[];
  unitRoles?: { unitIds: string[]; role: Role }[];
}

/** A notification as the API and the pages show it (always the caller's own). */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string;
  reportId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export const NOTIFICATIONS_PAGE = { defaultLimit: 50, maxLimit: 200 } as const;

const notFound = () => NotificationErrors.NOTIFICATION_NOT_FOUND();

/** In-app notifications: written with the change they tell of, read by their recipient only. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly users: UsersRepository,
    private readonly email: EmailService,
    private readonly clock: Clock,
  ) {}

  /**
   * Tells the audience, inside the caller's transaction (so the message, and the job e-mailing it,
   * exist exactly when the change does). The actor is never told of their own action. Returns whom
   * it told.
   */
  async notify(
    em: EntityManager,
    actorId: string | null,
    notice: Notice,
    audience: Audience,
  ): Promise<string[]> {
    const ids = await this.users.activeIdsAmong(em, {
      userIds: (audience.userIds ?? []).filter(Boolean),
      unitRoles: audience.unitRoles ?? [],
    });
    const to = [...new Set(ids)].filter((id) => id !== actorId).sort();
    const made = await this.repo.insertMany(
      em,
      to.map((userId) => ({ userId, ...notice, title: notice.title.slice(0, 1000) })),
      this.clock.now(),
    );
    // Whoever wants each notification by e-mail at once: a job in this same transaction.
    await this.email.enqueueImmediate(em, made);
    return to;
  }

  async list(
    userId: string,
    q: { unread?: boolean; limit?: number; offset?: number } = {},
  ): Promise<NotificationView[]> {
    const rows = await this.repo.list({
      userId,
      unreadOnly: q.unread === true,
      limit: Math.min(q.limit ?? NOTIFICATIONS_PAGE.defaultLimit, NOTIFICATIONS_PAGE.maxLimit),
      offset: q.offset ?? 0,
    });
    return rows.map(({ userId: _, ...view }) => view);
  }

  async unreadCount(userId: string): Promise<{ count: number }> {
    return { count: await this.repo.unreadCount(userId) };
  }

  /** Marks one of the caller's own notifications read; someone else's is not found (404). */
  async markRead(userId: string, id: string): Promise<NotificationView> {
    const n = await this.repo.markRead(userId, requireUuid(id, notFound));
    if (!n) throw notFound();
    const { userId: _, ...view } = n;
    return view;
  }

  async markAllRead(userId: string): Promise<{ marked: number }> {
    return { marked: await this.repo.markAllRead(userId) };
  }
}
