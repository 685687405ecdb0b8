import { X509Certificate } from 'node:crypto';
import {
  CONTEXT,
  decodeOid,
  decodeString,
  DerNode,
  elementBytes,
  expectUniversal,
  isContext,
  isUniversal,
  parseDer,
  TAG,
} from './der';

/** Names of the attributes of a distinguished name used here. */
const NAME_OIDS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

export type DistinguishedName = { type: string; value: string }[];

/** A certificate with what verification needs of it. */
export interface CertificateInfo {
  der: Buffer;
  x509: X509Certificate;
  subject: DistinguishedName;
  /** The issuer Name and serialNumber as encoded (to match a CMS IssuerAndSerialNumber). */
  issuerDer: Buffer;
  serialDer: Buffer;
  subjectKeyIdentifier?: Buffer;
}

export function parseName(buf: Buffer, name: DerNode): DistinguishedName {
  const out: DistinguishedName = [];
  for (const rdn of name.children) {
    for (const atv of rdn.children) {
      const [type, value] = atv.children;
      if (!type || !value) continue;
      const o = decodeOid(buf, type);
      out.push({ type: NAME_OIDS[o] ?? o, value: decodeString(buf, value) });
    }
  }
  return out;
}

export const nameField = (dn: DistinguishedName, type: string): string | undefined =>
  dn.find((a) => a.type === type)?.value;

/** The subject's common name, else its organisation, else the whole name. */
export function displayName(dn: DistinguishedName): string {
  return (
    nameField(dn, 'CN') ?? nameField(dn, 'O') ?? dn.map((a) => `${a.type}=${a.value}`).join(', ')
  );
}

export function certificateInfo(der: Buffer): CertificateInfo {
  const cert = parseDer(der);
  const tbs = expectUniversal(cert.children[0], TAG.SEQUENCE, 'Certificate');
  const i = isContext(tbs.children[0], 0) ? 1 : 0;
  const serial = expectUniversal(tbs.children[i], TAG.INTEGER, 'Certificate serialNumber');
  const issuer = expectUniversal(tbs.children[i + 2], TAG.SEQUENCE, 'Certificate issuer');
  const subject = expectUniversal(tbs.children[i + 4], TAG.SEQUENCE, 'Certificate subject');
  let subjectKeyIdentifier: Buffer | undefined;
  const exts = tbs.children.find((c) => c.cls === CONTEXT && c.tag === 3)?.children[0];
  for (const ext of exts?.children ?? []) {
    if (decodeOid(der, ext.children[0]) !== '2.5.29.14') continue;
    const value = ext.children[ext.children.length - 1];
    const inner = parseDer(der, value.contentStart, value.contentEnd);
    if (isUniversal(inner, TAG.OCTET_STRING))
      subjectKeyIdentifier = der.subarray(inner.contentStart, inner.contentEnd);
  }
  return {
    der,
    x509: new X509Certificate(der),
    subject: parseName(der, subject),
    issuerDer: elementBytes(der, issuer),
    serialDer: elementBytes(der, serial),
    subjectKeyIdentifier,
  };
}

/** PEM (one or several certificates) → DER of each. */
export function pemCertificates(pem: string): Buffer[] {
  const out: Buffer[] = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  for (let m = re.exec(pem); m; m = re.exec(pem))
    out.push(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
  return out;
}
