import { X509Certificate } from 'node:crypto';
import { CertificateInfo, displayName } from './certificate';

function safeVerifyCert(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** The signer's chain: the embedded certificates and the trusted ones, up to a trusted one if possible. */
export function buildChain(
  signer: CertificateInfo,
  embedded: CertificateInfo[],
  trusted: CertificateInfo[],
  at: Date,
) {
  const trustedPrints = new Set(trusted.map((t) => t.x509.fingerprint256));
  const candidates: CertificateInfo[] = [];
  const seen = new Set<string>();
  for (const c of [...trusted, ...embedded]) {
    if (seen.has(c.x509.fingerprint256)) continue;
    seen.add(c.x509.fingerprint256);
    candidates.push(c);
  }
  const chain: CertificateInfo[] = [signer];
  const problems: string[] = [];
  let isTrusted = false;
  let notCa = false;
  let current = signer;
  for (let depth = 0; depth < 10; depth++) {
    if (trustedPrints.has(current.x509.fingerprint256)) {
      isTrusted = true;
      break;
    }
    const issuer = candidates.find(
      (c) =>
        c.x509.fingerprint256 !== current.x509.fingerprint256 &&
        safeVerifyCert(current.x509, c.x509),
    );
    if (!issuer) {
      problems.push(
        safeVerifyCert(current.x509, current.x509)
          ? `the root certificate "${displayName(current.subject)}" is not trusted`
          : `the issuer of "${displayName(current.subject)}" is not in the signature nor among the trusted certificates`,
      );
      break;
    }
    if (!issuer.x509.ca) notCa = true;
    if (!issuer.x509.ca)
      problems.push(`"${displayName(issuer.subject)}" issued a certificate but is not a CA`);
    chain.push(issuer);
    current = issuer;
  }
  let certificatesValid = true;
  for (const c of chain) {
    const from = new Date(c.x509.validFrom);
    const to = new Date(c.x509.validTo);
    if (at < from || at > to) {
      certificatesValid = false;
      problems.push(
        `certificate "${displayName(c.subject)}" was not valid at ${at.toISOString()} (valid ${from.toISOString()} – ${to.toISOString()})`,
      );
    }
  }
  return { chain, trusted: isTrusted && !notCa, certificatesValid, problems };
}
