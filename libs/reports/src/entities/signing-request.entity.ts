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
import { Report } from './report.entity';

export type SigningRole = 'head' | 'organisation';
export type SigningRequestStatus = 'pending' | 'completed' | 'cancelled';

/**
 * A signature the server waits for (deferred signing): the exact PDF prepared for it (its byte
 * ranges fixed, /Contents empty), the digest the signer's CMS must carry, and what the step does
 * once a valid CMS arrives. The head's SIGN and the clerk's SUBMIT of a unit in `token` mode
 * create one instead of moving the report; a new request of the same report replaces it.
 */
@Entity('signing_request')
@Check('signing_request_role_check', `"role" IN ('head', 'organisation')`)
@Check('signing_request_status_check', `"status" IN ('pending', 'completed', 'cancelled')`)
@Index('signing_request_pending_uq', ['reportId'], { unique: true, where: `"status" = 'pending'` })
export class SigningRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @ManyToOne(() => Report, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'signing_request_report_fk' })
  report?: Report;

  /** 'head' (the person's signature, SIGN) or 'organisation' (the issuing signature, SUBMIT). */
  @Column({ type: 'varchar', length: 16 })
  role: SigningRole;

  /** Whose certificate must sign: the head (a user) or the report's unit. */
  @Column({ name: 'signer_kind', type: 'varchar', length: 16 })
  signerKind: 'user' | 'orgUnit';

  @Column({ name: 'signer_id', type: 'uuid' })
  signerId: string;

  /** Who asked (the head for SIGN, the clerk for SUBMIT). */
  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  /** The report's version when asked: any change to the report makes the request stale. */
  @Column({ name: 'report_version', type: 'int' })
  reportVersion: number;

  /** The PDF with the empty signature, /ByteRange fixed. */
  @Column({ name: 'prepared_pdf', type: 'bytea' })
  preparedPdf: Buffer;

  @Column({ name: 'byte_range', type: 'jsonb' })
  byteRange: number[];

  /** SHA-256 of the byte ranges: the messageDigest the CMS must carry. */
  @Column({ type: 'bytea' })
  digest: Buffer;

  /** SHA-256 of the prepared PDF, hex. */
  @Column({ name: 'pdf_sha256', type: 'char', length: 64 })
  pdfSha256: string;

  /** What the step records once signed (SIGN: authority and titles; SUBMIT: number and date). */
  @Column({ type: 'jsonb' })
  details: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: SigningRequestStatus;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
