import { Workbook } from 'exceljs';
import {
  CellValue,
  FormDefinition,
  cellRatio,
  cellType,
  isNumericType,
  isValueRow,
} from '@app/forms';

/** A lower unit's standing in a period, as the table shows it: a draft is not the upper unit's business. */
export type TableState = 'submitted' | 'late' | 'returned' | 'missing';

export const TABLE_STATE_NAMES: Record<TableState, string> = {
  submitted: 'Đã gửi đúng hạn',
  late: 'Gửi muộn',
  returned: 'Đã trả lại',
  missing: 'Chưa gửi',
};

/** One indicator column of the table: a form's row and column ("I.1:y2024"). */
export interface TableColumn {
  key: string;
  row: string;
  column: string;
  label: string;
  unit: string;
}

export interface TableRow {
  orgUnitId: string;
  code: string;
  name: string;
  state: TableState;
  /** A returned unit: the upper unit's reason. */
  returnReason?: string;
  reportId?: string;
  /** The report's number once issued (e.g. "01/BC-UBND"). */
  number?: string | null;
  /** Only the values the unit's report holds; a missing unit has none (never zeros). */
  values: Record<string, number | null>;
}

export interface IndicatorTable {
  period: { id: string; code: string; label: string };
  form: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** The consolidated total: the lower units' submitted values combined as consolidation combines them. */
  total: { values: Record<string, number | null> };
}

/** "I.1:y2024" → row and column. */
export function parseColumnKey(key: string): { row: string; column: string } | null {
  const i = key.lastIndexOf(':');
  if (i <= 0 || i === key.length - 1) return null;
  return { row: key.slice(0, i), column: key.slice(i + 1) };
}

/** Every numeric cell of a form, each row with its first numeric column: the table's default columns. */
export function defaultColumnKeys(def: FormDefinition): string[] {
  const out: string[] = [];
  for (const row of def.rows) {
    if (!isValueRow(row)) continue;
    const col = def.columns.find((c) => isNumericType(cellType(row, c)));
    if (col) out.push(`${row.key}:${col.key}`);
  }
  return out;
}

/** The table column of a numeric cell of the form, or null when the form has no such cell. */
export function tableColumn(def: FormDefinition, key: string): TableColumn | null {
  const at = parseColumnKey(key);
  if (!at) return null;
  const row = def.rows.find((r) => r.key === at.row);
  const col = def.columns.find((c) => c.key === at.column);
  if (!row || !col || !isValueRow(row) || !isNumericType(cellType(row, col))) return null;
  const multi = def.columns.length > 1;
  return {
    key,
    row: row.key,
    column: col.key,
    label: `${row.no ? `${row.no}. ` : ''}${row.label}${multi ? ` – ${col.label}` : ''}`,
    unit: (cellRatio(row, col) ? '%' : (col.unit ?? row.unit)) ?? '',
  };
}

/** Rows ordered by one column (missing values and missing units last), or by name. */
export function sortRows(rows: TableRow[], by: string | undefined, desc: boolean): TableRow[] {
  const sign = desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (!by || by === 'name') return sign * a.name.localeCompare(b.name, 'vi');
    if (by === 'state') return sign * a.state.localeCompare(b.state);
    const va = a.values[by];
    const vb = b.values[by];
    const na = typeof va !== 'number';
    const nb = typeof vb !== 'number';
    if (na || nb) return na === nb ? a.name.localeCompare(b.name, 'vi') : na ? 1 : -1;
    return sign * (va - vb) || a.name.localeCompare(b.name, 'vi');
  });
}

const HEADER_FONT = { name: 'Times New Roman', size: 12, bold: true };
const BODY_FONT = { name: 'Times New Roman', size: 12 };

/** The indicator table as a workbook: one line per lower unit (a missing unit says so, its cells empty), then the total. */
export async function indicatorTableWorkbook(
  table: IndicatorTable,
  unitName: string,
): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = 'te-reporting';
  const ws = wb.addWorksheet('Bang chi tieu');
  ws.addRow([`Bảng chỉ tiêu biểu ${table.form} – ${table.period.label}`]).font = HEADER_FONT;
  ws.addRow([`Đơn vị tổng hợp: ${unitName}`]).font = BODY_FONT;
  ws.addRow([]);
  const header = ws.addRow([
    'Mã đơn vị',
    'Đơn vị',
    'Tình trạng',
    'Số báo cáo',
    ...table.columns.map((c) => `${c.label}${c.unit ? ` (${c.unit})` : ''}`),
  ]);
  header.font = HEADER_FONT;
  header.alignment = { wrapText: true, vertical: 'middle' };
  for (const r of table.rows) {
    ws.addRow([
      r.code,
      r.name,
      TABLE_STATE_NAMES[r.state],
      r.number ?? '',
      ...table.columns.map((c) => r.values[c.key] ?? null),
    ]).font = BODY_FONT;
  }
  const total = ws.addRow([
    '',
    'Tổng hợp',
    '',
    '',
    ...table.columns.map((c) => table.total.values[c.key] ?? null),
  ]);
  total.font = HEADER_FONT;
  ws.getColumn(1).width = 12;
  ws.getColumn(2).width = 40;
  ws.getColumn(3).width = 18;
  ws.getColumn(4).width = 16;
  table.columns.forEach((_, i) => {
    const col = ws.getColumn(5 + i);
    col.width = 18;
    col.numFmt = '#,##0.##';
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One line of the long export: one non-empty stored cell of a lower unit's submitted report. */
export interface LongLine {
  unitCode: string;
  unitName: string;
  form: string;
  row: string;
  rowNo: string;
  rowLabel: string;
  column: string;
  value: CellValue;
  state: TableState;
  number: string | null;
}

const LONG_HEADER = [
  'Mã đơn vị',
  'Đơn vị',
  'Biểu',
  'Dòng',
  'STT',
  'Chỉ tiêu',
  'Cột',
  'Giá trị',
  'Tình trạng',
  'Số báo cáo',
];

const longValues = (l: LongLine): (string | number)[] => [
  l.unitCode,
  l.unitName,
  l.form,
  l.row,
  l.rowNo,
  l.rowLabel,
  l.column,
  typeof l.value === 'boolean' ? (l.value ? 'Có' : 'Không') : l.value,
  TABLE_STATE_NAMES[l.state],
  l.number ?? '',
];

/**
 * A CSV field: quoted when needed; text that a spreadsheet would run as a formula (=, +, -, @ or a
 * tab/CR first) is prefixed with an apostrophe. Numbers are written as numbers (a point before decimals).
 */
export function csvField(v: string | number): string {
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) && v !== '-' && v !== '+' ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The long export as CSV (UTF-8 with a byte-order mark so that Excel reads the Vietnamese letters). */
export function longCsv(lines: LongLine[]): Buffer {
  const text = [LONG_HEADER, ...lines.map(longValues)]
    .map((fields) => fields.map(csvField).join(','))
    .join('\r\n');
  return Buffer.from(`\ufeff${text}\r\n`, 'utf8');
}

/** The long export as a workbook: the same columns as the CSV. */
export async function longWorkbook(lines: LongLine[]): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = 'te-reporting';
  const ws = wb.addWorksheet('Du lieu');
  ws.addRow(LONG_HEADER).font = HEADER_FONT;
  for (const l of lines) ws.addRow(longValues(l));
  [12, 36, 8, 12, 6, 60, 8, 14, 16, 16].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
