import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CertificateTrust } from '../trust/certificate-trust';
import { CMS_OID, signedAttributesDer } from './detached-cms';

/** A signer's CMS is at most this many bytes (what the prepared /Contents holds). */
export const MAX_CMS_BYTES = 16 * 1024;

/** Why a returned signature is refused, in Vietnamese (answered as 422). */
export class SignatureRefused extends Error {}

export interface VerifiedSignerCms {
  /** DER of the signing certificate (one of the registered ones). */
  certificate: Buffer;
  certificateSha256: string;
  /** The certificate's subject common name, when it has one. */
  commonName: string | null;
}

export interface SignerCmsExpectation {
  /** The SHA-256 the messageDigest attribute must carry (the prepared byte ranges'). */
  digest: Buffer;
  /** DER of the certificates registered for this signer: the signing one must be among them. */
  registered: Buffer[];
  /** The time the signature is accepted at (validity, revocation). */
  at: Date;
}

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

/**
 * Checks a detached CMS (CAdES) returned by a signer's client for a prepared PDF: one signer; its
 * certificate one registered for this signer; the signed attributes' content type `data` and
 * messageDigest the prepared digest; the signature over the signed attributes made by that
 * certificate's key (SHA-256, RSA PKCS#1 v1.5 or ECDSA); the certificate trusted at `at` (chain
 * to an anchor, validity, revocation, key usage: CertificateTrust). Parsed with pkijs, within size
 * bounds. Throws SignatureRefused with the reason.
 */
export async function verifySignerCms(
  cms: Buffer,
  expected: SignerCmsExpectation,
  trust: CertificateTrust,
): Promise<VerifiedSignerCms> {
  if (cms.length === 0 || cms.length > MAX_CMS_BYTES)
    throw new SignatureRefused('Chữ ký gửi lên rỗng hoặc quá lớn.');
  let sd: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(new Uint8Array(cms));
    if (info.contentType !== CMS_OID.signedData) throw new Error('not SignedData');
    sd = new pkijs.SignedData({ schema: info.content });
  } catch {
    throw new SignatureRefused('Chữ ký gửi lên không phải CMS SignedData (DER) hợp lệ.');
  }
  if (sd.signerInfos.length !== 1)
    throw new SignatureRefused('Chữ ký gửi lên phải có đúng một người ký.');
  const si = sd.signerInfos[0];
  const certs = (sd.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  const certDers = certs.map((c) => Buffer.from(c.toSchema().toBER()));
  const index = certs.findIndex((c) => matchesSid(c, si.sid));
  if (index < 0) throw new SignatureRefused('Chữ ký gửi lên không kèm chứng thư số của người ký.');
  const certificate = certDers[index];
  if (!expected.registered.some((r) => r.equals(certificate)))
    throw new SignatureRefused(
      'Chứng thư số dùng để ký không phải chứng thư số đã đăng ký của người ký này.',
    );
  if (si.digestAlgorithm.algorithmId !== CMS_OID.sha256)
    throw new SignatureRefused('Chữ ký phải dùng hàm băm SHA-256.');
  const attrs = si.signedAttrs?.attributes ?? [];
  const contentType = attrs.find((a) => a.type === CMS_OID.contentType)?.values[0];
  const messageDigest = attrs.find((a) => a.type === CMS_OID.messageDigest)?.values[0];
  if (
    !(contentType instanceof asn1js.ObjectIdentifier) ||
    contentType.valueBlock.toString() !== CMS_OID.data ||
    !(messageDigest instanceof asn1js.OctetString)
  )
    throw new SignatureRefused(
      'Chữ ký thiếu các thuộc tính bắt buộc (contentType, messageDigest).',
    );
  if (!Buffer.from(messageDigest.valueBlock.valueHexView).equals(expected.digest))
    throw new SignatureRefused(
      'Chữ ký không ký đúng văn bản đã chuẩn bị (mã băm khác với văn bản chờ ký).',
    );
  const algorithm = si.signatureAlgorithm.algorithmId;
  if (
    ![CMS_OID.rsaEncryption, SHA256_WITH_RSA, CMS_OID.ecdsaWithSha256].includes(algorithm as never)
  )
    throw new SignatureRefused('Thuật toán chữ ký không được hỗ trợ (RSA hoặc ECDSA với SHA-256).');
  const x509 = new X509Certificate(certificate);
  const ok = cryptoVerify(
    'sha256',
    signedAttributesDer(si.signedAttrs!),
    x509.publicKey,
    Buffer.from(si.signature.valueBlock.valueHexView),
  );
  if (!ok)
    throw new SignatureRefused(
      'Chữ ký không hợp lệ: không được tạo bằng khóa của chứng thư số kèm theo.',
    );
  const trusted = await trust.check(
    certificate,
    certDers.filter((_, i) => i !== index),
    expected.at,
  );
  if (trusted.verdict !== 'valid')
    throw new SignatureRefused(trusted.message || 'Chứng thư số không được tin cậy.');
  return {
    certificate,
    certificateSha256: createHash('sha256').update(certificate).digest('hex'),
    commonName: /(?:^|,|\n)\s*CN=([^,\n]+)/.exec(x509.subject)?.[1]?.trim() ?? null,
  };
}

function matchesSid(cert: pkijs.Certificate, sid: pkijs.SignerInfo['sid']): boolean {
  if (sid instanceof pkijs.IssuerAndSerialNumber)
    return cert.issuer.isEqual(sid.issuer) && cert.serialNumber.isEqual(sid.serialNumber);
  // SubjectKeyIdentifier: the certificate's extension, compared as bytes.
  const ski = cert.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue;
  return (
    ski instanceof asn1js.OctetString &&
    sid instanceof asn1js.OctetString &&
    Buffer.from(ski.valueBlock.valueHexView).equals(Buffer.from(sid.valueBlock.valueHexView))
  );
}
