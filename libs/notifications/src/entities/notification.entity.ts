import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '@app/auth';
import { Report } from '@app/reports';
import { EmailDelivery } from './email-delivery.entity';

export const NOTIFICATION_KINDS = [
  'signatureRequested',
  'signed',
  'returned',
  'issued',
  'received',
  'acknowledged',
  'reminder',
  'escalation',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * One message to one person, shown in the web app (the bell) and by the API: what happened, in
 * Vietnamese, and where to go. Written in the transaction of the step it tells of. Delivery by other
 * channels (e-mail) is meant to be another column per channel (`emailed_at`), set by whatever sends
 * it; nothing here depends on how a notification is shown.
 */
@Entity('notification')
@Check('notification_link_check', `"link" LIKE '/%' AND "link" NOT LIKE '//%'`)
@Index('notification_user_idx', ['userId', 'createdAt'])
@Index('notification_unread_idx', ['userId'], { where: '"read_at" IS NULL' })
@Index('notification_undelivered_idx', ['userId'], { where: '"email_delivery_id" IS NULL' })
export class Notification {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'notification_pkey' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'notification_user_fk' })
  user?: User;

  @Column({ type: 'varchar', length: 32 })
  kind: NotificationKind;

  @Column({ type: 'varchar', length: 1000 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  /** A path of the web app, e.g. `/reports/<id>`. */
  @Column({ type: 'varchar', length: 500 })
  link: string;

  @Column({ name: 'report_id', type: 'uuid', nullable: true })
  reportId: string | null;

  @ManyToOne(() => Report, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'notification_report_fk' })
  report?: Report;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  /** The e-mail that carries it (its own, or the digest it went into); null: not e-mailed (yet). */
  @Column({ name: 'email_delivery_id', type: 'uuid', nullable: true })
  emailDeliveryId?: string | null;

  @ManyToOne(() => EmailDelivery, { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'email_delivery_id',
    foreignKeyConstraintName: 'notification_email_delivery_fk',
  })
  emailDelivery?: EmailDelivery;
}
