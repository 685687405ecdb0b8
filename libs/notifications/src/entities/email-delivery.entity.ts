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

export const EMAIL_DELIVERY_STATES = ['pending', 'sending', 'sent', 'skipped'] as const;
export type EmailDeliveryState = (typeof EMAIL_DELIVERY_STATES)[number];

/**
 * One e-mail to one person: a notification of its own, or a digest of several. Recorded before it
 * is sent (pending → sending, attempts + 1), marked sent once the mail server accepted it; the job
 * that sends it names it by id. `key` makes its creation idempotent (`n:<notification id>`,
 * `digest:<user id>:<date>`).
 */
@Entity('email_delivery')
@Check('email_delivery_state_check', `"state" IN ('pending', 'sending', 'sent', 'skipped')`)
@Check('email_delivery_kind_check', `"kind" IN ('notification', 'digest')`)
export class EmailDelivery {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'email_delivery_pkey' })
  id: string;

  @Index('email_delivery_key_uq', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  key: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'email_delivery_user_fk' })
  user?: User;

  @Column({ type: 'varchar', length: 16 })
  kind: 'notification' | 'digest';

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  state: EmailDeliveryState;

  /** Sending attempts begun (more than one: an attempt failed, or its process died). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** The address it went to (the user's at the time of sending). */
  @Column({ name: 'sent_to', type: 'varchar', length: 254, nullable: true })
  sentTo: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** The last failure, for the administrators. */
  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;
}
