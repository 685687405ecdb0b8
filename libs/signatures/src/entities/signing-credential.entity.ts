import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A PKCS#12 signing certificate of a person or an organisation, kept encrypted (AES-256-GCM with
 * a key derived from CREDENTIAL_SECRET) together with its password. The newest one is used.
 */
@Entity('signing_credential')
@Index('signing_credential_owner_idx', ['ownerKind', 'ownerId', 'createdAt'])
export class SigningCredential {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 'user' or 'orgUnit'. */
  @Column({ name: 'owner_kind', type: 'varchar', length: 16 })
  ownerKind: 'user' | 'orgUnit';

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  /** Subject of the certificate, for people to read. */
  @Column({ type: 'varchar', length: 500 })
  subject: string;

  @Column({ name: 'not_after', type: 'timestamptz' })
  notAfter: Date;

  @Column({ name: 'certificate_pem', type: 'text' })
  certificatePem: string;

  /** iv (12) | tag (16) | ciphertext of the PKCS#12 bytes. */
  @Column({ name: 'p12_encrypted', type: 'bytea', select: false })
  p12Encrypted: Buffer;

  @Column({ name: 'password_encrypted', type: 'bytea', select: false })
  passwordEncrypted: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A trust anchor: a root or intermediate certificate authority the administrator trusts (the demo
 * CA in the demo). A signing certificate is trusted when its chain reaches one of them.
 */
@Entity('trusted_root')
export class TrustedRoot {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The certificate's subject, for people to read. */
  @Column({ type: 'varchar', length: 500 })
  name: string;

  @Column({ name: 'certificate_pem', type: 'text' })
  certificatePem: string;

  /** SHA-256 (hex) of the certificate's DER: one row per certificate. */
  @Index('trusted_root_sha256_uq', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  /** The administrator who added it (null: added by the installation or the demo). */
  @Column({ name: 'added_by', type: 'uuid', nullable: true })
  addedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A person's handwritten signature image or an organisation's seal, printed on issued documents. */
@Entity('signing_image')
@Index('signing_image_owner_idx', ['ownerKind', 'ownerId', 'createdAt'])
export class SigningImage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 'user' (signature, blue) or 'orgUnit' (seal, red). */
  @Column({ name: 'owner_kind', type: 'varchar', length: 16 })
  ownerKind: 'user' | 'orgUnit';

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ name: 'mime_type', type: 'varchar', length: 32 })
  mimeType: string;

  @Column({ type: 'bytea' })
  data: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
