import { createHash, createPrivateKey } from 'node:crypto';
import { Signer } from '@signpdf/utils';
import { buildDetachedCms } from '../cms/detached-cms';
import { KeyDigestSigner } from '../cms/key-digest-signer';
import { pemCertificates } from './certificate';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  subjectKeyIdentifier: '2.5.29.14',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
} as const;

export interface CmsSignerOptions {
  /** PEM of the signing certificate. */
  certPem: string;
  /** PEM of its private key. */
  keyPem: string;
  /** PEM of the other certificates to embed (the chain), issuer first. */
  chainPem: string[];
  /**
   * Whether the signed attributes carry signing-time. PAdES baseline (ETSI EN 319 142-1) wants
   * it absent for ETSI.CAdES.detached (the time is the /M of the signature dictionary); viewers
   * (poppler's pdfsig, Adobe) show the attribute when present.
   */
  signingTimeAttribute: boolean;
}

/**
 * @signpdf's Signer for a key held in this process (tests, the demo's organisation keys):
 * the CMS is built by buildDetachedCms (pkijs) over the SHA-256 of the byte ranges.
 */
export class CadesSigner extends Signer {
  constructor(private readonly opts: CmsSignerOptions) {
    super();
  }

  /** The DER of the CMS over `content` (the PDF without its /Contents value). */
  override async sign(content: Buffer, signingTime?: Date): Promise<Buffer> {
    const signer = new KeyDigestSigner(
      createPrivateKey(this.opts.keyPem),
      pemCertificates(this.opts.certPem)[0],
      this.opts.chainPem.map((p) => pemCertificates(p)[0]),
    );
    return buildDetachedCms({
      digest: createHash('sha256').update(content).digest(),
      signer,
      signingTime: this.opts.signingTimeAttribute ? (signingTime ?? new Date()) : undefined,
    });
  }
}
