import { createHash } from 'node:crypto';
import * as x509 from './x509';

/** The OIDs of the extensions read here. */
const EXT = {
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

/** Raised for bytes that are not one X.509 certificate. */
export class NotACertificateError extends Error {}

/** Largest certificate accepted (DER bytes); real ones are 1–3 KiB. */
export const MAX_CERTIFICATE_BYTES = 16 * 1024;

export const toArrayBuffer = (b: Buffer): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/** A DER certificate parsed by @peculiar/x509 (throws NotACertificateError). */
export function parseX509(der: Buffer): x509.X509Certificate {
  if (der.length === 0 || der.length > MAX_CERTIFICATE_BYTES)
    throw new NotACertificateError(`a certificate of ${der.length} bytes`);
  try {
    return new x509.X509Certificate(toArrayBuffer(der));
  } catch (e) {
    throw new NotACertificateError((e as Error).message);
  }
}

/**
 * What a person pastes or uploads as a certificate: PEM (the first CERTIFICATE block) or base64 of
 * the DER, whitespace allowed → the DER (throws NotACertificateError for anything else).
 */
export function certificateDerFromText(text: string): Buffer {
  if (typeof text !== 'string' || text.length === 0 || text.length > 4 * MAX_CERTIFICATE_BYTES)
    throw new NotACertificateError('empty or too long');
  const pem = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(text);
  const b64 = (pem ? pem[1] : text).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new NotACertificateError('not base64');
  const der = Buffer.from(b64, 'base64');
  parseX509(der);
  return der;
}

export const sha256Hex = (b: Buffer | ArrayBuffer): string =>
  createHash('sha256')
    .update(Buffer.isBuffer(b) ? b : Buffer.from(b))
    .digest('hex');

export const derOf = (c: x509.X509Certificate): Buffer => Buffer.from(c.rawData);

export function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** Whether basicConstraints says CA. */
export function isCa(c: x509.X509Certificate): boolean {
  const bc = c.getExtension<x509.BasicConstraintsExtension>(EXT.basicConstraints);
  return !!bc?.ca;
}

/** keyUsage allows signing documents: digitalSignature or nonRepudiation (no keyUsage: any use). */
export function allowsSigning(c: x509.X509Certificate): boolean {
  const ku = c.getExtension<x509.KeyUsagesExtension>(EXT.keyUsage);
  if (!ku) return true;
  return (
    (ku.usages & (x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation)) !== 0
  );
}

/** keyUsage allows signing certificates (no keyUsage: any use). */
export function allowsCertSign(c: x509.X509Certificate): boolean {
  const ku = c.getExtension<x509.KeyUsagesExtension>(EXT.keyUsage);
  return !ku || (ku.usages & x509.KeyUsageFlags.keyCertSign) !== 0;
}

/** The http URLs of the OCSP responders named in the Authority Information Access. */
export function ocspUrls(c: x509.X509Certificate): string[] {
  const aia = c.getExtension<x509.AuthorityInfoAccessExtension>(EXT.authorityInfoAccess);
  return (aia?.ocsp ?? [])
    .filter((g) => g.type === 'url' && /^http:\/\//i.test(g.value))
    .map((g) => g.value)
    .slice(0, 3);
}

/** The http URLs of the CRL distribution points. */
export function crlUrls(c: x509.X509Certificate): string[] {
  const dp = c.getExtension<x509.CRLDistributionPointsExtension>(EXT.crlDistributionPoints);
  const out: string[] = [];
  for (const point of dp?.distributionPoints ?? [])
    for (const name of point.distributionPoint?.fullName ?? [])
      if (name.uniformResourceIdentifier && /^http:\/\//i.test(name.uniformResourceIdentifier))
        out.push(name.uniformResourceIdentifier);
  return out.slice(0, 3);
}

/** The value of one attribute of a distinguished name (CN, O…), or undefined. */
export function nameAttribute(name: x509.Name | string, type: string): string | undefined {
  const n = typeof name === 'string' ? new x509.Name(name) : name;
  return n.getField(type)[0];
}

/** The subject's common name, else its organisation, else the whole name. */
export function displayNameOf(name: x509.Name | string): string {
  const n = typeof name === 'string' ? new x509.Name(name) : name;
  return nameAttribute(n, 'CN') ?? nameAttribute(n, 'O') ?? n.toString();
}

/** Serial number as upper-case hex without leading zeros (as CAs print it). */
export function serialHex(c: x509.X509Certificate): string {
  return c.serialNumber.replace(/^(00)+(?=.)/, '').toUpperCase();
}
