import { Injectable } from '@nestjs/common';
import { ArchiveService, IssuedDocument } from '@app/archive';
import { AuthUser } from '@app/auth';
import { Clock } from '@app/common';
import {
  DocumentModel,
  NarrativeChange,
  NotADocxError,
  documentDocx,
  readDocxNarrativeTask,
} from '@app/documents';
import {
  ReportAccess,
  ReportCellsRepository,
  ReportView,
  ReportsRepository,
  ReportsService,
  contentSha256,
} from '@app/reports';
import { WorkerPool } from '@app/workers';
import { isOut } from '@app/workflow';
import { ApprovalErrors } from './approval.errors';
import { ReportDocumentService } from './report-document.service';

export interface WordCopy {
  bytes: Buffer;
  fileName: string;
  /** The copy of an issued original, or a draft. */
  status: 'issued-copy' | 'draft';
}

/** What an import of an edited copy answers: the changes, and the report once saved. */
export interface DocxImport {
  saved: boolean;
  changes: NarrativeChange[];
  /** The narrative as it would be saved (preview) or was saved. */
  narrative: string;
  version: number;
  report?: ReportView;
}

const fileNameOf = (numberText: string) => `${numberText.replace(/\//g, '-')}.docx`;

/**
 * Word copies of documents (.docx in the decree's layout) from the model the PDF is printed from,
 * and the import of a draft's narrative from an edited copy, with its changes shown before saving.
 */
@Injectable()
export class ReportDocxService {
  constructor(
    private readonly access: ReportAccess,
    private readonly archive: ArchiveService,
    private readonly documents: ReportDocumentService,
    private readonly reports: ReportsService,
    private readonly reportRows: ReportsRepository,
    private readonly cells: ReportCellsRepository,
    private readonly workers: WorkerPool,
    private readonly clock: Clock,
  ) {}

  /** A report as Word: the copy of its issued original once issued, else its draft as it is now. */
  async ofReport(user: AuthUser, reportId: string): Promise<WordCopy> {
    const report = await this.access.loadVisible(user, reportId);
    if (isOut(report.state)) {
      const latest = (await this.archive.latest([report.id])).get(report.id);
      if (latest) return this.ofDocument(user, latest.documentId);
    }
    const model = await this.documents.model(report, {
      draft: true,
      numberText: null,
      issueDate: null,
    });
    const bytes = await documentDocx(model, { madeAt: this.clock.now() });
    return { bytes, fileName: 'du-thao.docx', status: 'draft' };
  }

  /** An issued document as Word, from the model it was printed from (the PDF stays the original). */
  async ofDocument(user: AuthUser, documentId: string): Promise<WordCopy> {
    const { doc, model } = await this.archive.readModel(user, documentId);
    const bytes = await documentDocx(model ?? (await this.rebuiltModel(doc)), {
      madeAt: this.clock.now(),
      originalSha256: doc.sha256,
    });
    return { bytes, fileName: fileNameOf(doc.numberText), status: 'issued-copy' };
  }

  /**
   * A document issued before models were kept: rebuilt from its report only when the report still
   * holds exactly what was signed (same content hash), with the archived header and signer.
   */
  private async rebuiltModel(doc: IssuedDocument): Promise<DocumentModel> {
    const report = await this.reportRows.findById(doc.reportId);
    if (!report || !doc.signer.contentSha256) throw ApprovalErrors.DOCX_NOT_AVAILABLE();
    const data = await this.cells.load(report.id);
    const now = contentSha256({
      title: report.title,
      narrative: report.narrative,
      recipients: report.recipients,
      data,
    });
    if (now !== doc.signer.contentSha256) throw ApprovalErrors.DOCX_NOT_AVAILABLE();
    const model = await this.documents.model(report, {
      draft: false,
      numberText: doc.numberText,
      issueDate: doc.issueDate,
      filingUnit: doc.issuer.filingUnit,
    });
    return {
      ...model,
      issuer: doc.issuer,
      title: doc.title,
      recipients: doc.recipients,
      signature: { ...doc.signer, signatureImage: null, sealImage: null },
    };
  }

  /**
   * Reads the narrative of an edited copy of a draft (only what lies between the title and Nơi
   * nhận) and compares it with the saved one, paragraph by paragraph; `preview` only answers the
   * changes, otherwise they are saved under the report's `version` (a stale one → 409).
   */
  async importNarrative(
    user: AuthUser,
    reportId: string,
    docx: Buffer | undefined,
    opts: { version?: number; preview: boolean },
  ): Promise<DocxImport> {
    const report = await this.access.loadVisible(user, reportId);
    this.access.assertCanEdit(user, report);
    if (!docx || docx.length === 0) throw ApprovalErrors.DOCX_MISSING();
    if (!opts.preview && opts.version === undefined) throw ApprovalErrors.DOCX_VERSION_REQUIRED();
    let merge;
    try {
      merge = await this.workers.run(readDocxNarrativeTask, docx, report.narrative ?? '');
    } catch (e) {
      if (e instanceof NotADocxError) throw ApprovalErrors.DOCX_UNREADABLE({ message: e.message });
      throw e;
    }
    if (opts.preview || !merge.changes.length)
      return {
        saved: false,
        changes: merge.changes,
        narrative: merge.narrative,
        version: report.version,
      };
    const view = await this.reports.patch(user, report.id, {
      version: opts.version!,
      narrative: merge.narrative,
    });
    return {
      saved: true,
      changes: merge.changes,
      narrative: merge.narrative,
      version: view.version,
      report: view,
    };
  }
}
