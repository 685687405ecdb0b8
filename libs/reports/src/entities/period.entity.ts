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

/**
 * An ad-hoc period opened by issuing a request for reports (a công văn or plan, requests.ts): who
 * asked, of whom, and the letter its answers cite ("Thực hiện Công văn số … ngày … của … về việc …").
 */
export interface PeriodRequest {
  /** The request's report (its draft and workflow). */
  reportId: string;
  /** The unit that asked (it consolidates); the only upper unit that follows the period. */
  requestingUnitId: string;
  /** The units asked: the only ones that report in the period. */
  orgUnitIds: string[];
  docType: string;
  numberText: string;
  issueDate: string;
  issuerName: string;
  subject: string;
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

  /** The issued document that asked for this period's reports; null for a regular period. */
  @Column({ name: 'request_document_id', type: 'uuid', nullable: true })
  requestDocumentId: string | null;

  /** A period opened by a request for reports: who asked whom, and the letter (null for a regular period). */
  @Column({ type: 'jsonb', nullable: true })
  request: PeriodRequest | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
