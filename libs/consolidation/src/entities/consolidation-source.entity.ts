import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Report } from '@app/reports';

/** A lower unit's report included in a consolidated report at its latest refresh. */
@Entity('consolidation_source')
@Index('consolidation_source_source_idx', ['sourceReportId'])
export class ConsolidationSource {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @ManyToOne(() => Report, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'consolidation_source_report_fk' })
  report?: Report;

  @PrimaryColumn({ name: 'source_report_id', type: 'uuid' })
  sourceReportId: string;

  @ManyToOne(() => Report, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'source_report_id',
    foreignKeyConstraintName: 'consolidation_source_source_fk',
  })
  sourceReport?: Report;

  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId: string;

  /** The source's version when it was summed. */
  @Column({ name: 'source_version', type: 'int' })
  sourceVersion: number;

  @Column({ name: 'document_id', type: 'uuid', nullable: true })
  documentId: string | null;

  @Column({ name: 'number_text', type: 'varchar', length: 64, nullable: true })
  numberText: string | null;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt: Date | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'on_time', type: 'boolean', nullable: true })
  onTime: boolean | null;
}
