import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { IncomingDocument } from './entities/incoming-document.entity';

/** A line of an incoming register with what the register prints of its document. */
export interface IncomingRow {
  incomingNumber: number;
  receivedAt: Date;
  documentId: string;
  numberText: string;
  issueDate: string;
  docType: string;
  issuer: string;
  title: string;
  handledBy: { id: string; fullName: string } | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
}

/** SQL of the incoming registers (incoming_document) and their numbering (incoming_number_registry). */
@Injectable()
export class IncomingRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Enters a document in a unit's register for a year, inside the caller's transaction: the upsert
   * of the unit's counter locks its row until commit, so concurrent deliveries to one unit wait for
   * each other and numbers run 1, 2, … without gap or repeat; a rollback gives the number back.
   * A document already in the unit's register is not entered twice (null).
   */
  async enter(
    em: EntityManager,
    e: { orgUnitId: string; year: number; documentId: string; receivedAt: Date },
  ): Promise<number | null> {
    const already: unknown[] = await em.query(
      `SELECT 1 FROM incoming_document WHERE org_unit_id = $1 AND document_id = $2`,
      [e.orgUnitId, e.documentId],
    );
    if (already.length) return null;
    const rows: { last_number: number }[] = await em.query(
      `INSERT INTO incoming_number_registry (org_unit_id, year, last_number) VALUES ($1, $2, 1)
       ON CONFLICT (org_unit_id, year) DO UPDATE SET last_number = incoming_number_registry.last_number + 1
       RETURNING last_number`,
      [e.orgUnitId, e.year],
    );
    const n = rows[0].last_number;
    await em.getRepository(IncomingDocument).insert({
      orgUnitId: e.orgUnitId,
      year: e.year,
      incomingNumber: n,
      documentId: e.documentId,
      receivedAt: e.receivedAt,
    });
    return n;
  }

  /** The register lines of a unit and year, in incoming order. */
  async ofUnitYear(orgUnitId: string, year: number): Promise<IncomingRow[]> {
    const rows: {
      incoming_number: number;
      received_at: Date;
      document_id: string;
      number_text: string;
      issue_date: string;
      doc_type: string;
      issuer: string;
      title: string;
      handled_by_id: string | null;
      handled_by_name: string | null;
      acknowledged_at: Date | null;
      acknowledged_by_name: string | null;
    }[] = await this.ds.query(
      `SELECT i.incoming_number, i.received_at, i.document_id, d.number_text,
              to_char(d.issue_date, 'YYYY-MM-DD') AS issue_date, d.doc_type, d.issuer->>'name' AS issuer, d.title,
              i.handled_by_id, i.handled_by_name, i.acknowledged_at, i.acknowledged_by_name
         FROM incoming_document i JOIN issued_document d ON d.id = i.document_id
        WHERE i.org_unit_id = $1 AND i.year = $2 ORDER BY i.incoming_number`,
      [orgUnitId, year],
    );
    return rows.map((r) => ({
      incomingNumber: r.incoming_number,
      receivedAt: new Date(r.received_at),
      documentId: r.document_id,
      numberText: r.number_text,
      issueDate: r.issue_date,
      docType: r.doc_type,
      issuer: r.issuer,
      title: r.title,
      handledBy: r.handled_by_id
        ? { id: r.handled_by_id, fullName: r.handled_by_name ?? '' }
        : null,
      acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at) : null,
      acknowledgedBy: r.acknowledged_by_name,
    }));
  }

  /** The deliveries of a document (one per receiving unit), in delivery order. */
  ofDocument(documentId: string, em: EntityManager = this.ds.manager): Promise<IncomingDocument[]> {
    return em
      .getRepository(IncomingDocument)
      .find({ where: { documentId }, order: { receivedAt: 'ASC', orgUnitId: 'ASC' } });
  }

  findEntry(documentId: string, orgUnitId: string): Promise<IncomingDocument | null> {
    return this.ds.getRepository(IncomingDocument).findOneBy({ documentId, orgUnitId });
  }

  /** A unit's entry of a document, locked for this transaction. */
  lockEntry(
    em: EntityManager,
    documentId: string,
    orgUnitId: string,
  ): Promise<IncomingDocument | null> {
    return em
      .getRepository(IncomingDocument)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.document_id = :d AND i.org_unit_id = :u', { d: documentId, u: orgUnitId })
      .getOne();
  }

  /** Stamps the acknowledgement of an entry that has none yet; whether it did. */
  async acknowledge(
    em: EntityManager,
    id: string,
    at: Date,
    by: { id: string; fullName: string },
  ): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `UPDATE incoming_document SET acknowledged_at = $2, acknowledged_by_id = $3, acknowledged_by_name = $4
        WHERE id = $1 AND acknowledged_at IS NULL RETURNING id`,
      [id, at, by.id, by.fullName],
    );
    return rows.length > 0;
  }

  async setHandler(id: string, handler: { id: string; fullName: string } | null): Promise<void> {
    await this.ds.query(
      `UPDATE incoming_document SET handled_by_id = $2, handled_by_name = $3 WHERE id = $1`,
      [id, handler?.id ?? null, handler?.fullName ?? null],
    );
  }
}
