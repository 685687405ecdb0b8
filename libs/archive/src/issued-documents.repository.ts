import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { SqlConditions } from '@app/database';
import { IssuedRef } from '@app/reports';
import { DocumentAccessLog } from './entities/document-access-log.entity';
import { IssuedDocument } from './entities/issued-document.entity';

/** Which documents a list shows: `visibleTo` limits it to what a unit may read (absent for admins). */
export interface DocumentFilter {
  visibleTo?: { unitIds: string[]; recipientUnitIds: string[] };
  addressedTo?: string;
  year?: number;
  orgUnitId?: string;
  /** A phrase in the title, the number or the issuer's name. */
  q?: string;
  /** A phrase in the number ("01/BC"). */
  number?: string;
}

/** Thin queries over the archive (issued_document is insert-only: the database refuses changes) and its access log. */
@Injectable()
export class IssuedDocumentsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Takes the next number of an organisation's series for a year, inside the caller's transaction.
   * The upsert locks the registry row until commit: concurrent issuers wait, and a rollback gives
   * the number back, so numbers run 01, 02, … without gap or repeat, across processes.
   */
  async takeNextNumber(
    em: EntityManager,
    orgUnitId: string,
    year: number,
    series: string,
  ): Promise<number> {
    const rows: { last_number: number }[] = await em.query(
      `INSERT INTO document_number_registry (org_unit_id, year, series, last_number) VALUES ($1, $2, $3, 1)
       ON CONFLICT (org_unit_id, year, series) DO UPDATE SET last_number = document_number_registry.last_number + 1
       RETURNING last_number`,
      [orgUnitId, year, series],
    );
    return rows[0].last_number;
  }

  /** The number the next document of the series will take (nothing is taken): the clerk's preview. */
  async peekNextNumber(
    orgUnitId: string,
    year: number,
    series: string,
    em: EntityManager = this.ds.manager,
  ): Promise<number> {
    const rows: { last_number: number }[] = await em.query(
      `SELECT last_number FROM document_number_registry WHERE org_unit_id = $1 AND year = $2 AND series = $3`,
      [orgUnitId, year, series],
    );
    return (rows[0]?.last_number ?? 0) + 1;
  }

  /** Archives an original inside the issuing transaction; its id. */
  async insert(
    em: EntityManager,
    doc: Omit<IssuedDocument, 'id' | 'createdAt' | 'report' | 'orgUnit'>,
  ): Promise<string> {
    const inserted = await em.getRepository(IssuedDocument).insert(doc);
    return inserted.identifiers[0].id as string;
  }

  findById(id: string): Promise<IssuedDocument | null> {
    return this.ds.getRepository(IssuedDocument).findOneBy({ id });
  }

  findBySha256(sha256: string): Promise<IssuedDocument | null> {
    return this.ds.getRepository(IssuedDocument).findOneBy({ sha256 });
  }

  /** The model an original was printed from (its Word copy), null when it was issued before models were kept. */
  async modelOf(id: string): Promise<IssuedDocument['model']> {
    const rows: { model: IssuedDocument['model'] }[] = await this.ds.query(
      `SELECT model FROM issued_document WHERE id = $1`,
      [id],
    );
    return rows[0]?.model ?? null;
  }

  /** The archived bytes of a document. */
  async pdfBytes(id: string): Promise<Buffer> {
    const rows: { pdf: Buffer }[] = await this.ds.query(
      `SELECT pdf FROM issued_document WHERE id = $1`,
      [id],
    );
    return rows[0].pdf;
  }

  /** The latest issued document of each report. */
  async latestOfReports(
    reportIds: string[],
    em: EntityManager = this.ds.manager,
  ): Promise<Map<string, IssuedRef>> {
    if (reportIds.length === 0) return new Map();
    const rows: { id: string; report_id: string; number_text: string; issued_at: Date }[] =
      await em.query(
        `SELECT DISTINCT ON (report_id) id, report_id, number_text, issued_at FROM issued_document WHERE report_id = ANY($1::uuid[]) ORDER BY report_id, issued_at DESC`,
        [reportIds],
      );
    return new Map(
      rows.map((r) => [
        r.report_id,
        { documentId: r.id, numberText: r.number_text, issuedAt: new Date(r.issued_at) },
      ]),
    );
  }

  /** The report's original issued before `exceptId` (the one a re-issue replaces), if any. */
  async previousOfReport(
    em: EntityManager,
    reportId: string,
    exceptId: string,
  ): Promise<string | null> {
    const rows: { id: string }[] = await em.query(
      `SELECT id FROM issued_document WHERE report_id = $1 AND id <> $2 ORDER BY issued_at DESC, number DESC LIMIT 1`,
      [reportId, exceptId],
    );
    return rows[0]?.id ?? null;
  }

  /** The newest 500 documents matching the filter. */
  async list(filter: DocumentFilter): Promise<IssuedDocument[]> {
    const w = new SqlConditions();
    const addressedTo = (unitId: string) =>
      `d.recipients @> ${w.param(JSON.stringify([{ orgUnitId: unitId }]))}::jsonb`;
    if (filter.addressedTo) w.and(addressedTo(filter.addressedTo));
    if (filter.visibleTo)
      w.and(
        `(d.org_unit_id = ANY(${w.param(filter.visibleTo.unitIds)}::uuid[])
          OR EXISTS (SELECT 1 FROM jsonb_array_elements(d.recipients) e WHERE e->>'orgUnitId' = ANY(${w.param(filter.visibleTo.recipientUnitIds)}::text[])))`,
      );
    if (filter.year) w.and(`d.year = ${w.param(filter.year)}`);
    if (filter.orgUnitId) w.and(`d.org_unit_id = ${w.param(filter.orgUnitId)}`);
    // Accent- and case-insensitive ("hoang dong" finds Hoàng Đồng's documents).
    if (filter.q) w.textMatch(['d.title', 'd.number_text', "d.issuer->>'name'"], filter.q);
    if (filter.number) w.textMatch(['d.number_text'], filter.number);
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM issued_document d ${w} ORDER BY issued_at DESC LIMIT 500`,
      w.params,
    );
    return rows.length
      ? this.ds
          .getRepository(IssuedDocument)
          .find({ where: { id: In(rows.map((r) => r.id)) }, order: { issuedAt: 'DESC' } })
      : [];
  }

  /** A unit's documents of a year in issue order. */
  ofUnitYear(orgUnitId: string, year: number): Promise<IssuedDocument[]> {
    return this.ds
      .getRepository(IssuedDocument)
      .find({ where: { orgUnitId, year }, order: { number: 'ASC' } });
  }

  /** Every read of an archived document is logged. */
  async logAccess(documentId: string, userId: string, action: string): Promise<void> {
    await this.ds.getRepository(DocumentAccessLog).insert({ documentId, userId, action });
  }
}
