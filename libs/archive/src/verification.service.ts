import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser } from '@app/auth';
import { DomainException, formatDate, formatDateTime } from '@app/common';
import {
  CertificateTrustService,
  ParsedPdfSignature,
  PdfSignatureReport,
  SIGNATURE_VERDICT_LABELS,
  applyTrust,
  pdfSignatureVerdict,
  verifyPdfTask,
} from '@app/signatures';
import { WorkerPool } from '@app/workers';
import { IssuedDocumentsRepository } from './issued-documents.repository';

/** Whether a file is an archived original, and what its digital signatures say. */
@Injectable()
export class VerificationService {
  constructor(
    private readonly repo: IssuedDocumentsRepository,
    private readonly trust: CertificateTrustService,
    private readonly workers: WorkerPool,
  ) {}

  /**
   * Compares the file's SHA-256 with the archive and checks every signature in it: its bytes in a
   * worker thread (a file too costly to read is refused (422), never waited on), then its
   * certificate with CertificateTrust (trust store, validity at the signing time, revocation) here.
   * A `pdf` marked `movable` (an upload nobody reads again) is moved to the thread, not copied.
   */
  async verify(user: AuthUser, pdf: Buffer) {
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    let parsed: ParsedPdfSignature[];
    try {
      parsed = await this.workers.run(verifyPdfTask, pdf);
    } catch (e) {
      if (e instanceof DomainException) throw e;
      // A file too broken to read its signatures has none that hold.
      parsed = [];
    }
    const signatures: PdfSignatureReport[] = [];
    for (const p of parsed) signatures.push(await this.withTrust(p));
    const verdict = pdfSignatureVerdict(signatures);
    const signatureReport = {
      signatures: signatures.map((s) => ({
        fieldName: s.fieldName,
        signerName: s.signerName,
        signerOrganization: s.signerOrganization,
        issuer: s.signerIssuer,
        issuerName: s.signerIssuerName,
        serial: s.signerSerial,
        certificateChain: s.certificateChain,
        trusted: s.trusted,
        signingTime: s.signingTime,
        signingTimeVietnam: s.signingTime ? formatDateTime(new Date(s.signingTime)) : undefined,
        intact: s.intact,
        coversWholeDocument: s.coversWholeDocument,
        verdict: s.verdict,
        verdictLabel: SIGNATURE_VERDICT_LABELS[s.verdict],
        verdictMessage: s.verdictMessage,
        revocation: s.revocation,
        notes: s.notes ?? [],
        valid: s.valid,
      })),
      signatureStatus: verdict.status,
      signatureMessage: verdict.message,
    };
    const doc = await this.repo.findBySha256(sha256);
    if (!doc) {
      return {
        archived: false,
        sha256,
        message:
          'Tệp này không trùng với bản gốc nào trong kho lưu trữ (có thể đã bị sửa đổi, hoặc không phải văn bản do hệ thống phát hành).',
        ...signatureReport,
      };
    }
    await this.repo.logAccess(doc.id, user.id, 'verify');
    return {
      archived: true,
      sha256,
      message: `Tệp trùng khớp với bản gốc văn bản số ${doc.numberText} ngày ${formatDate(doc.issueDate)} của ${doc.issuer.name}.`,
      document: {
        id: doc.id,
        numberText: doc.numberText,
        issueDate: doc.issueDate,
        issuer: doc.issuer.name,
        title: doc.title,
      },
      ...signatureReport,
    };
  }

  /** A signature whose bytes were read, with what CertificateTrust says of its certificate at its signing time. */
  private async withTrust(p: ParsedPdfSignature): Promise<PdfSignatureReport> {
    if (!p.report.intact || !p.signerCertificate) return applyTrust(p.report, undefined);
    const at = p.report.signingTime ? new Date(p.report.signingTime) : new Date();
    const trust = await this.trust.assess(
      Buffer.from(p.signerCertificate),
      p.otherCertificates.map((c) => Buffer.from(c)),
      at,
    );
    return applyTrust(p.report, trust);
  }
}
export type VerifyResult = Awaited<ReturnType<VerificationService['verify']>>;
