import { createHash } from 'node:crypto';
import { X509Certificate } from '@peculiar/x509';

// A certificate, as registered: at most this many bytes of DER (the trust store's own limit).
import { MAX_CERTIFICATE_BYTES } from '../trust/x509-certificates';
export { MAX_CERTIFICATE_BYTES };

export interface ParsedCertificate {
  der: Buffer;
  sha256: string;
  subject: string;
  issuer: string;
  /** Hex. */
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

/** A certificate text that is not a certificate (the reason in Vietnamese). */
export class CertificateInputError extends Error {}

/**
 * A certificate given as PEM or as base64 DER, parsed with @peculiar/x509 (one certificate; its
 * size bounded before parsing).
 */
export function parseCertificateInput(text: string): ParsedCertificate {
  const trimmed = text.trim();
  let b64 = trimmed;
  if (trimmed.startsWith('-----BEGIN')) {
    const m = /^-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----$/.exec(
      trimmed,
    );
    if (!m) throw new CertificateInputError('Chỉ nhận một chứng thư số dạng PEM (CERTIFICATE).');
    b64 = m[1];
  }
  b64 = b64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64))
    throw new CertificateInputError('Chứng thư số phải ở dạng PEM hoặc DER mã hóa base64.');
  if ((b64.length * 3) / 4 > MAX_CERTIFICATE_BYTES)
    throw new CertificateInputError('Chứng thư số quá lớn.');
  return parseCertificateDer(Buffer.from(b64, 'base64'));
}

export function parseCertificateDer(der: Buffer): ParsedCertificate {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(new Uint8Array(der));
  } catch {
    throw new CertificateInputError('Không đọc được chứng thư số (không phải chứng thư X.509).');
  }
  // What was parsed must be the whole input: no trailing bytes.
  const exact = Buffer.from(cert.rawData);
  if (!exact.equals(der))
    throw new CertificateInputError('Không đọc được chứng thư số (không phải chứng thư X.509).');
  return {
    der: exact,
    sha256: createHash('sha256').update(exact).digest('hex'),
    subject: cert.subject,
    issuer: cert.issuer,
    serial: cert.serialNumber.toLowerCase(),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  };
}
