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
import { DocumentModel, documentSymbol, issuerOf } from '@app/documents';
import { OrgRepository } from '@app/org';
import { Report, ReportSignaturesRepository } from '@app/reports';
import {
  DigestSigner,
  OrganisationSlotError,
  OrganisationSlotSigner,
  signPdfWith,
} from '@app/signatures';
import { ApprovalErrors } from './approval.errors';
import type { IssueReservation } from './signing-requests.service';
import { ReportDocumentService } from './report-document.service';

/**
 * Issuing (the clerk's Phát hành), inside the SUBMIT transaction (approval mode) or the transaction
 * that accepts the organisation's signature (token mode): the number taken from the unit's series,
 * the final PDF signed by the organisation, the frozen original in the archive. Any failure rolls
 * the whole transaction back: no gap in the numbers, nothing half-issued.
 */
@Injectable()
export class IssuingService {
  constructor(
    private readonly org: OrgRepository,
    private readonly signatures: ReportSignaturesRepository,
    private readonly documents: ReportDocumentService,
    private readonly archive: IssuedDocumentsRepository,
    private readonly organisationSlot: OrganisationSlotSigner,
    private readonly clock: Clock,
    private readonly marks: DocumentMarksService,
    private readonly incoming: IncomingRegisterService,
  ) {}

  /**
   * Approval mode: the head approved in the system (no personal digital signature); the final
   * document, with its number, date, signature image and seal, signed by the organisation's
   * server-side signer.
   */
  async issue(
    em: EntityManager,
    report: Report,
    actor: AuthUser,
    options: IssueOptions = {},
  ): Promise<IssuedResult> {
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
    const signer = await this.slotSigner(unit);
    const model = await this.documents.model(
      report,
      { draft: false, numberText: text, issueDate, filingUnit: issuer.filingUnit },
      em,
    );
    const rendered = await this.documents.render(model);
    const pdf = await signPdfWith(rendered, signer, {
      fieldName: 'ChuKyCoQuan',
      name: unit.name,
      reason: `Chữ ký số của ${unit.name}`,
      location: unit.placeName,
      signingTime: issuedAt,
    });
    return this.archiveIssued(em, report, actor, {
      number: n,
      numberText: text,
      symbol,
      docType,
      year,
      issueDate,
      filingUnit: options.filingUnit,
      pdf,
      issuedAt,
      model,
    });
  }

  /**
   * Token mode: the organisation's signature arrived over the stamped file: the reserved number is
   * taken now, in the same transaction as the archive (it must still be the next of the series).
   */
  async issueSigned(
    em: EntityManager,
    report: Report,
    actor: AuthUser,
    reservation: IssueReservation,
    pdf: Buffer,
  ): Promise<IssuedResult> {
    const unit = (await this.org.findById(report.orgUnitId, em))!;
    const n = await this.archive.takeNextNumber(em, unit.id, reservation.year, NUMBERING_SERIES);
    if (n !== reservation.number)
      throw ApprovalErrors.NUMBER_TAKEN_WHILE_SIGNING(
        { numberText: reservation.numberText },
        { errors: [{ field: 'cms', message: 'Số văn bản đã thay đổi.' }] },
      );
    const model = await this.documents.model(
      report,
      {
        draft: false,
        numberText: reservation.numberText,
        issueDate: reservation.issueDate,
        filingUnit: reservation.filingUnit,
      },
      em,
    );
    return this.archiveIssued(em, report, actor, {
      ...reservation,
      pdf,
      issuedAt: this.clock.now(),
      model,
    });
  }

  /** The organisation's key in the server-side PKCS#11 slot (409 when the slot has none for the unit). */
  private async slotSigner(unit: {
    id: string;
    code: string;
    name: string;
  }): Promise<DigestSigner> {
    try {
      return await this.organisationSlot.signerFor(unit);
    } catch (e) {
      if (e instanceof OrganisationSlotError)
        throw ApprovalErrors.ORGANISATION_SLOT_UNAVAILABLE({ message: e.message });
      throw e;
    }
  }

  private async archiveIssued(
    em: EntityManager,
    report: Report,
    actor: AuthUser,
    d: IssueReservation & { pdf: Buffer; issuedAt: Date; model: DocumentModel },
  ): Promise<IssuedResult> {
    const unit = (await this.org.findById(report.orgUnitId, em))!;
    const signature = await this.signatures.latestActive(report.id, em);
    const issuer = { ...issuerOf(unit), ...(d.filingUnit ? { filingUnit: d.filingUnit } : {}) };
    const sha256 = createHash('sha256').update(d.pdf).digest('hex');
    const documentId = await this.archive.insert(em, {
      reportId: report.id,
      orgUnitId: unit.id,
      year: d.year,
      series: NUMBERING_SERIES,
      number: d.number,
      symbol: d.symbol,
      numberText: d.numberText,
      docType: d.docType,
      issuedAt: d.issuedAt,
      issueDate: d.issueDate,
      issuer: { ...issuer, code: unit.code, level: unit.level },
      title: report.title,
      signer: {
        ...d.model.signature,
        signerId: signature?.signerId ?? null,
        signedAt: signature?.signedAt.toISOString() ?? null,
        contentSha256: signature?.contentSha256 ?? null,
      },
      recipients: report.recipients,
      // What the Word copy is made from: the model as printed, without the signature and seal images.
      model: {
        ...d.model,
        signature: { ...d.model.signature, signatureImage: null, sealImage: null },
      },
      issuedBy: actor.id,
      pdf: d.pdf,
      sha256,
      pdfSize: d.pdf.length,
    });
    // An earlier original of this report (or the one it was made to replace) is replaced by this one;
    // the upper unit and the recipient units find it in their incoming registers.
    await this.marks.markReplaced(em, report, documentId);
    const destinations = await this.incoming.reportDestinations(em, unit.id, report.recipients);
    await this.incoming.deliver(em, documentId, destinations, d.issuedAt, unit.id);
    return { documentId, numberText: d.numberText, sha256, issueDate: d.issueDate };
  }
}

export interface IssuedResult {
  documentId: string;
  numberText: string;
  sha256: string;
  issueDate: string;
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
