import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  DocumentMarksService,
  IncomingRegisterService,
  IssuedDocumentsRepository,
  NUMBERING_SERIES,
  numberText,
} from '@app/archive';
import { AuthUser } from '@app/auth';
import { Clock, formatDate, vietnamDate } from '@app/common';
import { documentSymbol, issuerOf } from '@app/documents';
import { OrgRepository } from '@app/org';
import { Report, ReportSignaturesRepository } from '@app/reports';
import { SignatureErrors, SigningCredentialsService, signPdf } from '@app/signatures';
import { ApprovalErrors } from './approval.errors';
import { ReportDocumentService } from './report-document.service';

/**
 * Issuing (the clerk's Phát hành), inside the SUBMIT transaction: the next number of the unit's
 * series, the final PDF with the number and the issue date, the head's and then the organisation's
 * digital signature, the frozen original in the archive. Any failure rolls the whole transaction
 * back: no gap in the numbers, nothing half-issued.
 */
@Injectable()
export class IssuingService {
  constructor(
    private readonly org: OrgRepository,
    private readonly signatures: ReportSignaturesRepository,
    private readonly credentials: SigningCredentialsService,
    private readonly documents: ReportDocumentService,
    private readonly archive: IssuedDocumentsRepository,
    private readonly clock: Clock,
    private readonly marks: DocumentMarksService,
    private readonly incoming: IncomingRegisterService,
  ) {}

  async issue(
    em: EntityManager,
    report: Report,
    actor: AuthUser,
    options: IssueOptions = {},
  ): Promise<{ documentId: string; numberText: string; sha256: string; issueDate: string }> {
    const issuedAt = this.clock.now();
    const signature = await this.signatures.latestActive(report.id, em);
    const issueDate = checkedIssueDate(options.issueDate, issuedAt, signature?.signedAt ?? null);
    const year = Number(issueDate.slice(0, 4));
    const unit = (await this.org.findById(report.orgUnitId, em))!;
    const issuer = {
      ...issuerOf(unit),
      ...(options.filingUnit ? { filingUnit: options.filingUnit } : {}),
    };
    const docType = report.type;
    const symbol = documentSymbol(docType, unit.abbreviation, issuer.filingUnit);
    const n = await this.archive.takeNextNumber(em, unit.id, year, NUMBERING_SERIES);
    const text = numberText(n, symbol);
    // Both digital signatures are required: the head's, then the organisation's (Nghị định 30, Điều 8).
    const headKey = signature
      ? await this.credentials.forSigning('user', signature.signerId, em)
      : null;
    if (!headKey) throw SignatureErrors.SIGNER_CREDENTIAL_MISSING();
    const unitKey = await this.credentials.forSigning('orgUnit', unit.id, em);
    if (!unitKey) throw SignatureErrors.ORGANISATION_CREDENTIAL_MISSING();
    const model = await this.documents.model(
      report,
      { draft: false, numberText: text, issueDate, filingUnit: issuer.filingUnit },
      em,
    );
    const rendered = await this.documents.render(model);
    let pdf = await signPdf(rendered, headKey, {
      fieldName: 'ChuKyNguoiCoThamQuyen',
      name: signature!.signerName,
      reason: `Ký ban hành văn bản số ${text}`,
      location: unit.placeName,
      signingTime: issuedAt,
    });
    // The organisation's signature is an incremental update: the head's stays valid.
    pdf = await signPdf(pdf, unitKey, {
      fieldName: 'ChuKyCoQuan',
      name: unit.name,
      reason: `Chữ ký số của ${unit.name}`,
      location: unit.placeName,
      signingTime: issuedAt,
    });
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const documentId = await this.archive.insert(em, {
      reportId: report.id,
      orgUnitId: unit.id,
      year,
      series: NUMBERING_SERIES,
      number: n,
      symbol,
      numberText: text,
      docType,
      issuedAt,
      issueDate,
      issuer: { ...issuer, code: unit.code, level: unit.level },
      title: report.title,
      signer: {
        ...model.signature,
        signerId: signature!.signerId,
        signedAt: signature!.signedAt.toISOString(),
        contentSha256: signature!.contentSha256,
      },
      recipients: report.recipients,
      // What the Word copy is made from: the model as printed, without the signature and seal images.
      model: {
        ...model,
        signature: { ...model.signature, signatureImage: null, sealImage: null },
      },
      issuedBy: actor.id,
      pdf,
      sha256,
      pdfSize: pdf.length,
    });
    // An earlier original of this report (or the one it was made to replace) is replaced by this one;
    // the upper unit and the recipient units find it in their incoming registers.
    await this.marks.markReplaced(em, report, documentId);
    const destinations = await this.incoming.reportDestinations(em, unit.id, report.recipients);
    await this.incoming.deliver(em, documentId, destinations, issuedAt, unit.id);
    return { documentId, numberText: text, sha256, issueDate };
  }
}

/** SUBMIT's choices: the issue date and this document's filing unit. */
export interface IssueOptions {
  issueDate?: string;
  filingUnit?: string;
}

/** The issue date: today (in Vietnam) by default; never after today, never before the signing date. */
export function checkedIssueDate(
  asked: string | undefined,
  now: Date,
  signedAt: Date | null,
): string {
  const today = vietnamDate(now);
  if (asked === undefined) return today;
  const fail = (message: string) =>
    ApprovalErrors.ISSUE_DATE_INVALID({ message }, { errors: [{ field: 'issueDate', message }] });
  if (asked > today) throw fail(`Ngày ban hành ${formatDate(asked)} sau ngày hôm nay.`);
  const signed = signedAt ? vietnamDate(signedAt) : null;
  if (signed && asked < signed)
    throw fail(`Ngày ban hành ${formatDate(asked)} trước ngày ký ${formatDate(signed)}.`);
  return asked;
}
