import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OrgUnit } from '@app/org';
import { Report } from '@app/reports';
import type { DocumentModel, IssuerModel, SignatureModel } from '@app/documents';

/**
 * An issued original, frozen: number, symbol, issue date, issuer as it was that day, subject,
 * signer, recipients, the PDF and its SHA-256. The database refuses UPDATE and DELETE.
 */
@Entity('issued_document')
@Index('issued_document_number_uq', ['orgUnitId', 'year', 'series', 'number'], { unique: true })
@Index('issued_document_number_text_uq', ['orgUnitId', 'year', 'numberText'], { unique: true })
@Index('issued_document_sha256_idx', ['sha256'])
@Index('issued_document_report_idx', ['reportId'])
export class IssuedDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @ManyToOne(() => Report, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'issued_document_report_fk' })
  report?: Report;

  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId: string;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_unit_id', foreignKeyConstraintName: 'issued_document_org_unit_fk' })
  orgUnit?: OrgUnit;

  @Column({ type: 'int' })
  year: number;

  /** Numbering series: "all" (one series for every document type) unless the unit keeps one per type. */
  @Column({ type: 'varchar', length: 16 })
  series: string;

  @Column({ type: 'int' })
  number: number;

  /** "BC-UBND". */
  @Column({ type: 'varchar', length: 48 })
  symbol: string;

  /** "05/BC-UBND". */
  @Column({ name: 'number_text', type: 'varchar', length: 64 })
  numberText: string;

  @Column({ name: 'doc_type', type: 'varchar', length: 8 })
  docType: string;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;

  /** The date printed on the document (Vietnam). */
  @Column({ name: 'issue_date', type: 'date' })
  issueDate: string;

  @Column({ type: 'jsonb' })
  issuer: IssuerModel & { code: string; level: string };

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'jsonb' })
  signer: SignatureModel & {
    signerId: string | null;
    signedAt: string | null;
    contentSha256: string | null;
  };

  @Column({ type: 'jsonb' })
  recipients: { name: string; orgUnitId?: string }[];

  @Column({ name: 'issued_by', type: 'uuid' })
  issuedBy: string;

  /** The model the original was printed from, without images (its Word copy); null before it was kept. */
  @Column({ type: 'jsonb', nullable: true, select: false })
  model: DocumentModel | null;

  @Column({ type: 'bytea', select: false })
  pdf: Buffer;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ name: 'pdf_size', type: 'int' })
  pdfSize: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
