import { EntityManager } from 'typeorm';
import { FormDefinition, FormData, FormsService, cellRatio, cellType, formatVietnameseNumber, isValueRow, withComputedCells } from '@app/forms';
import { OrgUnit } from '@app/org';
import { Report, ReportCellsRepository, ReportSignature } from '@app/reports';
import { IsNull } from 'typeorm';
import { AnnexModel, DocumentModel, IssuerModel, SignatureModel } from './document-model';
import { documentSymbol } from './numbering';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV'];

export function issuerOf(unit: OrgUnit): IssuerModel {
  return { governingBody: unit.governingBody, name: unit.name, abbreviation: unit.abbreviation, placeName: unit.placeName, filingUnit: unit.filingUnit };
}

/** 'image/png' or 'image/jpeg' from the file's first bytes, or null. */
export function imageType(data: Buffer): string | null {
  if (data.length > 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return null;
}

async function latestImage(em: EntityManager, ownerKind: 'user' | 'orgUnit', ownerId: string): Promise<string | null> {
  const rows: { mime_type: string; data: Buffer }[] = await em.query(
    `SELECT mime_type, data FROM signing_image WHERE owner_kind = $1 AND owner_id = $2 ORDER BY created_at DESC LIMIT 1`,
    [ownerKind, ownerId],
  );
  const type = rows[0] ? imageType(rows[0].data) : null;
  return rows[0] && type ? `data:${type};base64,${rows[0].data.toString('base64')}` : null;
}

/** One cell as printed: Vietnamese numbers, Có/Không, text. */
export function formatCell(value: unknown, type: string): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (typeof value === 'number') return formatVietnameseNumber(value, type === 'integer' ? 0 : type === 'percent' ? 2 : 4);
  return String(value);
}

/** A form of the report as an annex table. */
export function annexOf(def: FormDefinition, data: FormData, roman: string | null): AnnexModel {
  const full = withComputedCells(def, data);
  return {
    roman,
    formCode: def.code,
    title: def.title,
    reportingNote: def.reportingNote,
    hasUnitColumn: def.rows.some((r) => !!r.unit),
    columns: def.columns.map((c) => ({ key: c.key, label: c.label, no: c.no, unit: c.unit })),
    rows: def.rows.map((r) => ({
      no: r.no ?? '',
      label: r.label,
      unit: r.unit ?? '',
      kind: r.kind,
      cells: isValueRow(r) ? def.columns.map((c) => formatCell(full[r.key]?.[c.key], cellRatio(r, c) ? 'percent' : cellType(r, c))) : def.columns.map(() => ''),
    })),
    landscape: def.columns.length >= 4,
  };
}

/** Builds what the templates lay out, from a report as it is now (inside the caller's transaction). */
export async function buildDocumentModel(
  em: EntityManager,
  forms: FormsService,
  report: Report,
  issue: { draft: boolean; numberText: string | null; issueDate: string | null },
): Promise<DocumentModel> {
  const unit = await em.getRepository(OrgUnit).findOneByOrFail({ id: report.orgUnitId });
  const data = await ReportCellsRepository.load(em, report.id);
  const defs = await Promise.all(report.forms.map((f) => forms.get(f.code, f.version)));
  const signature = await em.getRepository(ReportSignature).findOne({ where: { reportId: report.id, voidedAt: IsNull() }, order: { signedAt: 'DESC' } });
  let sig: SignatureModel;
  if (signature) {
    sig = { authority: signature.signAuthority, headTitle: signature.signHeadTitle, positionTitle: signature.positionTitle, signerName: signature.signerName };
    // The signed original shows the signer's signature image and the organisation's seal, when uploaded.
    if (!issue.draft) {
      sig.signatureImage = await latestImage(em, 'user', signature.signerId);
      sig.sealImage = await latestImage(em, 'orgUnit', unit.id);
    }
  } else {
    // Not signed yet: the titles of the unit's head, no name.
    const head = await em.query(`SELECT sign_authority, sign_head_title, position_title FROM app_user WHERE org_unit_id = $1 AND 'head' = ANY(roles) AND active ORDER BY created_at LIMIT 1`, [unit.id]);
    sig = head[0]
      ? { authority: head[0].sign_authority, headTitle: head[0].sign_head_title, positionTitle: head[0].position_title, signerName: null }
      : { authority: null, headTitle: 'THỦ TRƯỞNG ĐƠN VỊ', positionTitle: null, signerName: null };
  }
  const docType = report.type === 'KH' ? 'KH' : 'BC';
  return {
    draft: issue.draft,
    docType,
    issuer: issuerOf(unit),
    numberText: issue.numberText,
    symbol: documentSymbol(docType, unit.abbreviation),
    issueDate: issue.issueDate,
    title: report.title,
    kinhGui: [],
    narrative: report.narrative,
    recipients: report.recipients.map((r) => ({ name: r.name })),
    signature: sig,
    annexes: await annexesOf(em, report, defs, data),
  };
}

async function annexesOf(em: EntityManager, report: Report, defs: FormDefinition[], data: Record<string, FormData>): Promise<AnnexModel[]> {
  const extra = report.kind === 'consolidated' ? 1 : 0;
  const many = defs.length + extra > 1;
  const annexes = defs.map((def, i) => annexOf(def, data[def.code] ?? {}, many ? ROMAN[i] : null));
  if (report.kind === 'consolidated') annexes.push(await sourcesAnnex(em, report, many ? ROMAN[defs.length] : null));
  return annexes;
}

/** A consolidated report's last annex: the lower units' reports it sums (number, date), and who is missing. */
async function sourcesAnnex(em: EntityManager, report: Report, roman: string | null): Promise<AnnexModel> {
  const rows: { name: string; number_text: string | null; issued_at: Date | null; on_time: boolean | null }[] = await em.query(
    `SELECT u.name, s.number_text, s.issued_at, s.on_time FROM consolidation_source s JOIN org_unit u ON u.id = s.org_unit_id WHERE s.report_id = $1 ORDER BY u.code`,
    [report.id],
  );
  const missing: { name: string }[] = report.consolidation?.missingUnitIds.length
    ? await em.query(`SELECT name FROM org_unit WHERE id = ANY($1::uuid[]) ORDER BY code`, [report.consolidation.missingUnitIds])
    : [];
  const date = (d: Date | null) => (d ? new Date(new Date(d).getTime() + 7 * 3600_000).toISOString().slice(0, 10).split('-').reverse().join('/') : '');
  return {
    roman,
    formCode: '',
    title: 'Danh sách báo cáo của các đơn vị cấp dưới được tổng hợp',
    hasUnitColumn: false,
    columns: [
      { key: 'number', label: 'Số, ký hiệu văn bản' },
      { key: 'date', label: 'Ngày ban hành' },
      { key: 'timeliness', label: 'Thời hạn gửi' },
    ],
    rows: [
      ...rows.map((r, i) => ({ no: String(i + 1), label: r.name, unit: '', cells: [r.number_text ?? '', date(r.issued_at), r.on_time === null ? '' : r.on_time ? 'Đúng hạn' : 'Muộn'] })),
      ...missing.map((m, i) => ({ no: String(rows.length + i + 1), label: m.name, unit: '', cells: ['', '', 'Chưa gửi báo cáo'] })),
    ],
    landscape: false,
  };
}
