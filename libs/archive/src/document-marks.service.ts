import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, hasRole } from '@app/auth';
import { Clock } from '@app/common';
import { ArchiveErrors } from './archive.errors';
import { ArchiveService } from './archive.service';
import { DocumentMarks, DocumentMarksRepository } from './document-marks.repository';
import { IssuedDocumentsRepository } from './issued-documents.repository';

/**
 * Thu hồi and thay thế: the issuer unit's head withdraws an issued document with a reason; a later
 * document replaces an earlier one (a replacement report, or the same report issued again after a
 * return). The originals never change: the marks are rows of their own.
 */
@Injectable()
export class DocumentMarksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: DocumentMarksRepository,
    private readonly archive: ArchiveService,
    private readonly documents: IssuedDocumentsRepository,
    private readonly clock: Clock,
  ) {}

  /** Withdraws a document: only a head of the issuing unit; a second withdrawal is 409. */
  async withdraw(user: AuthUser, id: string, reason: string): Promise<DocumentMarks> {
    const doc = await this.archive.get(user, id);
    if (!hasRole(user, 'head') || doc.orgUnitId !== user.orgUnitId)
      throw ArchiveErrors.WITHDRAW_FORBIDDEN();
    await this.ds.transaction(async (em) => {
      const done = await this.repo.withdraw(em, {
        documentId: doc.id,
        at: this.clock.now(),
        reason: reason.trim(),
        by: user.id,
      });
      if (!done) throw ArchiveErrors.DOCUMENT_ALREADY_WITHDRAWN();
    });
    return (await this.repo.of([doc.id])).get(doc.id) ?? {};
  }

  /**
   * Inside the issuing transaction of `newDocumentId`: the report's earlier original (issued, then
   * returned and issued again) and the document the report was created to replace are marked as
   * replaced by the new one.
   */
  async markReplaced(
    em: EntityManager,
    report: { id: string; replacesDocumentId?: string | null },
    newDocumentId: string,
  ): Promise<void> {
    const earlier = await this.documents.previousOfReport(em, report.id, newDocumentId);
    const replaced = [
      ...(earlier ? [earlier] : []),
      ...(report.replacesDocumentId ? [report.replacesDocumentId] : []),
    ];
    for (const documentId of replaced)
      await this.repo.replace(em, {
        documentId,
        replacedById: newDocumentId,
        at: this.clock.now(),
      });
  }

  /** The marks of these documents. */
  of(ids: string[]): Promise<Map<string, DocumentMarks>> {
    return this.repo.of(ids);
  }
}
