import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UsersRepository } from '@app/auth';
import { ConsolidationRepository } from '@app/consolidation';
import {
  DocumentModel,
  SignatureModel,
  buildDocumentModel,
  collectiveName,
  compileDocumentTemplates,
  issuerOf,
  renderDocument,
  resolveSigning,
} from '@app/documents';
import { OrgRepository, OrgUnit } from '@app/org';
import { PdfRenderer, RenderRequest } from '@app/renderer';
import {
  Report,
  ReportCellsRepository,
  ReportFormsService,
  ReportSignature,
  ReportSignaturesRepository,
} from '@app/reports';
import { IssuePlaces, SigningImagesService } from '@app/signatures';
import { issuePlacesOf } from './issue-places';

/** Whether the document is a marked draft, or the original with its number and issue date. */
export interface IssueInfo {
  draft: boolean;
  numberText: string | null;
  issueDate: string | null;
  /** This document's filing unit ("- Lưu: VT, …"), when it is not the unit's. */
  filingUnit?: string | null;
  /** The head about to sign (deferred signing: no signature recorded yet). */
  signer?: PendingSigner;
  /** Leave the seal out (token mode: the clerk's issue stamps it over the signed file). */
  withoutSeal?: boolean;
}

/** Who is about to sign, as the signature block prints them. */
export type PendingSigner = Pick<
  ReportSignature,
  'signerId' | 'signerName' | 'positionTitle' | 'signAuthority' | 'signHeadTitle'
>;

/**
 * A report as an official document: gathers what the document shows from the report's context
 * (its unit, cells, signature, the signature and seal images, a consolidated report's sources)
 * and has the documents' templates and the renderer make the PDF.
 */
@Injectable()
export class ReportDocumentService implements OnApplicationBootstrap {
  constructor(
    private readonly org: OrgRepository,
    private readonly users: UsersRepository,
    private readonly reportForms: ReportFormsService,
    private readonly cells: ReportCellsRepository,
    private readonly signatures: ReportSignaturesRepository,
    private readonly images: SigningImagesService,
    private readonly consolidation: ConsolidationRepository,
    private readonly renderer: PdfRenderer,
  ) {}

  /** The templates compiled before the first request, not during it. */
  onApplicationBootstrap(): void {
    compileDocumentTemplates();
  }

  /** What the templates lay out, from the report as it is now (inside the caller's transaction when given). */
  async model(report: Report, issue: IssueInfo, em?: EntityManager): Promise<DocumentModel> {
    // Inside a transaction every read goes through its connection: issuing holds the numbering
    // lock, and a read waiting for another pooled connection could wait for ever under load.
    // One after the other: a transaction's connection runs one query at a time.
    const unit = (await this.org.findById(report.orgUnitId, em))!;
    const stored = await this.cells.load(report.id, em);
    const defs = await this.reportForms.definitions(report, em);
    const signature = await this.signatureModel(report, unit, issue, em);
    const sources = report.kind === 'consolidated' ? await this.sourcesOf(report, em) : undefined;
    const issuer = issuerOf(unit);
    if (issue.filingUnit) issuer.filingUnit = issue.filingUnit;
    return buildDocumentModel({
      docType: report.type,
      issuer,
      title: report.title,
      narrative: report.narrative,
      recipients: report.recipients,
      signature,
      forms: defs.map((def) => ({ def, data: stored[def.code] ?? {} })),
      sources,
      issue,
    });
  }

  /** The document as a PDF (the shared head, the text, each annex; its title). */
  render(model: DocumentModel, request?: RenderRequest): Promise<Buffer> {
    return this.renderer.renderDocument(renderDocument(model), request);
  }

  /**
   * The original as the head signs it: the final layout with the number, the date and the seal
   * left for the clerk, and where they go (filled at issue by stampIssuedPdf; see issue-places.ts).
   * `model` is the original's (draft: false); its number and date, if any, are not printed.
   */
  async renderForSignature(
    model: DocumentModel,
    request?: RenderRequest,
  ): Promise<{ pdf: Buffer; places: IssuePlaces }> {
    const doc = renderDocument({ ...model, draft: false, issuePreview: false, issuePlaces: true });
    const { pdf, places } = await this.renderer.renderDocumentWithPlaces(doc, request);
    return { pdf, places: issuePlacesOf(places) };
  }

  /** The signer and titles: the head who signed (with images on the original), or the unit's head's titles before anyone signed. */
  private async signatureModel(
    report: Report,
    unit: OrgUnit,
    issue: IssueInfo,
    em?: EntityManager,
  ): Promise<SignatureModel> {
    // A collective body's signatures print its "TM." line (signing-authority.ts).
    const collective = unit.kind === 'collective' ? collectiveName(unit) : null;
    const signed = issue.signer ?? (await this.signatures.latestActive(report.id, em));
    if (signed) {
      const sig: SignatureModel = {
        authority: signed.signAuthority,
        headTitle: signed.signHeadTitle,
        positionTitle: signed.positionTitle,
        signerName: signed.signerName,
        collective,
      };
      // The signed original shows the signer's signature image and the organisation's seal, when uploaded.
      if (!issue.draft) {
        sig.signatureImage = await this.images.imageDataUrl('user', signed.signerId, em);
        if (!issue.withoutSeal)
          sig.sealImage = await this.images.imageDataUrl('orgUnit', unit.id, em);
      }
      return sig;
    }
    const head = await this.users.headTitles(unit.id, em);
    if (!head)
      return {
        authority: null,
        headTitle: 'THỦ TRƯỞNG ĐƠN VỊ',
        positionTitle: null,
        signerName: null,
        collective,
      };
    // Before anyone signed: as the head would sign by default.
    const resolved = resolveSigning({
      unitKind: unit.kind,
      collectiveName: collectiveName(unit),
      positionTitle: head.positionTitle,
      headTitle: head.signHeadTitle,
      defaultAuthority: head.signAuthority,
    });
    return {
      authority: 'refused' in resolved ? head.signAuthority : resolved.authority,
      headTitle: 'refused' in resolved ? head.signHeadTitle : resolved.headTitle,
      positionTitle: head.positionTitle,
      signerName: null,
      collective,
    };
  }

  /** A consolidated report's sources (by unit code) and the units that did not report. */
  private async sourcesOf(report: Report, em?: EntityManager) {
    const sources = await this.consolidation.sourcesOf(report.id, em);
    const missingIds = report.consolidation?.missingUnitIds ?? [];
    const units = new Map(
      (await this.org.findByIds([...sources.map((s) => s.orgUnitId), ...missingIds], em)).map(
        (u) => [u.id, u],
      ),
    );
    const byCode = (id: string) => units.get(id)?.code ?? '';
    return {
      lines: [...sources]
        .sort((a, b) => byCode(a.orgUnitId).localeCompare(byCode(b.orgUnitId)))
        .map((s) => ({
          unitName: units.get(s.orgUnitId)?.name ?? '',
          numberText: s.numberText,
          issuedAt: s.issuedAt,
          onTime: s.onTime,
        })),
      missingUnitNames: [...missingIds]
        .sort((a, b) => byCode(a).localeCompare(byCode(b)))
        .map((id) => units.get(id)?.name ?? ''),
    };
  }
}
