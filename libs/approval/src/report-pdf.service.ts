import { Injectable } from '@nestjs/common';
import {
  ArchiveService,
  IssuedDocumentsRepository,
  NUMBERING_SERIES,
  numberText,
} from '@app/archive';
import { AuthUser } from '@app/auth';
import { Clock } from '@app/common';
import { documentSymbol } from '@app/documents';
import { OrgRepository } from '@app/org';
import { ReportAccess, ReportSignaturesRepository } from '@app/reports';
import { isOut, stepOf } from '@app/workflow';
import { ApprovalErrors } from './approval.errors';
import { IssueOptions, checkedIssueDate } from './issuing.service';
import { PreviewRenders } from './preview-renders';
import { ReportDocumentService } from './report-document.service';

export interface ReportPdf {
  pdf: Buffer;
  fileName: string;
  /** The archived original (true) or a draft preview marked DỰ THẢO (false). */
  archived: boolean;
  /** The clerk's numbered preview before issuing. */
  issuePreview?: boolean;
  sha256?: string;
}

/** The PDF of a report: the archived original once issued, else a marked draft preview. */
@Injectable()
export class ReportPdfService {
  constructor(
    private readonly access: ReportAccess,
    private readonly archive: ArchiveService,
    private readonly documents: ReportDocumentService,
    private readonly previews: PreviewRenders,
    private readonly org: OrgRepository,
    private readonly issued: IssuedDocumentsRepository,
    private readonly signatures: ReportSignaturesRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * The clerk's preview of the original before issuing (Phát hành): the number the document will
   * take next, the issue date (today by default, checked as SUBMIT checks it), the filing unit,
   * marked BẢN XEM TRƯỚC; nothing is taken or stored. Only the unit's clerks, only once signed.
   */
  async issuePreview(
    user: AuthUser,
    reportId: string,
    options: IssueOptions = {},
  ): Promise<ReportPdf> {
    const report = await this.access.loadVisible(user, reportId);
    if (!user.roles.includes('clerk') || user.orgUnitId !== report.orgUnitId)
      throw ApprovalErrors.WORKFLOW_FORBIDDEN({
        message: 'Chỉ văn thư của đơn vị mới xem trước bản phát hành.',
      });
    if (stepOf(report) !== 'signed') throw ApprovalErrors.ISSUE_PREVIEW_NOT_AVAILABLE();
    const signature = await this.signatures.latestActive(report.id);
    const issueDate = checkedIssueDate(
      options.issueDate,
      this.clock.now(),
      signature?.signedAt ?? null,
    );
    const unit = (await this.org.findById(report.orgUnitId))!;
    const symbol = documentSymbol(
      report.type,
      unit.abbreviation,
      options.filingUnit ?? unit.filingUnit,
    );
    const next = await this.issued.peekNextNumber(
      unit.id,
      Number(issueDate.slice(0, 4)),
      NUMBERING_SERIES,
    );
    const model = await this.documents.model(report, {
      draft: false,
      numberText: numberText(next, symbol),
      issueDate,
      filingUnit: options.filingUnit ?? null,
    });
    model.issuePreview = true;
    const pdf = await this.previews.preview(user.id, report.id, model, () =>
      this.documents.render(model, { purpose: 'preview', owner: user.id }),
    );
    return { pdf, fileName: 'xem-truoc-phat-hanh.pdf', archived: false, issuePreview: true };
  }

  async pdf(user: AuthUser, reportId: string): Promise<ReportPdf> {
    const report = await this.access.loadVisible(user, reportId);
    if (isOut(report.state)) {
      const latest = (await this.archive.latest([report.id])).get(report.id);
      if (latest) {
        const { pdf, doc } = await this.archive.readPdf(user, latest.documentId, 'read-pdf-report');
        return {
          pdf,
          fileName: `${doc.numberText.replace('/', '-')}.pdf`,
          archived: true,
          sha256: doc.sha256,
        };
      }
    }
    const model = await this.documents.model(report, {
      draft: true,
      numberText: null,
      issueDate: null,
    });
    const pdf = await this.previews.preview(user.id, report.id, model, () =>
      this.documents.render(model, { purpose: 'preview', owner: user.id }),
    );
    return { pdf, fileName: 'du-thao.pdf', archived: false };
  }
}
