import { formatDate, formatVietnameseFixed } from '@app/common';
import {
  AnnexSpec,
  FormData,
  FormDefinition,
  cellRatio,
  cellType,
  fixedText,
  formatCell,
  isValueRow,
  withComputedCells,
} from '@app/forms';
import { AnnexModel, DocumentModel, IssuerModel, SignatureModel } from './document-model';
import { documentSymbol, documentType } from './document-types';

const ROMAN = [
  'I',
  'II',
  'III',
  'IV',
  'V',
  'VI',
  'VII',
  'VIII',
  'IX',
  'X',
  'XI',
  'XII',
  'XIII',
  'XIV',
  'XV',
];

/** The issuing unit as documents print it. */
export function issuerOf(unit: {
  governingBody: string | null;
  name: string;
  abbreviation: string;
  placeName: string;
  filingUnit: string | null;
  headerLines?: string[] | null;
}): IssuerModel {
  return {
    governingBody: unit.governingBody,
    name: unit.name,
    abbreviation: unit.abbreviation,
    placeName: unit.placeName,
    filingUnit: unit.filingUnit,
    headerLines: unit.headerLines?.length ? [...unit.headerLines] : null,
  };
}

/** How a number of the cell is printed: fixed decimals of the column or row, minimum digits of the row. */
function cellText(
  value: unknown,
  row: FormDefinition['rows'][number],
  column: FormDefinition['columns'][number],
): string {
  const decimals = column.decimals ?? row.decimals;
  if (typeof value === 'number' && (decimals !== undefined || row.minDigits !== undefined))
    return formatVietnameseFixed(value, decimals ?? 0, row.minDigits ?? 1);
  return formatCell(value, cellRatio(row, column) ? 'percent' : cellType(row, column));
}

/** "Phụ lục", "Phụ lục II", "Phụ lục số 02": annex `index` of `count`, in the form's heading style. */
export function annexHeading(
  style: AnnexSpec['heading'] | undefined,
  index: number,
  count: number,
): string {
  if (style === 'number') return `Phụ lục số ${String(index + 1).padStart(2, '0')}`;
  if (style === 'roman' || count > 1) return `Phụ lục ${ROMAN[index] ?? index + 1}`;
  return 'Phụ lục';
}

/** A form of the report as an annex table; `count`, the number of annexes of the document. */
export function annexOf(
  def: FormDefinition,
  data: FormData,
  roman: string | null,
  place: { index: number; count: number } = { index: 0, count: 1 },
): AnnexModel {
  const full = withComputedCells(def, data);
  const spec = def.annex ?? {};
  return {
    roman,
    heading: def.annex?.heading
      ? annexHeading(def.annex.heading, place.index, place.count)
      : undefined,
    formCode: def.code,
    title: def.title,
    ...(spec.title !== undefined ? { titleAsTyped: spec.title } : {}),
    ...(spec.formCodeLine !== undefined ? { formCodeLine: spec.formCodeLine } : {}),
    ...(spec.subtitle ? { subtitle: { ...spec.subtitle } } : {}),
    ...(spec.notes ? { notes: [...spec.notes] } : {}),
    ...(def.headers ? { headers: { ...def.headers } } : {}),
    ...(def.numberingRow !== undefined
      ? { numberingRow: def.numberingRow === false ? false : [...def.numberingRow] }
      : {}),
    ...(def.labelWidth !== undefined ? { labelWidth: def.labelWidth } : {}),
    reportingNote: def.reportingNote,
    hasUnitColumn: def.rows.some((r) => !!r.unit),
    columns: def.columns.map((c) => ({
      key: c.key,
      label: c.label,
      no: c.no,
      unit: c.unit,
      ...(c.group ? { group: [...c.group] } : {}),
      ...(c.width !== undefined ? { width: c.width } : {}),
      ...(c.fixed ? { merge: true } : {}),
    })),
    rows: def.rows.map((r) => ({
      no: r.no ?? '',
      label: r.label ?? '',
      unit: r.unit ?? '',
      kind: r.kind,
      ...(r.style ? { style: { ...r.style } } : {}),
      cells: isValueRow(r)
        ? def.columns.map((c) => (c.fixed ? fixedText(r, c) : cellText(full[r.key]?.[c.key], r, c)))
        : def.columns.map(() => ''),
    })),
    landscape: def.columns.length >= 4,
  };
}

/** A lower unit's report summed into a consolidated report, for its last annex. */
export interface SourceLine {
  unitName: string;
  numberText: string | null;
  issuedAt: Date | null;
  onTime: boolean | null;
}

/** A consolidated report's last annex: the lower units' reports it sums (number, date), then who is missing. */
export function sourcesAnnex(
  sources: SourceLine[],
  missingUnitNames: string[],
  roman: string | null,
): AnnexModel {
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
      ...sources.map((r, i) => ({
        no: String(i + 1),
        label: r.unitName,
        unit: '',
        cells: [
          r.numberText ?? '',
          formatDate(r.issuedAt),
          r.onTime === null ? '' : r.onTime ? 'Đúng hạn' : 'Muộn',
        ],
      })),
      ...missingUnitNames.map((name, i) => ({
        no: String(sources.length + i + 1),
        label: name,
        unit: '',
        cells: ['', '', 'Chưa gửi báo cáo'],
      })),
    ],
    landscape: false,
  };
}

/** Everything a document is built from, gathered by the caller from the report and its unit. */
export interface DocumentSource {
  /** A code of the type registry (document-types.ts). */
  docType: string;
  issuer: IssuerModel;
  title: string;
  narrative: string;
  recipients: { name: string }[];
  signature: SignatureModel;
  /** The report's forms with their typed-in cells, in order. */
  forms: { def: FormDefinition; data: FormData }[];
  /** A consolidated report: the reports it sums and the units missing, shown as its last annex. */
  sources?: { lines: SourceLine[]; missingUnitNames: string[] };
  issue: { draft: boolean; numberText: string | null; issueDate: string | null };
}

/** What the templates lay out, from the report as it is now: annexes numbered I, II … when there are several. */
export function buildDocumentModel(src: DocumentSource): DocumentModel {
  const many = src.forms.length + (src.sources ? 1 : 0) > 1;
  const count = src.forms.length + (src.sources ? 1 : 0);
  const annexes = src.forms.map((f, i) =>
    annexOf(f.def, f.data, many ? ROMAN[i] : null, { index: i, count }),
  );
  if (src.sources)
    annexes.push(
      sourcesAnnex(
        src.sources.lines,
        src.sources.missingUnitNames,
        many ? ROMAN[src.forms.length] : null,
      ),
    );
  // A công văn names its addressees in "Kính gửi:" and its Nơi nhận says "Như trên".
  const addressed = documentType(src.docType).addressees === 'kinh-gui';
  const names = src.recipients.map((r) => r.name);
  return {
    draft: src.issue.draft,
    docType: src.docType,
    issuer: src.issuer,
    numberText: src.issue.numberText,
    symbol: documentSymbol(src.docType, src.issuer.abbreviation, src.issuer.filingUnit),
    issueDate: src.issue.issueDate,
    title: src.title,
    kinhGui: addressed ? names : [],
    narrative: src.narrative,
    recipients: (addressed && names.length ? ['Như trên'] : names).map((name) => ({ name })),
    signature: src.signature,
    annexes,
  };
}
