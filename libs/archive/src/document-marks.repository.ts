import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** What an issued document's marks say: withdrawn (thu hồi) and/or replaced (thay thế). */
export interface DocumentMarks {
  withdrawn?: { at: Date; reason: string };
  replacedBy?: { documentId: string; numberText: string };
}

/** SQL of the withdrawal and replacement marks (append-only rows beside the frozen originals). */
@Injectable()
export class DocumentMarksRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Records a withdrawal; false when the document was already withdrawn. */
  async withdraw(
    em: EntityManager,
    m: { documentId: string; at: Date; reason: string; by: string },
  ): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO document_withdrawal (document_id, withdrawn_at, reason, withdrawn_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (document_id) DO NOTHING RETURNING document_id`,
      [m.documentId, m.at, m.reason, m.by],
    );
    return rows.length > 0;
  }

  /** Records that `replacedById` replaces `documentId` (once: a second replacement of one document is ignored). */
  async replace(
    em: EntityManager,
    m: { documentId: string; replacedById: string; at: Date },
  ): Promise<void> {
    await em.query(
      `INSERT INTO document_replacement (document_id, replaced_by_id, replaced_at) VALUES ($1, $2, $3)
       ON CONFLICT (document_id) DO NOTHING`,
      [m.documentId, m.replacedById, m.at],
    );
  }

  /** The marks of these documents (absent: none). */
  async of(
    ids: string[],
    em: EntityManager = this.ds.manager,
  ): Promise<Map<string, DocumentMarks>> {
    const marks = new Map<string, DocumentMarks>();
    if (ids.length === 0) return marks;
    const mark = (id: string) => marks.get(id) ?? marks.set(id, {}).get(id)!;
    const withdrawn: { document_id: string; withdrawn_at: Date; reason: string }[] = await em.query(
      `SELECT document_id, withdrawn_at, reason FROM document_withdrawal WHERE document_id = ANY($1::uuid[])`,
      [ids],
    );
    for (const w of withdrawn)
      mark(w.document_id).withdrawn = { at: new Date(w.withdrawn_at), reason: w.reason };
    const replaced: { document_id: string; replaced_by_id: string; number_text: string }[] =
      await em.query(
        `SELECT r.document_id, r.replaced_by_id, d.number_text FROM document_replacement r
           JOIN issued_document d ON d.id = r.replaced_by_id WHERE r.document_id = ANY($1::uuid[])`,
        [ids],
      );
    for (const r of replaced)
      mark(r.document_id).replacedBy = { documentId: r.replaced_by_id, numberText: r.number_text };
    return marks;
  }
}

/** The marks in words, as the registers, the archive and verification print them ('' for none). */
export function marksNote(m: DocumentMarks | undefined): string {
  if (!m) return '';
  return [
    m.withdrawn ? `Đã thu hồi: ${m.withdrawn.reason}` : '',
    m.replacedBy ? `Đã được thay thế bởi văn bản số ${m.replacedBy.numberText}` : '',
  ]
    .filter(Boolean)
    .join('. ');
}
