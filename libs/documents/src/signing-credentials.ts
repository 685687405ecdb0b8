import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, X509Certificate } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ensureDemoPki, readPkcs12 } from './pades';
import { SigningCredential, TrustedRoot } from './entities/signing-credential.entity';

/** AES-256-GCM with a key derived from the configured secret: iv | tag | ciphertext. */
export class CredentialCipher {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from('te-reporting'), Buffer.from('signing-credential'), 32));
  }

  encrypt(plain: Buffer): Buffer {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }

  decrypt(blob: Buffer): Buffer {
    const d = createDecipheriv('aes-256-gcm', this.key, blob.subarray(0, 12));
    d.setAuthTag(blob.subarray(12, 28));
    return Buffer.concat([d.update(blob.subarray(28)), d.final()]);
  }
}

/** Stores a PKCS#12 for a person or an organisation, after checking it opens with its password. */
export async function storeCredential(em: EntityManager, cipher: CredentialCipher, ownerKind: 'user' | 'orgUnit', ownerId: string, p12: Buffer, password: string) {
  const contents = readPkcs12(p12, password);
  const cert = new X509Certificate(contents.certPem);
  await em.getRepository(SigningCredential).insert({
    ownerKind,
    ownerId,
    subject: cert.subject.replace(/\n/g, ', '),
    notAfter: new Date(cert.validTo),
    certificatePem: contents.certPem,
    p12Encrypted: cipher.encrypt(p12),
    passwordEncrypted: cipher.encrypt(Buffer.from(password, 'utf8')),
  });
  return { subject: cert.subject.replace(/\n/g, ', '), notAfter: new Date(cert.validTo) };
}

/** The newest credential of an owner, decrypted, or null. */
export async function loadCredential(em: EntityManager, cipher: CredentialCipher, ownerKind: 'user' | 'orgUnit', ownerId: string): Promise<{ p12: Buffer; password: string } | null> {
  const rows: { p12_encrypted: Buffer; password_encrypted: Buffer }[] = await em.query(
    `SELECT p12_encrypted, password_encrypted FROM signing_credential WHERE owner_kind = $1 AND owner_id = $2 AND not_after > now() ORDER BY created_at DESC LIMIT 1`,
    [ownerKind, ownerId],
  );
  if (!rows[0]) return null;
  return { p12: cipher.decrypt(rows[0].p12_encrypted), password: cipher.decrypt(rows[0].password_encrypted).toString('utf8') };
}

export async function trustedRoots(em: EntityManager): Promise<string[]> {
  return (await em.getRepository(TrustedRoot).find()).map((r) => r.certificatePem);
}

/**
 * The demo's certificates: a demo CA (kept in `pkiDir`, outside the repository) and a PKCS#12 for
 * every head and every unit of the database that has none yet, stored encrypted; the demo CA is
 * trusted. Run at start when the demo data is loaded.
 */
export async function provisionDemoCredentials(ds: DataSource, pkiDir: string, secret: string): Promise<number> {
  const cipher = new CredentialCipher(secret);
  const heads: { id: string; username: string; full_name: string; unit_name: string }[] = await ds.query(
    `SELECT u.id, u.username, u.full_name, o.name AS unit_name FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id
      WHERE 'head' = ANY(u.roles) AND NOT EXISTS (SELECT 1 FROM signing_credential c WHERE c.owner_kind = 'user' AND c.owner_id = u.id)`,
  );
  const units: { id: string; code: string; name: string }[] = await ds.query(
    `SELECT o.id, o.code, o.name FROM org_unit o WHERE NOT EXISTS (SELECT 1 FROM signing_credential c WHERE c.owner_kind = 'orgUnit' AND c.owner_id = o.id)`,
  );
  if (heads.length === 0 && units.length === 0) return 0;
  const pki = ensureDemoPki(
    pkiDir,
    heads.map((h) => ({ username: h.username, fullName: h.full_name, unitName: h.unit_name })),
    units.map((u) => ({ code: u.code, name: u.name })),
  );
  await ds.transaction(async (em) => {
    await em.query(`INSERT INTO trusted_root (name, certificate_pem) VALUES ($1, $2) ON CONFLICT (certificate_pem) DO NOTHING`, [
      new X509Certificate(pki.ca.certPem).subject.replace(/\n/g, ', '),
      pki.ca.certPem,
    ]);
    for (const h of heads) await storeCredential(em, cipher, 'user', h.id, pki.p12ByUser.get(h.username)!, pki.password);
    for (const u of units) await storeCredential(em, cipher, 'orgUnit', u.id, pki.p12ByUnit.get(u.code)!, pki.password);
  });
  return heads.length + units.length;
}
