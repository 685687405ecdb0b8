import { Injectable } from '@nestjs/common';
import { ArchiveService } from '@app/archive';
import { AuthUser } from '@app/auth';
import { ReportAccess } from '@app/reports';
import { isOut } from '@app/workflow';
import { PreviewRenders } from './preview-renders';
import { ReportDocumentService } from './report-document.service';

export interface ReportPdf {
  pdf: Buffer;
  fileName: string;
  /** The archived original (true) or a draft preview marked DỰ THẢO (false). */
  archived: boolean;
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
  ) {}

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
