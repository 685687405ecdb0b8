import { Injectable } from '@nestjs/common';
import * as x509 from './x509';
import { formatDate } from '@app/common';
import { CertificateTrust, TrustResult } from './certificate-trust';
import { RevocationAnswer } from './revocation-sources';
import { RevocationCheck, RevocationService } from './revocation.service';
import { TrustAnchorsRepository } from './trust-anchors.repository';
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
/**
 * CRLReasons that end a certificate's use from the revocation on (affiliationChanged, superseded,
 * cessationOfOperation): a signature made before stays valid. Any other reason (keyCompromise,
 * unspecified…) refuses the certificate whatever the claimed signing time, since a signature
 * carries no trusted timestamp.
 */
const TIME_BOUND_REASONS = new Set([3, 4, 5]);

/** A TrustResult and how revocation was decided (for the verification report and logs). */
export interface TrustAssessment extends TrustResult {
  /** The end certificate's revocation status: 'good', 'revoked', or 'unknown' when no source said. */
  revocation: 'good' | 'revoked' | 'unknown' | 'not-checked';
  /** Vietnamese notes that do not refuse the certificate (e.g. revocation not published). */
  notes: string[];
  /** Why (English, for logs and support). */
  problems: string[];
}

const fail = (
  verdict: TrustResult['verdict'],
  message: string,
  chain: x509.X509Certificate[],
  problems: string[] = [],
): TrustAssessment => ({
  verdict,
  message,
  chain: chain.map(derOf),
  revocation: 'not-checked',
  notes: [],
  problems,
});

function revocationCounts(a: RevocationAnswer, at: Date): boolean {
  if (a.status !== 'revoked') return false;
  if (a.reason !== undefined && TIME_BOUND_REASONS.has(a.reason) && a.revokedAt)
    return a.revokedAt.getTime() <= at.getTime();
  return true;
}

/**
 * CertificateTrust over the administrator's trust store (trusted_root) and revocation
 * (RevocationService): the chain is built with @peculiar/x509 (each link's signature verified)
 * from the trust anchors and the certificates that came with the signature, and stops at the first
 * trust anchor; each certificate must be valid at `at`, each issuer a CA allowed to sign
 * certificates, the end certificate's key usage must allow signing, and no certificate of the
 * chain (below the anchor) may be revoked. Revocation policy: a certificate that names an OCSP
 * responder or a CRL distribution point, none of which answers, is refused as 'untrusted'; one that
 * names none and has no CRL uploaded for its issuer is accepted with a note.
 */
@Injectable()
export class CertificateTrustService extends CertificateTrust {
  constructor(
    private readonly anchors: TrustAnchorsRepository,
    private readonly revocation: RevocationService,
  ) {
    super();
  }

  async check(certDer: Buffer, otherCerts: Buffer[], at: Date): Promise<TrustResult> {
    const { verdict, message, chain } = await this.assess(certDer, otherCerts, at);
    return { verdict, message, chain };
  }

  async assess(
    certDer: Buffer,
    otherCerts: Buffer[],
    at: Date,
    now: Date = new Date(),
  ): Promise<TrustAssessment> {
    let cert: x509.X509Certificate;
    try {
      cert = parseX509(certDer);
    } catch {
      return fail('untrusted', 'Không đọc được chứng thư số.', []);
    }
    const anchors = (await this.anchors.list()).map(
      (a) => new x509.X509Certificate(a.certificatePem),
    );
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
    const chain = end >= 0 && end < MAX_DEPTH ? built.slice(0, end + 1) : [cert];
    if (!isAnchor(chain[chain.length - 1]))
      return fail(
        'untrusted',
        'Chứng thư số không do tổ chức chứng thực tin cậy cấp.',
        [],
        [`no chain from "${cert.subject}" to a trust anchor`],
      );
    for (const issuer of chain.slice(1))
      if (!isCa(issuer) || !allowsCertSign(issuer))
        return fail(
          'untrusted',
          `"${displayNameOf(issuer.subjectName)}" không phải là tổ chức chứng thực được phép cấp chứng thư số.`,
          chain,
        );
    for (const c of chain) {
      const whose =
        c === cert
          ? 'Chứng thư số'
          : `Chứng thư số của tổ chức chứng thực "${displayNameOf(c.subjectName)}"`;
      if (at.getTime() > c.notAfter.getTime())
        return fail('expired', `${whose} đã hết hạn ngày ${formatDate(c.notAfter)}.`, chain);
      if (at.getTime() < c.notBefore.getTime())
        return fail(
          'not-yet-valid',
          `${whose} chưa có hiệu lực (có hiệu lực từ ngày ${formatDate(c.notBefore)}).`,
          chain,
        );
    }
    if (!allowsSigning(cert))
      return fail(
        'not-for-signing',
        'Chứng thư số không được phép dùng để ký số (thiếu mục đích digitalSignature hoặc nonRepudiation).',
        chain,
      );
    return this.revocationVerdict(chain, at, now);
  }

  private async revocationVerdict(
    chain: x509.X509Certificate[],
    at: Date,
    now: Date,
  ): Promise<TrustAssessment> {
    const problems: string[] = [];
    const notes: string[] = [];
    let endStatus: TrustAssessment['revocation'] = 'unknown';
    for (let i = 0; i < chain.length - 1; i++) {
      const check: RevocationCheck = await this.revocation.check(chain[i], chain[i + 1], now);
      problems.push(...check.problems);
      const whose =
        i === 0
          ? 'Chứng thư số'
          : `Chứng thư số của tổ chức chứng thực "${displayNameOf(chain[i].subjectName)}"`;
      const a = check.answer;
      if (a && revocationCounts(a, at)) {
        const when = a.revokedAt ? `, ngày ${formatDate(a.revokedAt)}` : '';
        return {
          ...fail(
            'revoked',
            `${whose} đã bị thu hồi (${a.source.toUpperCase()}${when}).`,
            chain,
            problems,
          ),
          revocation: i === 0 ? 'revoked' : 'unknown',
        };
      }
      if (!a && check.sourcesNamed)
        return fail(
          'untrusted',
          `Không kiểm tra được tình trạng thu hồi của ${whose.charAt(0).toLowerCase()}${whose.slice(1)}: máy chủ OCSP/CRL của tổ chức chứng thực không trả lời.`,
          chain,
          problems,
        );
      if (!a)
        notes.push(
          `${whose} không công bố thông tin thu hồi (OCSP/CRL) và chưa có danh sách thu hồi nào được tải lên cho tổ chức cấp; coi như chưa bị thu hồi.`,
        );
      if (i === 0) endStatus = a ? 'good' : 'unknown';
    }
    return {
      verdict: 'valid',
      message: '',
      chain: chain.map(derOf),
      revocation: chain.length > 1 ? endStatus : 'unknown',
      notes,
      problems,
    };
  }
}
