import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EmailDeliveryState } from './entities/email-delivery.entity';

/** A delivery claimed for an attempt, with whom it goes to. */
export interface ClaimedDelivery {
  id: string;
  kind: 'notification' | 'digest';
  attempts: number;
  userId: string;
  email: string | null;
  active: boolean;
  notifyMode: string;
}

export interface DeliveredNotice {
  id: string;
  title: string;
  body: string;
  link: string;
  createdAt: Date;
}

/** Every statement over `email_delivery` (and the notifications' link to it). */
@Injectable()
export class EmailDeliveriesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * One delivery per notification whose recipient wants each at once (active, with an address), in
   * the caller's transaction; the ids of the deliveries made (a notification has at most one).
   */
  async forImmediate(em: EntityManager, notificationIds: string[]): Promise<string[]> {
    if (!notificationIds.length) return [];
    const rows: { id: string }[] = await em.query(
      `WITH n AS (
         SELECT n.id, n.user_id FROM notification n JOIN app_user u ON u.id = n.user_id
          WHERE n.id = ANY($1::uuid[]) AND n.email_delivery_id IS NULL
            AND u.active AND u.email IS NOT NULL AND u.notify_mode = 'immediate'
       ), d AS (
         INSERT INTO email_delivery (key, user_id, kind)
         SELECT 'n:' || n.id, n.user_id, 'notification' FROM n
         ON CONFLICT (key) DO NOTHING RETURNING id, key
       ), linked AS (
         UPDATE notification SET email_delivery_id = d.id FROM d
          WHERE d.key = 'n:' || notification.id RETURNING notification.id
       )
       SELECT d.id FROM d, (SELECT count(*) FROM linked) l`,
      [notificationIds],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Digest users (active, with an address) who have unread notifications not yet e-mailed, made by
   * `upTo` (what the person already read in the application is not mailed to them again).
   */
  async digestUsers(upTo: Date): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT u.id FROM app_user u
        WHERE u.active AND u.email IS NOT NULL AND u.notify_mode = 'digest'
          AND EXISTS (SELECT 1 FROM notification n
                       WHERE n.user_id = u.id AND n.email_delivery_id IS NULL AND n.read_at IS NULL AND n.created_at <= $1)
        ORDER BY u.id`,
      [upTo],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The user's digest of `key` (one a day), holding every unread notification of theirs not yet
   * e-mailed and made by `upTo`; null when that digest exists already or there is nothing to put in it.
   */
  async createDigest(
    em: EntityManager,
    userId: string,
    key: string,
    upTo: Date,
  ): Promise<string | null> {
    const [d]: { id: string }[] = await em.query(
      `INSERT INTO email_delivery (key, user_id, kind) VALUES ($1, $2, 'digest')
       ON CONFLICT (key) DO NOTHING RETURNING id`,
      [key, userId],
    );
    if (!d) return null;
    const [, taken]: [unknown[], number] = await em.query(
      `UPDATE notification SET email_delivery_id = $1
        WHERE user_id = $2 AND email_delivery_id IS NULL AND read_at IS NULL AND created_at <= $3`,
      [d.id, userId, upTo],
    );
    if (taken === 0) {
      await em.query(`DELETE FROM email_delivery WHERE id = $1`, [d.id]);
      return null;
    }
    return d.id;
  }

  /**
   * Begins an attempt (record, then send): pending or sending → sending, attempts + 1. Null when the
   * delivery is sent or skipped already — a second run of its job sends nothing.
   */
  async claim(id: string): Promise<ClaimedDelivery | null> {
    const [rows]: [ClaimedDelivery[], number] = await this.ds.query(
      `UPDATE email_delivery d SET state = 'sending', attempts = attempts + 1, last_attempt_at = now()
         FROM app_user u
        WHERE d.id = $1 AND u.id = d.user_id AND d.state IN ('pending', 'sending')
       RETURNING d.id, d.kind, d.attempts, d.user_id AS "userId", u.email, u.active,
                 u.notify_mode AS "notifyMode"`,
      [id],
    );
    return rows[0] ?? null;
  }

  async notices(deliveryId: string): Promise<DeliveredNotice[]> {
    return this.ds.query(
      `SELECT id, title, body, link, created_at AS "createdAt" FROM notification
        WHERE email_delivery_id = $1 ORDER BY created_at, id`,
      [deliveryId],
    );
  }

  async finish(
    id: string,
    state: Extract<EmailDeliveryState, 'sent' | 'skipped'>,
    sentTo: string | null,
  ): Promise<void> {
    await this.ds.query(
      `UPDATE email_delivery SET state = $2::varchar, sent_to = $3,
              sent_at = CASE WHEN $2::varchar = 'sent' THEN now() END
        WHERE id = $1`,
      [id, state, sentTo],
    );
  }

  async recordError(id: string, message: string): Promise<void> {
    await this.ds.query(`UPDATE email_delivery SET last_error = $2 WHERE id = $1`, [
      id,
      message.slice(0, 1000),
    ]);
  }
}
