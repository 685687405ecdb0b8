import { Injectable } from '@nestjs/common';
import * as x509 from './x509';
import { formatDate } from '@app/common';
import { CertificateTrust, TrustResult } from './certificate-trust';
import { RevocationAnswer } from './revocation-sources';
import { RevocationCheck, RevocationService } from './revocation.service';
import { TrustAnchorsRepository } from './trust-anchors.repository';
import { assessChain, whoseCertificate } from './chain';
import { derOf } from './x509-certificates';

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
    const anchors = (await this.anchors.list()).map(
      (a) => new x509.X509Certificate(a.certificatePem),
    );
    const offline = await assessChain(certDer, otherCerts, anchors, at);
    if (offline.verdict !== 'valid')
      return fail(offline.verdict, offline.message, offline.chain, offline.problems);
    return this.revocationVerdict(offline.chain, at, now);
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
      const whose = whoseCertificate(chain[i], i === 0);
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
