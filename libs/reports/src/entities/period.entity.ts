import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export interface PinnedForm {
  code: string;
  version: number;
}

export interface PeriodDeadline {
  level: string;
  date: string;
}

/** A deadline extended for one unit. */
export interface UnitDeadline {
  orgUnitId: string;
  date: string;
}

/** A reporting period (kỳ báo cáo): its forms pinned to a version, the cut-off window and a deadline per level. */
@Entity('reporting_period')
export class ReportingPeriod {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('reporting_period_code_uq', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  label: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ name: 'cutoff_from', type: 'date' })
  cutoffFrom: string;

  @Column({ name: 'cutoff_to', type: 'date' })
  cutoffTo: string;

  @Column({ type: 'jsonb' })
  forms: PinnedForm[];

  @Column({ type: 'jsonb' })
  deadlines: PeriodDeadline[];

  /** Deadlines extended for single units (they win over the level's). */
  @Column({ name: 'unit_deadlines', type: 'jsonb', default: () => "'[]'" })
  unitDeadlines: UnitDeadline[];

  /** Days before a unit's deadline on which it is reminded while it has not submitted. */
  @Column({ name: 'reminder_offsets', type: 'int', array: true, default: () => "'{7,3,1}'" })
  reminderOffsets: number[];

  @Column({ name: 'is_open', type: 'boolean', default: true })
  open: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
