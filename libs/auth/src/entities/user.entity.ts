import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OrgUnit } from '@app/org';

/** How a person wants notifications by e-mail: each at once, one digest a day, or none. */
export const NOTIFY_MODES = ['immediate', 'digest', 'off'] as const;
export type NotifyMode = (typeof NOTIFY_MODES)[number];

export const ROLES = ['officer', 'head', 'clerk', 'unitAdmin', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A person of one org unit, holding one or more roles, and how they sign documents. */
@Entity('app_user')
@Check('app_user_notify_mode_check', `"notify_mode" IN ('immediate', 'digest', 'off')`)
@Check(
  'app_user_roles_check',
  `"roles" <@ ARRAY['officer', 'head', 'clerk', 'unitAdmin', 'admin']::varchar[] AND cardinality("roles") > 0`,
)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('app_user_username_uq', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'full_name', type: 'varchar', length: 120 })
  fullName: string;

  @Index('app_user_org_unit_idx')
  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId: string;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_unit_id', foreignKeyConstraintName: 'app_user_org_unit_fk' })
  orgUnit?: OrgUnit;

  @Column({ type: 'varchar', array: true })
  roles: Role[];

  /** Chức vụ, printed above the name: "PHÓ CHỦ TỊCH". */
  @Column({ name: 'position_title', type: 'varchar', length: 120, nullable: true })
  positionTitle: string | null;

  /** Thẩm quyền ký: TM., KT., TL., TUQ., Q. — or null when signing in one's own name. */
  @Column({ name: 'sign_authority', type: 'varchar', length: 8, nullable: true })
  signAuthority: string | null;

  /** The title after the authority: "CHỦ TỊCH" (KT. CHỦ TỊCH) or "ỦY BAN NHÂN DÂN" (TM. ỦY BAN NHÂN DÂN). */
  @Column({ name: 'sign_head_title', type: 'varchar', length: 120, nullable: true })
  signHeadTitle: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** For notifications; optional. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** E-mail of notifications (when the user has an address and the server SMTP_URL). */
  @Column({ name: 'notify_mode', type: 'varchar', length: 16, default: 'immediate' })
  notifyMode: NotifyMode;

  /** Set with a one-time password: every route but changing it answers 403 until it is changed. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword: boolean;

  /**
   * Raised by signing out, deactivation, a password change or reset: every token carries the version
   * it was issued under, and one of an older version is refused.
   */
  @Column({ name: 'session_version', type: 'integer', default: 0 })
  sessionVersion: number;

  /** The session (token `sid`) that changed the password: it alone survives that raise of the version. */
  @Column({ name: 'kept_session', type: 'varchar', length: 32, nullable: true })
  keptSession: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
