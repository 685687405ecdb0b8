import { createPrivateKey, KeyObject, sign as cryptoSign } from 'node:crypto';
import { pemCertificates } from '../pades/certificate';
import { readPkcs12 } from '../pades/pkcs12';
import { DigestSigner } from './digest-signer';

/**
 * A signer whose key is in this process: a PKCS#12 file opened by the sign client on the
 * signer's own computer, or the test and demo CAs. The server never builds one from a person's key.
 */
export class KeyDigestSigner implements DigestSigner {
  constructor(
    private readonly key: KeyObject,
    private readonly certDer: Buffer,
    private readonly chainDer: Buffer[] = [],
  ) {}

  /** From a PKCS#12 file and its password (node-forge reads PKCS#12: Node's crypto does not). */
  static fromPkcs12(p12: Buffer, password: string): KeyDigestSigner {
    const { certPem, keyPem, chainPem } = readPkcs12(p12, password);
    return new KeyDigestSigner(
      createPrivateKey(keyPem),
      pemCertificates(certPem)[0],
      chainPem.map((p) => pemCertificates(p)[0]),
    );
  }

  async certificate(): Promise<Buffer> {
    return this.certDer;
  }

  async chain(): Promise<Buffer[]> {
    return this.chainDer;
  }

  async keyAlgorithm(): Promise<'RSA' | 'EC'> {
    const type = this.key.asymmetricKeyType;
    if (type === 'rsa') return 'RSA';
    if (type === 'ec') return 'EC';
    throw new Error(`Unsupported signing key type: ${type}`);
  }

  async sign(data: Buffer): Promise<Buffer> {
    return cryptoSign('sha256', data, this.key);
  }
}
