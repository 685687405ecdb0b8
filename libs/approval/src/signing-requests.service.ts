import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { IssuedDocumentsRepository, NUMBERING_SERIES, numberText } from '@app/archive';
import { AuthUser } from '@app/auth';
import { Clock } from '@app/common';
import { ResolvedSigning, dateWords, documentSymbol } from '@app/documents';
import { OrgRepository } from '@app/org';
import {
  Report,
  ReportSignaturesRepository,
  SigningRequest,
  SigningRequestsRepository,
} from '@app/reports';
import {
  CertificateTrust,
  IssuePlaces,
  RegisteredCertificatesService,
  SignatureRefused,
  SigningCredentialsRepository,
  VerifiedSignerCms,
  embedCms,
  prepareSignature,
  verifySignerCms,
} from '@app/signatures';
import { ApprovalErrors } from './approval.errors';
import { checkedIssueDate } from './issuing.service';
import { IssueStamping } from './issue-stamping';
import { ReportDocumentService } from './report-document.service';

/** How long a prepared signature waits for the signer's CMS. */
export const SIGNING_REQUEST_TTL_MS = 30 * 60 * 1000;

/** What the organisation's request issues once signed (stored with the request). */
export interface IssueReservation {
  number: number;
  numberText: string;
  symbol: string;
  /** A code of the type registry (document-types.ts). */
  docType: string;
  year: number;
  issueDate: string;
  filingUnit?: string;
}

/** A request as the signer's client reads it (GET /api/reports/:id/signing-request). */
export interface SigningRequestView {
  requestId: string;
  reportId: string;
  role: SigningRequest['role'];
  digestAlgorithm: 'SHA-256';
  digest: string;
  pdfSha256: string;
  expiresAt: string;
}

/**
 * Deferred signing (units in `token` mode): prepares the exact PDF a signer signs — the head's over
 * the document with the number and date places empty, the organisation's over the head-signed file
 * with the number, the date and the seal stamped in — keeps it with the digest the CMS must carry,
 * and checks the CMS the signer's client returns before the step may happen.
 */
@Injectable()
export class SigningRequestsService {
  constructor(
    private readonly org: OrgRepository,
    private readonly requests: SigningRequestsRepository,
    private readonly signatures: ReportSignaturesRepository,
    private readonly archive: IssuedDocumentsRepository,
    private readonly documents: ReportDocumentService,
    private readonly stamping: IssueStamping,
    private readonly certificates: RegisteredCertificatesService,
    private readonly images: SigningCredentialsRepository,
    private readonly trust: CertificateTrust,
    private readonly clock: Clock,
  ) {}

  /** SIGN: the document as the head signs it; replaces the report's pending request. */
  async requestHeadSignature(
    em: EntityManager,
    report: Report,
    actor: AuthUser,
    signing: ResolvedSigning,
  ): Promise<string> {
    if (!(await this.certificates.hasValid('user', actor.id)))
      throw ApprovalErrors.SIGNER_CERTIFICATE_MISSING();
    const unit = (await this.org.findById(report.orgUnitId, em))!;
    const signer = {
      signerId: actor.id,
      signerName: actor.fullName,
      positionTitle: actor.positionTitle,
      signAuthority: signing.authority,
      signHeadTitle: signing.headTitle,
    };
    const model = await this.documents.model(
      report,
      { draft: false, numberText: null, issueDate: null, signer, withoutSeal: true },
      em,
    );
    const { pdf, places } = await this.stamping.renderForSignature(this.documents, model);
    const now = this.clock.now();
    const prepared = await prepareSignature(pdf, {
      fieldName: 'ChuKyNguoiCoThamQuyen',
      name: actor.fullName,
      reason: 'Ký văn bản',
      location: unit.placeName,
      signingTime: now,
    });
    return this.requests.replace(em, {
      reportId: report.id,
      role: 'head',
      signerKind: 'user',
      signerId: actor.id,
      requestedBy: actor.id,
      reportVersion: report.version,
      preparedPdf: prepared.pdf,
      byteRange: prepared.byteRange,
      digest: prepared.digest,
      pdfSha256: sha256(prepared.pdf),
      details: { authority: signing.authority, headTitle: signing.headTitle, places },
      expiresAt: new Date(now.getTime() + SIGNING_REQUEST_TTL_MS),
    });
  }

  /**
   * SUBMIT: the head-signed file with the number (the next of the series, reserved here and taken
   * only when the organisation's signature arrives), the issue date and the seal stamped in.
   */
  async requestOrganisationSignature(
    em: EntityManager,
    report: Report,
    actor: AuthUser,
    options: { issueDate?: string; filingUnit?: string },
  ): Promise<string> {
    const unit = (await this.org.findById(report.orgUnitId, em))!;
    if (!(await this.certificates.hasValid('orgUnit', unit.id)))
      throw ApprovalErrors.ORGANISATION_CERTIFICATE_MISSING();
    const signature = await this.signatures.latestActive(report.id, em);
    const signedPdf = signature ? await this.signatures.signedPdf(signature.id, em) : null;
    if (!signature || !signedPdf) throw ApprovalErrors.HEAD_SIGNATURE_MISSING();
    const now = this.clock.now();
    const issueDate = checkedIssueDate(options.issueDate, now, signature.signedAt);
    const year = Number(issueDate.slice(0, 4));
    const docType = report.type;
    // The symbol as the head signed it: printed then, with the unit's own drafting office.
    const symbol = documentSymbol(docType, unit.abbreviation, unit.filingUnit);
    const number = await this.archive.peekNextNumber(unit.id, year, NUMBERING_SERIES, em);
    const reservation: IssueReservation = {
      number,
      numberText: numberText(number, symbol),
      symbol,
      docType,
      year,
      issueDate,
      ...(options.filingUnit ? { filingUnit: options.filingUnit } : {}),
    };
    const seal = await this.images.latestImage('orgUnit', unit.id, em);
    const stamped = await this.stamping.stamp(
      signedPdf,
      signature.issuePlaces as IssuePlaces | null,
      {
        numberText: reservation.numberText,
        dateText: dateWords(issueDate),
        sealPng: seal?.data,
      },
    );
    const prepared = await prepareSignature(stamped, {
      fieldName: 'ChuKyCoQuan',
      name: unit.name,
      reason: `Chữ ký số của ${unit.name}`,
      location: unit.placeName,
      signingTime: now,
    });
    return this.requests.replace(em, {
      reportId: report.id,
      role: 'organisation',
      signerKind: 'orgUnit',
      signerId: unit.id,
      requestedBy: actor.id,
      reportVersion: report.version,
      preparedPdf: prepared.pdf,
      byteRange: prepared.byteRange,
      digest: prepared.digest,
      pdfSha256: sha256(prepared.pdf),
      details: { ...reservation },
      expiresAt: new Date(now.getTime() + SIGNING_REQUEST_TTL_MS),
    });
  }

  /** The report's pending request, for someone who may sign it (404 otherwise or when expired). */
  async view(user: AuthUser, report: Report): Promise<SigningRequestView> {
    const r = await this.requests.pendingOf(report.id);
    if (!r || r.expiresAt <= this.clock.now() || !maySign(user, r))
      throw ApprovalErrors.SIGNING_REQUEST_NOT_FOUND();
    return {
      requestId: r.id,
      reportId: r.reportId,
      role: r.role,
      digestAlgorithm: 'SHA-256',
      digest: r.digest.toString('base64'),
      pdfSha256: r.pdfSha256,
      expiresAt: r.expiresAt.toISOString(),
    };
  }

  /** The pending requests the caller may sign (the sign client's list). */
  async pendingFor(user: AuthUser) {
    return (await this.requests.pendingFor(user, this.clock.now())).map((r) => ({
      requestId: r.id,
      reportId: r.reportId,
      title: r.title,
      role: r.role,
      expiresAt: r.expiresAt.toISOString(),
    }));
  }

  /** The report's pending request of this id (422 when there is none: signed, replaced, unknown). */
  async pendingRequest(reportId: string, requestId: string) {
    const r = await this.requests.pendingOf(reportId);
    if (!r || r.id !== requestId)
      throw refused('Không có yêu cầu ký này, hoặc yêu cầu đã được ký hay đã bị thay thế.');
    return r;
  }

  /** The pending request of a report as the report shows it (`pendingSignature`), or null. */
  async pendingSignature(reportId: string) {
    const r = await this.requests.pendingOf(reportId);
    return r && r.expiresAt > this.clock.now() ? { requestId: r.id, role: r.role } : null;
  }

  /**
   * Checks a returned CMS against the locked pending request (inside the completing transaction):
   * who sends it, that it is still current, and the signature itself (verifySignerCms). Answers
   * the signed PDF. Any failure → 422 with the reason, nothing changed.
   */
  async accept(
    em: EntityManager,
    user: AuthUser,
    report: Report,
    requestId: string,
    cmsBase64: string,
  ): Promise<{ request: SigningRequest; pdf: Buffer; verified: VerifiedSignerCms }> {
    const request = await this.requests.lockPending(em, requestId);
    if (!request || request.reportId !== report.id)
      throw refused('Không có yêu cầu ký này, hoặc yêu cầu đã được ký hay đã bị thay thế.');
    if (!maySign(user, request))
      throw refused(
        request.role === 'head'
          ? 'Chỉ lãnh đạo được yêu cầu ký mới gửi được chữ ký này.'
          : 'Chỉ văn thư của đơn vị mới gửi được chữ ký của cơ quan.',
      );
    const now = this.clock.now();
    if (request.expiresAt <= now)
      throw refused('Yêu cầu ký đã hết hạn; hãy thực hiện lại thao tác để tạo yêu cầu mới.');
    if (report.version !== request.reportVersion)
      throw refused('Báo cáo đã thay đổi sau khi yêu cầu ký được tạo; hãy tạo lại yêu cầu ký.');
    const cms = Buffer.from(cmsBase64, 'base64');
    try {
      const verified = await verifySignerCms(
        cms,
        {
          digest: request.digest,
          registered: await this.certificates.certificatesOf(
            request.signerKind,
            request.signerId,
            em,
          ),
          at: now,
        },
        this.trust,
      );
      return { request, pdf: embedCms(request.preparedPdf, request.byteRange, cms), verified };
    } catch (e) {
      if (e instanceof SignatureRefused) throw refused(e.message);
      throw e;
    }
  }

  complete(em: EntityManager, requestId: string): Promise<void> {
    return this.requests.complete(em, requestId, this.clock.now());
  }

  cancel(em: EntityManager, reportId: string): Promise<void> {
    return this.requests.cancelPending(em, reportId);
  }
}

function maySign(user: AuthUser, r: Pick<SigningRequest, 'signerKind' | 'signerId'>): boolean {
  return r.signerKind === 'user'
    ? r.signerId === user.id
    : r.signerId === user.orgUnitId && user.roles.includes('clerk');
}

const refused = (message: string) =>
  ApprovalErrors.SIGNATURE_REFUSED({ message }, { errors: [{ field: 'cms', message }] });

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
