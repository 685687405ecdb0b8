import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Report } from './report.entity';

/** The head's signature of exactly what they saw: the SHA-256 of the report's canonical content. */
@Entity('report_signature')
@Index('report_signature_report_idx', ['reportId'])
export class ReportSignature {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @ManyToOne(() => Report, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'report_signature_report_fk' })
  report?: Report;

  @Column({ name: 'signer_id', type: 'uuid' })
  signerId: string;

  @Column({ name: 'signer_name', type: 'varchar', length: 120 })
  signerName: string;

  @Column({ name: 'position_title', type: 'varchar', length: 120, nullable: true })
  positionTitle: string | null;

  @Column({ name: 'sign_authority', type: 'varchar', length: 8, nullable: true })
  signAuthority: string | null;

  @Column({ name: 'sign_head_title', type: 'varchar', length: 120, nullable: true })
  signHeadTitle: string | null;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt: Date;

  @Column({ name: 'content_sha256', type: 'char', length: 64 })
  contentSha256: string;

  @Column({ name: 'report_version', type: 'int' })
  reportVersion: number;

  /**
   * Token mode: the PDF as the head signed it (their CMS embedded; the number and date places
   * empty), which the clerk's issue completes by incremental updates. Null in approval mode.
   */
  @Column({ name: 'signed_pdf', type: 'bytea', nullable: true, select: false })
  signedPdf?: Buffer | null;

  /** Token mode: where the signed PDF leaves the number, the date and the seal (IssuePlaces). */
  @Column({ name: 'issue_places', type: 'jsonb', nullable: true })
  issuePlaces: Record<string, unknown> | null;

  /** Token mode: SHA-256 (hex) of the certificate the head signed with. */
  @Column({ name: 'certificate_sha256', type: 'char', length: 64, nullable: true })
  certificateSha256: string | null;

  @Column({ name: 'voided_at', type: 'timestamptz', nullable: true })
  voidedAt: Date | null;

  @Column({ name: 'void_reason', type: 'text', nullable: true })
  voidReason: string | null;
}
