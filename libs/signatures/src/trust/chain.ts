import { formatDate } from '@app/common';
import { TrustVerdict } from './certificate-trust';
import * as x509 from './x509';
import {
  allowsCertSign,
  allowsSigning,
  derOf,
  displayNameOf,
  isCa,
  parseX509,
} from './x509-certificates';

/** Certificates that come with a signature and are read (more are ignored). */
const MAX_OTHER_CERTS = 10;
/** Longest chain followed. */
const MAX_DEPTH = 8;

/** What the offline checks conclude (revocation aside). */
export interface ChainAssessment {
  verdict: TrustVerdict;
  /** Vietnamese ('' when valid). */
  message: string;
  /** From the certificate up to the trust anchor (empty when none reached). */
  chain: x509.X509Certificate[];
  /** English, for logs. */
  problems: string[];
}

/** "Chứng thư số" or "Chứng thư số của tổ chức chứng thực "…"" for chain[i]. */
export const whoseCertificate = (c: x509.X509Certificate, isEnd: boolean): string =>
  isEnd ? 'Chứng thư số' : `Chứng thư số của tổ chức chứng thực "${displayNameOf(c.subjectName)}"`;

/**
 * The checks that need no network: a chain built with @peculiar/x509's X509ChainBuilder (each
 * link's signature verified) from `anchors` and `otherCerts`, stopping at the first trust anchor;
 * issuers must be CAs allowed to sign certificates; each certificate valid at `at`; the end
 * certificate's keyUsage must allow digitalSignature or nonRepudiation.
 */
export async function assessChain(
  certDer: Buffer,
  otherCerts: Buffer[],
  anchors: x509.X509Certificate[],
  at: Date,
): Promise<ChainAssessment> {
  const fail = (
    verdict: TrustVerdict,
    message: string,
    chain: x509.X509Certificate[],
    problems: string[] = [],
  ): ChainAssessment => ({ verdict, message, chain, problems });
  let cert: x509.X509Certificate;
  try {
    cert = parseX509(certDer);
  } catch {
    return fail(
      'untrusted',
      'Không đọc được chứng thư số.',
      [],
      ['the certificate cannot be read'],
    );
  }
  const anchorPrints = new Set(anchors.map((a) => derOf(a).toString('base64')));
  const isAnchor = (c: x509.X509Certificate) => anchorPrints.has(derOf(c).toString('base64'));
  const others: x509.X509Certificate[] = [];
  for (const der of otherCerts.slice(0, MAX_OTHER_CERTS)) {
    try {
      others.push(parseX509(der));
    } catch {
      // a certificate that cannot be read is of no use to the chain
    }
  }
  const builder = new x509.X509ChainBuilder({ certificates: [...anchors, ...others] });
  let built: x509.X509Certificate[] = [cert];
  try {
    built = [...(await builder.build(cert))];
  } catch {
    // a circular set of certificates: no chain
  }
  // Up to the first trust anchor (an intermediate may be one).
  const end = built.findIndex(isAnchor);
  if (end < 0 || end >= MAX_DEPTH)
    return fail(
      'untrusted',
      'Chứng thư số không do tổ chức chứng thực tin cậy cấp.',
      [],
      [`no chain from "${cert.subject}" to a trust anchor`],
    );
  const chain = built.slice(0, end + 1);
  for (const issuer of chain.slice(1))
    if (!isCa(issuer) || !allowsCertSign(issuer))
      return fail(
        'untrusted',
        `"${displayNameOf(issuer.subjectName)}" không phải là tổ chức chứng thực được phép cấp chứng thư số.`,
        chain,
        [`"${issuer.subject}" is not a CA`],
      );
  for (const c of chain) {
    const whose = whoseCertificate(c, c === cert);
    if (at.getTime() > c.notAfter.getTime())
      return fail('expired', `${whose} đã hết hạn ngày ${formatDate(c.notAfter)}.`, chain, [
        `"${c.subject}" expired on ${c.notAfter.toISOString()}`,
      ]);
    if (at.getTime() < c.notBefore.getTime())
      return fail(
        'not-yet-valid',
        `${whose} chưa có hiệu lực (có hiệu lực từ ngày ${formatDate(c.notBefore)}).`,
        chain,
        [`"${c.subject}" is valid from ${c.notBefore.toISOString()}`],
      );
  }
  if (!allowsSigning(cert))
    return fail(
      'not-for-signing',
      'Chứng thư số không được phép dùng để ký số (thiếu mục đích digitalSignature hoặc nonRepudiation).',
      chain,
      ['keyUsage allows neither digitalSignature nor nonRepudiation'],
    );
  return { verdict: 'valid', message: '', chain, problems: [] };
}
