import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrgUnit } from '@app/org';
import { ReportingPeriod } from '@app/reports';

/** The escalation's row: `days_before` of the day after the deadline. */
export const ESCALATION_OFFSET = -1;

/**
 * A reminder told (or an escalation, days_before = -1): once per period, unit and offset, whatever
 * the number of passes or processes — the row is written in the transaction of its notifications.
 */
@Entity('deadline_reminder')
export class DeadlineReminder {
  @PrimaryColumn({
    name: 'period_id',
    type: 'uuid',
    primaryKeyConstraintName: 'deadline_reminder_pkey',
  })
  periodId: string;

  @PrimaryColumn({
    name: 'org_unit_id',
    type: 'uuid',
    primaryKeyConstraintName: 'deadline_reminder_pkey',
  })
  orgUnitId: string;

  @PrimaryColumn({
    name: 'days_before',
    type: 'int',
    primaryKeyConstraintName: 'deadline_reminder_pkey',
  })
  daysBefore: number;

  @ManyToOne(() => ReportingPeriod, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'period_id', foreignKeyConstraintName: 'deadline_reminder_period_fk' })
  period?: ReportingPeriod;

  @ManyToOne(() => OrgUnit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_unit_id', foreignKeyConstraintName: 'deadline_reminder_unit_fk' })
  unit?: OrgUnit;

  /** The deadline it was about (a later extension is reminded of anew only at its own offsets). */
  @Column({ type: 'date' })
  deadline: string;

  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt: Date;
}
