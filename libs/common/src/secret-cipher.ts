import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with a key derived from the configured secret and a purpose (a separate key for each
 * kind of secret kept at rest): iv | tag | ciphertext.
 */
export class CredentialCipher {
  private readonly key: Buffer;

  constructor(secret: string, purpose = 'signing-credential') {
    this.key = Buffer.from(
      hkdfSync(
        'sha256',
        Buffer.from(secret, 'utf8'),
        Buffer.from('te-reporting'),
        Buffer.from(purpose),
        32,
      ),
    );
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

/** The one cipher of the process, keyed by CREDENTIAL_SECRET. */
export const CREDENTIAL_CIPHER = Symbol('CREDENTIAL_CIPHER');
