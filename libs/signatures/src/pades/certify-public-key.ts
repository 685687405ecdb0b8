import 'reflect-metadata'; // @peculiar/x509 resolves its parts through tsyringe, which needs it
import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { CertificateAndKey, OID_KP_DOCUMENT_SIGNING } from './pki';

export interface CertifyPublicKeyOptions {
  commonName: string;
  organization?: string;
  kind: 'person' | 'organisation';
  /** Default a day ago, never before the CA's own start. */
  notBefore?: Date;
  /** Default five years after now, never after the CA's own end. */
  notAfter?: Date;
  /** An OCSP responder named in the certificate (Authority Information Access). */
  ocspUrl?: string;
  /** A CRL distribution point. */
  crlUrl?: string;
}

const OID_KP_EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
const YEAR_MS = 365.25 * 24 * 3600 * 1000;
const crypto = webcrypto as unknown as Crypto;

/**
 * A signing certificate issued by `ca` for a public key whose private key stays elsewhere (a
 * PKCS#11 token: only its SubjectPublicKeyInfo leaves it), RSA or EC. Like `issueCertificate`:
 * keyUsage digitalSignature + nonRepudiation (critical), extKeyUsage emailProtection (which NSS,
 * and so pdfsig, requires of a document signer) + documentSigning (RFC 9336). Built with
 * @peculiar/x509, which reads EC keys as well as RSA ones.
 */
export async function certifyPublicKey(
  ca: CertificateAndKey,
  spkiDer: Buffer,
  opts: CertifyPublicKeyOptions,
): Promise<string> {
  const commonName = opts.commonName?.trim();
  if (!commonName) throw new Error('commonName must not be empty');
  if (opts.kind !== 'person' && opts.kind !== 'organisation')
    throw new Error(`kind must be 'person' or 'organisation'`);
  const caCert = new x509.X509Certificate(ca.certPem);
  const signingKey = await crypto.subtle.importKey(
    'pkcs8',
    createPrivateKey(ca.keyPem).export({ type: 'pkcs8', format: 'der' }),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const publicKey = new x509.PublicKey(new Uint8Array(spkiDer));
  const now = Date.now();
  const notBefore = new Date(
    Math.max(opts.notBefore?.getTime() ?? now - 24 * 3600 * 1000, caCert.notBefore.getTime()),
  );
  const notAfter = new Date(
    Math.min(opts.notAfter?.getTime() ?? now + 5 * YEAR_MS, caCert.notAfter.getTime()),
  );
  const subject: x509.JsonName = [{ C: ['VN'] }];
  if (opts.organization?.trim()) subject.push({ O: [opts.organization.trim()] });
  subject.push({ CN: [commonName] });

  const caSki = caCert.getExtension(x509.SubjectKeyIdentifierExtension);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
      true,
    ),
    new x509.ExtendedKeyUsageExtension([OID_KP_EMAIL_PROTECTION, OID_KP_DOCUMENT_SIGNING]),
    await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto),
    caSki
      ? new x509.AuthorityKeyIdentifierExtension(caSki.keyId)
      : await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey, false, crypto),
  ];
  if (opts.ocspUrl) extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp: opts.ocspUrl }));
  if (opts.crlUrl) extensions.push(new x509.CRLDistributionPointsExtension([opts.crlUrl]));

  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial.toString('hex'),
      subject,
      issuer: new x509.Name(caCert.subjectName.toArrayBuffer()),
      notBefore,
      notAfter,
      publicKey,
      signingKey,
      signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as Algorithm,
      extensions,
    },
    crypto,
  );
  return cert.toString('pem') + '\n';
}
