import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A certificate a person or an organisation signs with, registered in their profile: only the
 * certificate (public), never a key. A signature is accepted from a signer only with one of theirs.
 */
@Entity('registered_certificate')
@Index('registered_certificate_owner_uq', ['ownerKind', 'ownerId', 'sha256'], { unique: true })
export class RegisteredCertificate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 'user' (a person's) or 'orgUnit' (the organisation's). */
  @Column({ name: 'owner_kind', type: 'varchar', length: 16 })
  ownerKind: 'user' | 'orgUnit';

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  /** DER of the certificate. */
  @Column({ name: 'certificate_der', type: 'bytea' })
  certificateDer: Buffer;

  /** SHA-256 of the DER, hex. */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 1000 })
  subject: string;

  @Column({ type: 'varchar', length: 1000 })
  issuer: string;

  /** Serial number, hex. */
  @Column({ type: 'varchar', length: 128 })
  serial: string;

  @Column({ name: 'not_before', type: 'timestamptz' })
  notBefore: Date;

  @Column({ name: 'not_after', type: 'timestamptz' })
  notAfter: Date;

  @Column({ name: 'registered_by', type: 'uuid', nullable: true })
  registeredBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
