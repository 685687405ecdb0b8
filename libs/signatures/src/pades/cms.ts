import { createHash, createPrivateKey, sign as cryptoSign } from 'node:crypto';
import * as forge from 'node-forge';
import { Signer } from '@signpdf/utils';

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

const { asn1 } = forge;
const seq = (value: forge.asn1.Asn1[]) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, value);
const set = (value: forge.asn1.Asn1[]) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, value);
const oid = (o: string) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(o).getBytes());
const int = (n: number) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const octets = (b: Buffer) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, b.toString('binary'));
const nul = () => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '');
const der = (a: forge.asn1.Asn1) => Buffer.from(asn1.toDer(a).getBytes(), 'binary');
const fromDer = (b: Buffer) => asn1.fromDer(forge.util.createBuffer(b.toString('binary')));
const algorithm = (o: string, withNull = true) => seq(withNull ? [oid(o), nul()] : [oid(o)]);

function utcOrGeneralized(d: Date): forge.asn1.Asn1 {
  const y = d.getUTCFullYear();
  return y >= 1950 && y < 2050
    ? asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(d))
    : asn1.create(
        asn1.Class.UNIVERSAL,
        asn1.Type.GENERALIZEDTIME,
        false,
        asn1.dateToGeneralizedTime(d),
      );
}

const attribute = (type: string, value: forge.asn1.Asn1) => seq([oid(type), set([value])]);

/** Issuer Name and serialNumber of a certificate, taken from its DER as they are. */
function issuerAndSerial(certDer: Buffer): { issuer: forge.asn1.Asn1; serial: forge.asn1.Asn1 } {
  const cert = fromDer(certDer);
  const tbs = (cert.value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[];
  const i = tbs[0].tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  return { serial: tbs[i], issuer: tbs[i + 2] };
}

export interface CmsSignerOptions {
  /** PEM of the signing certificate. */
  certPem: string;
  /** PEM of its private key (RSA). */
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
 * A CMS SignedData (RFC 5652), detached, SHA-256 + RSA PKCS#1 v1.5, with the signed attributes
 * contentType, messageDigest, signingCertificateV2 (ESS, RFC 5035: what makes it CAdES) and,
 * optionally, signingTime. The certificate chain is embedded.
 */
export class CadesSigner extends Signer {
  constructor(private readonly opts: CmsSignerOptions) {
    super();
  }

  /** The DER of the CMS over `content` (the PDF without its /Contents value). */
  override async sign(content: Buffer, signingTime?: Date): Promise<Buffer> {
    return this.signDigest(
      createHash('sha256').update(content).digest(),
      signingTime ?? new Date(),
    );
  }

  signDigest(digest: Buffer, signingTime: Date): Buffer {
    const certDer = Buffer.from(forge.pki.pemToDer(this.opts.certPem).getBytes(), 'binary');
    const chainDer = this.opts.chainPem.map((p) =>
      Buffer.from(forge.pki.pemToDer(p).getBytes(), 'binary'),
    );
    const { issuer, serial } = issuerAndSerial(certDer);

    // ESSCertIDv2 with the default hash algorithm (SHA-256, so omitted) and IssuerSerial.
    const essCertIdV2 = seq([
      octets(createHash('sha256').update(certDer).digest()),
      seq([seq([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 4, true, [issuer])]), serial]),
    ]);
    const attrs = [
      attribute(OID.contentType, oid(OID.data)),
      ...(this.opts.signingTimeAttribute
        ? [attribute(OID.signingTime, utcOrGeneralized(signingTime))]
        : []),
      attribute(OID.messageDigest, octets(digest)),
      attribute(OID.signingCertificateV2, seq([seq([essCertIdV2])])),
    ]
      // DER: a SET OF is sorted by the encodings of its elements.
      .map((a) => ({ a, bytes: der(a) }))
      .sort((x, y) => Buffer.compare(x.bytes, y.bytes))
      .map((x) => x.a);
    const signedAttrsDer = der(set(attrs));
    const signature = cryptoSign('sha256', signedAttrsDer, createPrivateKey(this.opts.keyPem));

    const signerInfo = seq([
      int(1),
      seq([issuer, serial]),
      algorithm(OID.sha256, false),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, attrs),
      algorithm(OID.rsaEncryption),
      octets(signature),
    ]);
    const certificates = [certDer, ...chainDer].map(fromDer);
    const signedData = seq([
      int(1),
      set([algorithm(OID.sha256, false)]),
      seq([oid(OID.data)]),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, certificates),
      set([signerInfo]),
    ]);
    return der(
      seq([oid(OID.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])]),
    );
  }
}
