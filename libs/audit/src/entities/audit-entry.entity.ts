import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AUDITED_ENTITIES = [
  'user',
  'unit',
  'period',
  'form',
  'import',
  'trustAnchor',
  'revocationList',
] as const;
export type AuditedEntity = (typeof AUDITED_ENTITIES)[number];

/** One administrative action: who, when, what, and the record before and after. Append-only. */
@Entity('audit_log')
@Index('audit_log_entity_idx', ['entity', 'at'])
@Index('audit_log_actor_idx', ['actorId', 'at'])
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  /** Null for the command line (npm run admin). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 120 })
  actorName: string;

  /** create, update, reset-password, change-password, import, publish, copy … */
  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'varchar', length: 16 })
  entity: AuditedEntity;

  @Column({ name: 'entity_id', type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  /** What it is, for people: a user name, a unit code, a period code, a form code. */
  @Column({ type: 'varchar', length: 255 })
  label: string;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;
}
