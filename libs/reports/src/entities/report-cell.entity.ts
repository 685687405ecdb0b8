import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Report } from './report.entity';

/** One typed-in cell of one form of a report. Computed (ratio) cells are not stored. */
@Entity('report_cell')
@Check('report_cell_one_value_check', `num_nonnulls("num", "text", "bool") = 1`)
// Consolidation aggregates one form over many reports.
@Index('report_cell_form_idx', ['formCode', 'reportId'])
export class ReportCell {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @PrimaryColumn({ name: 'form_code', type: 'varchar', length: 32 })
  formCode: string;

  @PrimaryColumn({ name: 'row_key', type: 'varchar', length: 64 })
  rowKey: string;

  @PrimaryColumn({ name: 'column_key', type: 'varchar', length: 64 })
  columnKey: string;

  @ManyToOne(() => Report, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'report_cell_report_fk' })
  report?: Report;

  @Column({ type: 'numeric', nullable: true })
  num: string | null;

  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ type: 'boolean', nullable: true })
  bool: boolean | null;
}
