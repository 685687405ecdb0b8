import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

/**
 * A certificate revocation list: uploaded by the administrator, or fetched from a certificate's
 * CRL distribution point (kept until its nextUpdate, then fetched again). Stored only after its
 * signature was checked against the issuing CA.
 */
@Entity('revocation_list')
@Index('revocation_list_issuer_idx', ['issuerKey', 'thisUpdate'])
export class RevocationList {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** SHA-256 (hex) of the DER of the issuer's name: the CA whose certificates it lists. */
  @Column({ name: 'issuer_key', type: 'varchar', length: 64 })
  issuerKey: string;

  /** The issuer's name, for people to read. */
  @Column({ type: 'varchar', length: 500 })
  issuer: string;

  /** 'uploaded' (by the administrator) or 'fetched' (from `url`). */
  @Column({ type: 'varchar', length: 16 })
  source: 'uploaded' | 'fetched';

  /** The distribution point a fetched list came from (one row per URL). */
  @Index('revocation_list_url_uq', { unique: true })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  url: string | null;

  @Column({ type: 'bytea' })
  der: Buffer;

  @Column({ name: 'this_update', type: 'timestamptz' })
  thisUpdate: Date;

  @Column({ name: 'next_update', type: 'timestamptz', nullable: true })
  nextUpdate: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * The last OCSP answer about a certificate, verified, reused only until `reuseUntil` (its
 * nextUpdate, or five minutes after it was fetched when it has none).
 */
@Entity('ocsp_answer')
export class OcspAnswer {
  /** SHA-256 (hex) of the certificate's DER. */
  @PrimaryColumn({ name: 'certificate_sha256', type: 'varchar', length: 64 })
  certificateSha256: string;

  /** 'good', 'revoked' or 'unknown'. */
  @Column({ type: 'varchar', length: 16 })
  status: 'good' | 'revoked' | 'unknown';

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** CRLReason code (RFC 5280) when revoked with one. */
  @Column({ name: 'revocation_reason', type: 'smallint', nullable: true })
  revocationReason: number | null;

  @Column({ name: 'this_update', type: 'timestamptz' })
  thisUpdate: Date;

  @Column({ name: 'reuse_until', type: 'timestamptz' })
  reuseUntil: Date;

  @Column({ name: 'fetched_at', type: 'timestamptz' })
  fetchedAt: Date;

  @Column({ type: 'bytea' })
  der: Buffer;
}
