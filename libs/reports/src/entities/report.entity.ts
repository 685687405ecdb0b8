import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { OrgUnit } from '@app/org';
import type { ReportState } from '@app/workflow';
import { PinnedForm, ReportingPeriod } from './period.entity';

export type DraftStep = 'editing' | 'awaitingSignature';

export interface ConsolidationMeta {
  lowerUnitIds: string[];
  missingUnitIds: string[];
  refreshedAt: string;
  /** The generated completeness paragraph last written into the narrative. */
  completeness: string;
}

/** What a công văn or plan asks its lower units for: issuing it opens a period with these (requests.ts). */
export interface ReportRequest {
  /** The annex forms, pinned when the request was drafted. */
  forms: PinnedForm[];
  /** YYYY-MM-DD: the answers are due by the end of this day. */
  deadline: string;
  /** The lower units asked. */
  orgUnitIds: string[];
}

export interface Recipient {
  name: string;
  orgUnitId?: string;
}

/** A unit's report for a period: narrative, recipients and the data of its forms (in report_cell). */
@Entity('report')
// One period report (BC) per unit and period — a unit issues as many letters and plans as it needs;
// a report replaced by a later one (replaces) steps aside.
@Index('report_unit_period_type_uq', ['orgUnitId', 'periodId', 'type'], {
  unique: true,
  where: `"type" = 'BC' AND "superseded_by_report_id" IS NULL`,
})
@Index('report_period_state_idx', ['periodId', 'state'])
@Check('report_state_check', `"state" IN ('draft', 'signed', 'submitted', 'consolidated')`)
@Check('report_step_check', `"step" IS NULL OR "step" IN ('editing', 'awaitingSignature')`)
export class Report {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId: string;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_unit_id', foreignKeyConstraintName: 'report_org_unit_fk' })
  orgUnit?: OrgUnit;

  @Column({ name: 'period_id', type: 'uuid' })
  periodId: string;

  @ManyToOne(() => ReportingPeriod, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'period_id', foreignKeyConstraintName: 'report_period_fk' })
  period?: ReportingPeriod;

  /** Document type, a code of the registry (@app/documents document-types.ts): BC, KH, CV. */
  @Column({ type: 'varchar', length: 8 })
  type: string;

  /** original: typed by the unit; consolidated: summed from the lower units. */
  @Column({ type: 'varchar', length: 16, default: 'original' })
  kind: 'original' | 'consolidated';

  /** Trích yếu. */
  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'text', default: '' })
  narrative: string;

  @Column({ type: 'jsonb' })
  recipients: Recipient[];

  /** The forms of the report, pinned to the versions of the period. */
  @Column({ type: 'jsonb' })
  forms: PinnedForm[];

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  state: ReportState;

  @Column({ type: 'varchar', length: 24, nullable: true, default: 'editing' })
  step: DraftStep | null;

  /** Optimistic concurrency: every write is `WHERE version = :expected` and increments it. */
  @Column({ type: 'int', default: 1 })
  version: number;

  /** The version of the approval machine that wrote the state (its snapshot is the state and step). */
  @Column({ name: 'machine_version', type: 'int', nullable: true })
  machineVersion: number | null;

  /** Time of the latest SUBMIT (timeliness is judged on it). */
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  /** When the direct upper unit acknowledged receipt (ACKNOWLEDGE) of the report as submitted; null once it leaves. */
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  /** The issued document this report replaces (thay thế), when it was created with `replaces`. */
  @Column({ name: 'replaces_document_id', type: 'uuid', nullable: true })
  replacesDocumentId: string | null;

  /** The report created to replace this one's issued document: this one no longer counts for its period. */
  @Column({ name: 'superseded_by_report_id', type: 'uuid', nullable: true })
  supersededByReportId: string | null;

  /** A công văn or plan asking lower units for a report; null otherwise. */
  @Column({ type: 'jsonb', nullable: true })
  request: ReportRequest | null;

  /** For a consolidated report: the lower units expected, those missing, when it was last refreshed. */
  @Column({ type: 'jsonb', nullable: true })
  consolidation: ConsolidationMeta | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
