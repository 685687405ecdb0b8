import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { DigestSigner } from './digest-signer';

/** Object identifiers of the CMS and CAdES parts we build. */
export const CMS_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
} as const;

export interface DetachedCmsOptions {
  /** SHA-256 of the signed content (for a PDF: of its byte ranges). */
  digest: Buffer;
  signer: DigestSigner;
  /**
   * A signing-time attribute. PAdES baseline (ETSI EN 319 142-1) wants it absent for
   * ETSI.CAdES.detached, where the time is the /M of the signature dictionary.
   */
  signingTime?: Date;
}

const toArrayBuffer = (b: Buffer): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/**
 * A CMS SignedData (RFC 5652), detached, SHA-256, with the signed attributes contentType,
 * messageDigest, signingCertificateV2 (ESS, RFC 5035: what makes it CAdES) and optionally
 * signingTime; the certificate and its chain embedded. Built with pkijs; the signer only signs
 * the DER of the signed attributes, so a token's key never leaves the token.
 */
export async function buildDetachedCms(opts: DetachedCmsOptions): Promise<Buffer> {
  if (opts.digest.length !== 32) throw new Error('The digest must be a SHA-256 (32 bytes)');
  const certDer = await opts.signer.certificate();
  const chainDer = await opts.signer.chain();
  const cert = parseCertificate(certDer);
  const attributes = [
    attribute(CMS_OID.contentType, new asn1js.ObjectIdentifier({ value: CMS_OID.data })),
    ...(opts.signingTime
      ? [attribute(CMS_OID.signingTime, new asn1js.UTCTime({ valueDate: opts.signingTime }))]
      : []),
    attribute(
      CMS_OID.messageDigest,
      new asn1js.OctetString({ valueHex: toArrayBuffer(opts.digest) }),
    ),
    attribute(CMS_OID.signingCertificateV2, signingCertificateV2(cert, certDer)),
  ]
    // DER: a SET OF is sorted by the encodings of its elements.
    .map((a) => ({ a, der: Buffer.from(a.toSchema().toBER()) }))
    .sort((x, y) => Buffer.compare(x.der, y.der))
    .map((x) => x.a);
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
  const keyAlgorithm = await opts.signer.keyAlgorithm();
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.sha256 }),
    signedAttrs,
    signatureAlgorithm:
      keyAlgorithm === 'RSA'
        ? new pkijs.AlgorithmIdentifier({
            algorithmId: CMS_OID.rsaEncryption,
            algorithmParams: new asn1js.Null(),
          })
        : new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.ecdsaWithSha256 }),
  });
  const signature = await opts.signer.sign(signedAttributesDer(signedAttrs));
  signerInfo.signature = new asn1js.OctetString({ valueHex: toArrayBuffer(signature) });
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: CMS_OID.data }),
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.sha256 })],
    certificates: [cert, ...chainDer.map(parseCertificate)],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({
    contentType: CMS_OID.signedData,
    content: signedData.toSchema(true),
  });
  return Buffer.from(contentInfo.toSchema().toBER());
}

/** What a signer signs: the signed attributes encoded as a SET (RFC 5652 §5.4), not as [0]. */
export function signedAttributesDer(attrs: pkijs.SignedAndUnsignedAttributes): Buffer {
  const der = Buffer.from(attrs.toSchema().toBER());
  der[0] = 0x31;
  return der;
}

export function parseCertificate(der: Buffer): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

/** ESS SigningCertificateV2 with one ESSCertIDv2: SHA-256 (the default, so omitted) and IssuerSerial. */
function signingCertificateV2(cert: pkijs.Certificate, certDer: Buffer): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 4 },
            value: [cert.issuer.toSchema()],
          }),
        ],
      }),
      new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView.slice().buffer }),
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [
      new asn1js.OctetString({
        valueHex: toArrayBuffer(createHash('sha256').update(certDer).digest()),
      }),
      issuerSerial,
    ],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}
