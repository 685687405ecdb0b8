import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Notification, NotificationKind } from './entities/notification.entity';

export type NewNotification = Pick<
  Notification,
  'userId' | 'kind' | 'title' | 'body' | 'link' | 'reportId'
>;

export interface NotificationFilter {
  userId: string;
  unreadOnly: boolean;
  limit: number;
  offset: number;
}

interface Row {
  id: string;
  user_id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string;
  report_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

const COLUMNS = 'id, user_id, kind, title, body, link, report_id, created_at, read_at';

const toNotification = (r: Row): Notification => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  reportId: r.report_id,
  createdAt: new Date(r.created_at),
  readAt: r.read_at ? new Date(r.read_at) : null,
});

/** Every statement over `notification`. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Inserts inside the caller's transaction, in one statement however many; their ids. */
  async insertMany(em: EntityManager, rows: NewNotification[], now: Date): Promise<string[]> {
    if (rows.length === 0) return [];
    const col = <K extends keyof NewNotification>(k: K) => rows.map((r) => r[k]);
    const inserted: { id: string }[] = await em.query(
      `INSERT INTO notification (user_id, kind, title, body, link, report_id, created_at)
       SELECT u, k, t, b, l, r, $7 FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::text[], $5::varchar[], $6::uuid[]) AS x(u, k, t, b, l, r)
       RETURNING id`,
      [col('userId'), col('kind'), col('title'), col('body'), col('link'), col('reportId'), now],
    );
    return inserted.map((r) => r.id);
  }

  /** The person's own notifications, newest first. */
  async list(f: NotificationFilter): Promise<Notification[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM notification
        WHERE user_id = $1 ${f.unreadOnly ? 'AND read_at IS NULL' : ''}
        ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [f.userId, f.limit, f.offset],
    );
    return rows.map(toNotification);
  }

  async unreadCount(userId: string): Promise<number> {
    const [{ count }]: { count: number }[] = await this.ds.query(
      `SELECT count(*)::int AS count FROM notification WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return count;
  }

  /** Marks one of the person's own notifications read (kept when it already was); null when it is not theirs. */
  async markRead(userId: string, id: string): Promise<Notification | null> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows]: [Row[], number] = await this.ds.query(
      `UPDATE notification SET read_at = coalesce(read_at, now())
        WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [id, userId],
    );
    return rows[0] ? toNotification(rows[0]) : null;
  }

  /** Marks every unread notification of the person read; how many. */
  async markAllRead(userId: string): Promise<number> {
    const [, affected]: [unknown[], number] = await this.ds.query(
      `UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return affected;
  }
}
