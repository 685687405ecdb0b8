import * as x509 from '../trust/x509';

export type DistinguishedName = { type: string; value: string }[];

/** A certificate with what signing and verification read of it (parsed by @peculiar/x509). */
export interface CertificateInfo {
  der: Buffer;
  x509: x509.X509Certificate;
  subject: DistinguishedName;
  /** The issuer Name as DER. */
  issuerDer: Buffer;
}

/** A Name as a list of attributes (CN, O, OU, C, E…; unknown ones by OID), in order. */
export function distinguishedName(name: x509.Name): DistinguishedName {
  const out: DistinguishedName = [];
  for (const rdn of name.toJSON())
    for (const [type, values] of Object.entries(rdn))
      for (const value of values) out.push({ type, value });
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
  const cert = new x509.X509Certificate(
    der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer,
  );
  return {
    der,
    x509: cert,
    subject: distinguishedName(cert.subjectName),
    issuerDer: Buffer.from(cert.issuerName.toArrayBuffer()),
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
