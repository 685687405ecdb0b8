import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SigningCredential, SigningImage, TrustedRoot } from './entities/signing-credential.entity';

export type OwnerKind = 'user' | 'orgUnit';

/** Thin queries over signing_credential, trusted_root and signing_image. */
@Injectable()
export class SigningCredentialsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insert(
    em: EntityManager,
    credential: Omit<SigningCredential, 'id' | 'createdAt'>,
  ): Promise<void> {
    await em.getRepository(SigningCredential).insert(credential);
  }

  /** The encrypted PKCS#12 and password of the owner's newest credential still valid, or null. */
  async newestValid(
    ownerKind: OwnerKind,
    ownerId: string,
    em: EntityManager = this.ds.manager,
  ): Promise<{ p12Encrypted: Buffer; passwordEncrypted: Buffer } | null> {
    const rows: { p12_encrypted: Buffer; password_encrypted: Buffer }[] = await em.query(
      `SELECT p12_encrypted, password_encrypted FROM signing_credential WHERE owner_kind = $1 AND owner_id = $2 AND not_after > now() ORDER BY created_at DESC LIMIT 1`,
      [ownerKind, ownerId],
    );
    return rows[0]
      ? { p12Encrypted: rows[0].p12_encrypted, passwordEncrypted: rows[0].password_encrypted }
      : null;
  }

  /** The certificates stored (never the keys), newest first. */
  list(): Promise<SigningCredential[]> {
    return this.ds.getRepository(SigningCredential).find({ order: { createdAt: 'DESC' } });
  }

  /** Owners of a kind that have a stored credential. */
  async ownersWithCredential(ownerKind: OwnerKind): Promise<Set<string>> {
    const rows: { owner_id: string }[] = await this.ds.query(
      `SELECT DISTINCT owner_id FROM signing_credential WHERE owner_kind = $1`,
      [ownerKind],
    );
    return new Set(rows.map((r) => r.owner_id));
  }

  async trustedRootPems(): Promise<string[]> {
    return (await this.ds.getRepository(TrustedRoot).find()).map((r) => r.certificatePem);
  }

  async addTrustedRoot(em: EntityManager, name: string, certificatePem: string): Promise<void> {
    const der = Buffer.from(
      certificatePem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''),
      'base64',
    );
    await em.query(
      `INSERT INTO trusted_root (name, certificate_pem, sha256) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING`,
      [name, certificatePem, createHash('sha256').update(der).digest('hex')],
    );
  }

  async insertImage(image: Omit<SigningImage, 'id' | 'createdAt'>): Promise<void> {
    await this.ds.getRepository(SigningImage).insert(image);
  }

  /** The owner's newest signature image or seal, or null. */
  async latestImage(
    ownerKind: OwnerKind,
    ownerId: string,
    em: EntityManager = this.ds.manager,
  ): Promise<{ mimeType: string; data: Buffer } | null> {
    const rows: { mime_type: string; data: Buffer }[] = await em.query(
      `SELECT mime_type, data FROM signing_image WHERE owner_kind = $1 AND owner_id = $2 ORDER BY created_at DESC LIMIT 1`,
      [ownerKind, ownerId],
    );
    return rows[0] ? { mimeType: rows[0].mime_type, data: rows[0].data } : null;
  }
}
