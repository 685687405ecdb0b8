import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AuthUser, hasRole } from '@app/auth';
import { requireUuid } from '@app/common';
import { OrgLineage } from '@app/org';
import { IssuedRef } from '@app/reports';
import { ArchiveErrors } from './archive.errors';
import { DocumentMarks, DocumentMarksRepository, marksNote } from './document-marks.repository';
import { IssuedDocument } from './entities/issued-document.entity';
import { IssuedDocumentsRepository } from './issued-documents.repository';

export interface DocumentQuery {
  year?: string;
  orgUnitId?: string;
  /** Words of the title, number or issuer, accents and case ignored. */
  q?: string;
  /** Words of the number only. */
  number?: string;
}

/** What the API shows of an archived original (never its bytes). */
export function documentView(d: IssuedDocument) {
  return {
    id: d.id,
    reportId: d.reportId,
    orgUnitId: d.orgUnitId,
    numberText: d.numberText,
    number: d.number,
    symbol: d.symbol,
    docType: d.docType,
    year: d.year,
    issuedAt: d.issuedAt,
    issueDate: d.issueDate,
    issuer: d.issuer,
    title: d.title,
    signer: d.signer,
    recipients: d.recipients,
    sha256: d.sha256,
    size: d.pdfSize,
  };
}
/** A document's view with its marks: `withdrawn`, `replacedBy` and their words (`status`, '' when none). */
export function markedView(d: IssuedDocument, marks: DocumentMarks | undefined) {
  return { ...documentView(d), ...marks, status: marksNote(marks) };
}
export type DocumentView = ReturnType<typeof markedView>;

/** Why a document is read: recorded in the access log. */
export type ReadPurpose = 'read-pdf' | 'read-pdf-report' | 'read-docx';

/** The archive of issued originals: who may read which, the bytes exactly as issued (every read logged), searches. */
@Injectable()
export class ArchiveService {
  private readonly logger = new Logger(ArchiveService.name);

  constructor(
    private readonly repo: IssuedDocumentsRepository,
    private readonly lineage: OrgLineage,
    private readonly marks: DocumentMarksRepository,
  ) {}

  /** The view of a document the caller may read, with its withdrawal and replacement marks. */
  async view(doc: IssuedDocument): Promise<DocumentView> {
    return markedView(doc, (await this.marks.of([doc.id])).get(doc.id));
  }

  /** The latest issued document of each report (number and date shown on the report). */
  latest(reportIds: string[]): Promise<Map<string, IssuedRef>> {
    return this.repo.latestOfReports(reportIds);
  }

  /**
   * Issuer unit, its upper units, recipient units and admins may read an archived document; across
   * a reorganisation a unit stands for the units it replaced (OrgLineage): a merged ward reads the
   * archive of the communes it replaced, Sở Y tế what was addressed to or sent up to Sở LĐTBXH.
   */
  async canRead(
    user: AuthUser,
    doc: Pick<IssuedDocument, 'orgUnitId' | 'recipients'>,
  ): Promise<boolean> {
    if (hasRole(user, 'admin') || doc.orgUnitId === user.orgUnitId) return true;
    const lineage = await this.lineage.of(user.orgUnitId);
    if (doc.recipients.some((r) => r.orgUnitId && lineage.includes(r.orgUnitId))) return true;
    return this.lineage.holds(user.orgUnitId, doc.orgUnitId);
  }

  async get(user: AuthUser, id: string): Promise<IssuedDocument> {
    const doc = await this.repo.findById(requireUuid(id, () => ArchiveErrors.DOCUMENT_NOT_FOUND()));
    if (!doc || !(await this.canRead(user, doc))) throw ArchiveErrors.DOCUMENT_NOT_FOUND();
    return doc;
  }

  /** The archived bytes, exactly as issued, checked against their hash; the read is logged. */
  async readPdf(
    user: AuthUser,
    id: string,
    purpose: ReadPurpose = 'read-pdf',
  ): Promise<{ pdf: Buffer; doc: IssuedDocument }> {
    const doc = await this.get(user, id);
    const pdf = await this.repo.pdfBytes(doc.id);
    if (createHash('sha256').update(pdf).digest('hex') !== doc.sha256) {
      this.logger.error({ msg: 'archived PDF does not match its hash', documentId: doc.id });
      throw ArchiveErrors.ARCHIVE_CORRUPTED();
    }
    await this.repo.logAccess(doc.id, user.id, purpose);
    return { pdf, doc };
  }

  /** The model an original was printed from, for its Word copy (null before models were kept); the read is logged. */
  async readModel(
    user: AuthUser,
    id: string,
  ): Promise<{ doc: IssuedDocument; model: IssuedDocument['model'] }> {
    const doc = await this.get(user, id);
    const model = await this.repo.modelOf(doc.id);
    await this.repo.logAccess(doc.id, user.id, 'read-docx');
    return { doc, model };
  }

  /** Issued documents the caller may read (`incoming`: those addressed to the caller's unit). */
  async list(
    user: AuthUser,
    query: DocumentQuery,
    opts: { incoming?: boolean } = {},
  ): Promise<DocumentView[]> {
    const visibleTo =
      opts.incoming || hasRole(user, 'admin')
        ? undefined
        : {
            unitIds: [...(await this.lineage.heldUnitIds(user.orgUnitId))],
            recipientUnitIds: await this.lineage.of(user.orgUnitId),
          };
    const docs = await this.repo.list({
      visibleTo,
      addressedTo: opts.incoming ? user.orgUnitId : undefined,
      year: query.year ? Number(query.year) : undefined,
      orgUnitId: query.orgUnitId,
      q: query.q,
      number: query.number,
    });
    const marks = await this.marks.of(docs.map((d) => d.id));
    return docs.map((d) => markedView(d, marks.get(d.id)));
  }
}
