import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, UsersRepository, hasRole } from '@app/auth';
import {
  Clock,
  formatDate,
  formatDateTime,
  requireUuid,
  vietnamDate,
  vietnamYear,
} from '@app/common';
import {
  INCOMING_REGISTER,
  IncomingRegisterEntry,
  incomingRegisterRows,
  registerRowsWorkbook,
  renderRegisterRows,
} from '@app/documents';
import { OrgLineage, OrgRepository, OrgUnit } from '@app/org';
import { PdfRenderer } from '@app/renderer';
import { ArchiveErrors } from './archive.errors';
import { DocumentMarksRepository, marksNote } from './document-marks.repository';
import { IssuedDocument } from './entities/issued-document.entity';
import { IncomingRepository, IncomingRow } from './incoming.repository';
import { IssuedDocumentsRepository } from './issued-documents.repository';

/** A line of the incoming register as the API gives it. */
export type IncomingRegisterLine = IncomingRow & {
  withdrawn?: { at: Date; reason: string };
  replacedBy?: { documentId: string; numberText: string };
  note: string;
};

/** One delivery of a document as its sender sees it. */
export interface DeliveryView {
  orgUnitId: string;
  unitName: string;
  incomingNumber: number;
  receivedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
}

/**
 * Sổ đăng ký văn bản đến: delivery of issued documents to the receiving units (each gets the next
 * incoming number of its register for the year, gap-free), the handling person, the receiving
 * unit's acknowledgement that the sender sees, and the register as lines, PDF and Excel.
 */
@Injectable()
export class IncomingRegisterService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: IncomingRepository,
    private readonly marks: DocumentMarksRepository,
    private readonly documents: IssuedDocumentsRepository,
    private readonly org: OrgRepository,
    private readonly lineage: OrgLineage,
    private readonly users: UsersRepository,
    private readonly renderer: PdfRenderer,
    private readonly clock: Clock,
  ) {}

  /**
   * Delivers an issued document to these units inside the caller's (issuing) transaction: each unit,
   * once, takes the next incoming number of its register for the Vietnam year of `receivedAt`. Units
   * are taken in a fixed order, so two deliveries to the same units never wait on each other crosswise.
   * The issuer's own unit is not delivered to. Returns the numbers taken, per unit.
   */
  async deliver(
    em: EntityManager,
    documentId: string,
    orgUnitIds: string[],
    receivedAt: Date,
    issuerUnitId?: string,
  ): Promise<Map<string, number>> {
    const taken = new Map<string, number>();
    const year = vietnamYear(receivedAt);
    const units = [...new Set(orgUnitIds)].filter((u) => u !== issuerUnitId).sort();
    for (const orgUnitId of units) {
      const n = await this.repo.enter(em, { orgUnitId, year, documentId, receivedAt });
      if (n !== null) taken.set(orgUnitId, n);
    }
    return taken;
  }

  /** Where an issued report goes: the direct upper unit and every recipient that names a unit. */
  async reportDestinations(
    em: EntityManager,
    orgUnitId: string,
    recipients: { orgUnitId?: string }[],
  ): Promise<string[]> {
    const [parent] = await this.org.ancestorIds(orgUnitId, em);
    return [
      ...(parent ? [parent] : []),
      ...recipients.flatMap((r) => (r.orgUnitId ? [r.orgUnitId] : [])),
    ];
  }

  /** The register of a unit and year: the caller's own unit; an admin may name any unit. */
  async lines(
    user: AuthUser,
    orgUnitId: string | undefined,
    year: number,
  ): Promise<{ unit: OrgUnit; lines: IncomingRegisterLine[] }> {
    const unit = await this.readableUnit(user, orgUnitId);
    const rows = await this.repo.ofUnitYear(unit.id, year);
    const marks = await this.marks.of(rows.map((r) => r.documentId));
    return {
      unit,
      lines: rows.map((r) => ({
        ...r,
        ...marks.get(r.documentId),
        note: marksNote(marks.get(r.documentId)),
      })),
    };
  }

  /** The register as printed rows (the web page), a PDF (landscape) or an Excel workbook. */
  async rows(user: AuthUser, orgUnitId: string | undefined, year: number) {
    const { unit, lines } = await this.lines(user, orgUnitId, year);
    return {
      unit,
      rows: incomingRegisterRows(lines.map(printed)),
      documentIds: lines.map((l) => l.documentId),
    };
  }

  async file(
    user: AuthUser,
    orgUnitId: string | undefined,
    year: number,
    format: 'pdf' | 'xlsx',
  ): Promise<{ bytes: Buffer; fileName: string }> {
    const { unit, rows } = await this.rows(user, orgUnitId, year);
    const fileName = `so-van-ban-den-${unit.code}-${year}.${format}`;
    if (format === 'xlsx')
      return {
        bytes: await registerRowsWorkbook(INCOMING_REGISTER, unit.name, year, rows),
        fileName,
      };
    return {
      bytes: await this.renderer.renderDocument(
        renderRegisterRows(INCOMING_REGISTER, unit.name, year, rows),
      ),
      fileName,
    };
  }

  /**
   * The receiving unit acknowledges receipt (its officer, head or clerk). A second acknowledgement
   * is 409 naming who did it and when, as for a report's ACKNOWLEDGE: a double click cannot hide it.
   */
  async acknowledge(user: AuthUser, documentId: string): Promise<void> {
    const id = requireUuid(documentId, () => ArchiveErrors.INCOMING_NOT_FOUND());
    await this.ds.transaction(async (em) => {
      const entry = await this.repo.lockEntry(em, id, user.orgUnitId);
      if (!entry) throw ArchiveErrors.INCOMING_NOT_FOUND();
      if (!hasRole(user, 'officer', 'head', 'clerk')) throw ArchiveErrors.INCOMING_FORBIDDEN();
      if (entry.acknowledgedAt)
        throw ArchiveErrors.DOCUMENT_ALREADY_ACKNOWLEDGED({
          message: `Văn bản đã được ${entry.acknowledgedByName ?? ''} tiếp nhận lúc ${formatDateTime(entry.acknowledgedAt)}.`,
        });
      await this.repo.acknowledge(em, entry.id, this.clock.now(), user);
    });
  }

  /** Acknowledges the unit's entry of a document if it has one not yet acknowledged (a report's ACKNOWLEDGE). */
  async acknowledgeIfDelivered(
    em: EntityManager,
    documentId: string,
    orgUnitId: string,
    by: { id: string; fullName: string },
  ): Promise<void> {
    const entry = await this.repo.lockEntry(em, documentId, orgUnitId);
    if (entry && !entry.acknowledgedAt)
      await this.repo.acknowledge(em, entry.id, this.clock.now(), by);
  }

  /** A report's ACKNOWLEDGE by its upper unit acknowledges that unit's register entry of the report's latest original. */
  async acknowledgeReport(
    em: EntityManager,
    reportId: string,
    orgUnitId: string,
    by: { id: string; fullName: string },
  ): Promise<void> {
    const latest = (await this.documents.latestOfReports([reportId], em)).get(reportId);
    if (latest) await this.acknowledgeIfDelivered(em, latest.documentId, orgUnitId, by);
  }

  /** Assigns (or, with null, clears) the person of the receiving unit who handles the document. */
  async setHandler(user: AuthUser, documentId: string, handlerId: string | null): Promise<void> {
    const id = requireUuid(documentId, () => ArchiveErrors.INCOMING_NOT_FOUND());
    const entry = await this.repo.findEntry(id, user.orgUnitId);
    if (!entry) throw ArchiveErrors.INCOMING_NOT_FOUND();
    if (!hasRole(user, 'officer', 'head', 'clerk')) throw ArchiveErrors.INCOMING_FORBIDDEN();
    if (handlerId === null) return this.repo.setHandler(entry.id, null);
    const handler = await this.users.findById(handlerId);
    if (!handler || !handler.active || handler.orgUnitId !== user.orgUnitId)
      throw ArchiveErrors.HANDLER_INVALID();
    await this.repo.setHandler(entry.id, { id: handler.id, fullName: handler.fullName });
  }

  /**
   * The deliveries of a document: every one to the issuer's unit (and the units holding it) and
   * admins; a receiving unit sees its own entry only.
   */
  async deliveries(user: AuthUser, doc: IssuedDocument): Promise<DeliveryView[]> {
    const entries = await this.repo.ofDocument(doc.id);
    const sender =
      hasRole(user, 'admin') ||
      doc.orgUnitId === user.orgUnitId ||
      (await this.lineage.holds(user.orgUnitId, doc.orgUnitId));
    const shown = sender ? entries : entries.filter((e) => e.orgUnitId === user.orgUnitId);
    const names = await this.org.namesByIds(shown.map((e) => e.orgUnitId));
    return shown.map((e) => ({
      orgUnitId: e.orgUnitId,
      unitName: names.get(e.orgUnitId) ?? '',
      incomingNumber: e.incomingNumber,
      receivedAt: e.receivedAt,
      acknowledgedAt: e.acknowledgedAt,
      acknowledgedBy: e.acknowledgedByName,
    }));
  }

  private async readableUnit(user: AuthUser, orgUnitId: string | undefined): Promise<OrgUnit> {
    const id = orgUnitId ?? user.orgUnitId;
    if (id !== user.orgUnitId && !hasRole(user, 'admin')) throw ArchiveErrors.REGISTER_NOT_FOUND();
    const unit = await this.org.findById(requireUuid(id, () => ArchiveErrors.REGISTER_NOT_FOUND()));
    if (!unit) throw ArchiveErrors.REGISTER_NOT_FOUND();
    return unit;
  }
}

/** A register line as the printed register shows it. */
function printed(l: IncomingRegisterLine): IncomingRegisterEntry {
  return {
    incomingNumber: l.incomingNumber,
    receivedDate: vietnamDate(l.receivedAt),
    issuer: l.issuer,
    numberText: l.numberText,
    issueDate: l.issueDate,
    docType: l.docType,
    title: l.title,
    handledBy: l.handledBy?.fullName ?? null,
    acknowledgement: l.acknowledgedAt
      ? `Đã tiếp nhận ${formatDate(vietnamDate(l.acknowledgedAt))}${l.acknowledgedBy ? ` (${l.acknowledgedBy})` : ''}`
      : null,
    note: l.note,
  };
}
