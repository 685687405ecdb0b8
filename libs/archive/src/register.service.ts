import { Injectable } from '@nestjs/common';
import { AuthUser, hasRole } from '@app/auth';
import { requireUuid } from '@app/common';
import { RegisterEntry, registerWorkbook, renderRegister } from '@app/documents';
import { OrgRepository, OrgUnit } from '@app/org';
import { PdfRenderer } from '@app/renderer';
import { ArchiveErrors } from './archive.errors';
import { DocumentMarks, DocumentMarksRepository, marksNote } from './document-marks.repository';
import { IssuedDocument } from './entities/issued-document.entity';
import { IssuedDocumentsRepository } from './issued-documents.repository';

/** An archived document as a line of the outgoing register. */
export function registerEntry(d: IssuedDocument, marks?: DocumentMarks): RegisterEntry {
  return {
    numberText: d.numberText,
    issueDate: d.issueDate,
    docType: d.docType,
    title: d.title,
    signerName: d.signer.signerName ?? null,
    recipientNames: d.recipients.map((r) => r.name),
    filingUnit: d.issuer.filingUnit ?? null,
    note: marksNote(marks),
  };
}

/** The Sổ đăng ký văn bản đi of a unit and year: the unit itself, its upper units and admins may read it. */
@Injectable()
export class RegisterService {
  constructor(
    private readonly repo: IssuedDocumentsRepository,
    private readonly org: OrgRepository,
    private readonly renderer: PdfRenderer,
    private readonly marks: DocumentMarksRepository,
  ) {}

  /** The unit and its documents of the year in issue order. */
  async entries(
    user: AuthUser,
    orgUnitId: string,
    year: number,
  ): Promise<{ unit: OrgUnit; entries: RegisterEntry[] }> {
    const unit = await this.org.findById(
      requireUuid(orgUnitId, () => ArchiveErrors.REGISTER_NOT_FOUND()),
    );
    if (!unit) throw ArchiveErrors.REGISTER_NOT_FOUND();
    if (
      !hasRole(user, 'admin') &&
      unit.id !== user.orgUnitId &&
      !(await this.org.ancestorIds(unit.id)).includes(user.orgUnitId)
    ) {
      throw ArchiveErrors.REGISTER_NOT_FOUND();
    }
    const docs = await this.repo.ofUnitYear(unit.id, year);
    const marks = await this.marks.of(docs.map((d) => d.id));
    return { unit, entries: docs.map((d) => registerEntry(d, marks.get(d.id))) };
  }

  /** The register as a printed PDF (landscape) or an Excel workbook. */
  async file(
    user: AuthUser,
    orgUnitId: string,
    year: number,
    format: 'pdf' | 'xlsx',
  ): Promise<{ bytes: Buffer; fileName: string }> {
    const { unit, entries } = await this.entries(user, orgUnitId, year);
    const fileName = `so-van-ban-di-${unit.code}-${year}.${format}`;
    if (format === 'xlsx')
      return { bytes: await registerWorkbook(unit.name, year, entries), fileName };
    return {
      bytes: await this.renderer.renderDocument(renderRegister(unit.name, year, entries)),
      fileName,
    };
  }
}
