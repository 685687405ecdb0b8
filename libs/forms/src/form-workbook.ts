import { Borders, Cell, DataValidation, Font, Workbook, Worksheet } from 'exceljs';
import { formatVietnameseNumber, parseCellValue } from './cell-value';
import {
  CellRef,
  CellValue,
  FormColumn,
  FormData,
  FormDefinition,
  FormRow,
  RatioSpec,
  ValueType,
  cellRatio,
  cellType,
  isValueRow,
} from './form-definition';

/**
 * A form as an Excel workbook (.xlsx) laid out like the paper form, and the way back.
 *
 * Layout of the one worksheet (named after the form code, "01/TE" → "01-TE"):
 *
 *   row 1   "Mẫu số 01/TE", right-aligned, merged across the table
 *   row 2   the form title, bold, centred, merged across the table
 *   (row)   ctx.reportTitle, italic, centred — only when given
 *   row     "Đơn vị: <unitName>" (dotted blank when not given)
 *   row     "Kỳ báo cáo: <periodLabel>" (dotted blank when not given)
 *   row     blank
 *   header  "TT" | "Chỉ tiêu" | "ĐVT" | one label per column … | "key" (hidden column)
 *   (units) only when a column has `unit`: the column units; TT/Chỉ tiêu/ĐVT are merged down over it;
 *           its hidden key cell holds "#units"
 *   (nos)   only when a column has `no`: "a", "b", "", then the printed column numbers; key cell "#numbers"
 *   hidden  the column keys: A = "#columns", B = the form code, one column key above each value
 *           column, key cell "#columns". Import maps columns by this row, so columns a person inserts
 *           (which get an empty key here) are ignored and re-ordered columns still map.
 *   data    one row per definition row, in order: TT, label, ĐVT, a cell per column, and the row key in
 *           the hidden last column ("key"). Import maps rows by that key, so re-ordered or inserted
 *           rows still map.
 *
 * Panes are frozen below the hidden column-key row (the last header row). Section rows are bold,
 * heading rows italic; neither has value cells. Computed cells (ratio rows/columns) are formulas
 * (numerator × 100 / denominator, rounded to 2 decimals, blank when an operand is missing or the
 * denominator is 0 — as form-calc computes) whose cached result is the value passed in `data`; they
 * are grey, locked (effective once the user protects the sheet; the sheet is left unprotected so that
 * rows can be inserted and sorted freely) and carry a data validation that refuses typing. On import
 * a formula in a computed cell is ignored and a typed value there is an error.
 */

export interface WorkbookContext {
  unitName?: string;
  periodLabel?: string;
  reportTitle?: string;
}

export interface WorkbookImportError {
  form: string;
  row: string;
  column: string;
  /** Excel address of the offending cell, e.g. "D12". */
  cell: string;
  message: string;
}

export interface WorkbookImportResult {
  data: FormData;
  errors: WorkbookImportError[];
}

/** The upload is not an .xlsx workbook of this form (or is too big to read): answer 400. */
export class NotAWorkbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAWorkbookError';
  }
}

export const MAX_WORKBOOK_ROWS = 5000;
export const MAX_WORKBOOK_COLUMNS = 100;
/** Bound on the unzipped size of the whole workbook, checked before exceljs inflates anything. */
const MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 1000;

const KEY_HEADER = 'key';
const COLUMNS_MARKER = '#columns';
const UNITS_MARKER = '#units';
const NUMBERS_MARKER = '#numbers';
/** Columns A, B, C are TT, Chỉ tiêu, ĐVT; value columns start at D. */
const FIRST_VALUE_COLUMN = 4;

export const MSG_COMPUTED_CELL = 'Ô này được tính tự động, không nhập.';
export const MSG_HEADING_ROW = 'Dòng tiêu đề không nhận số liệu.';

const FONT: Partial<Font> = { name: 'Times New Roman', size: 12 };
const THIN = { style: 'thin' as const };
const BORDER: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const COMPUTED_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFE7E6E6' } };

export function workbookSheetName(def: FormDefinition): string {
  return def.code.replace(/[\\/?*[\]:]/g, '-').slice(0, 31) || 'Sheet1';
}

function numFmtFor(type: ValueType): string {
  switch (type) {
    case 'decimal':
    case 'percent':
      return '#,##0.##';
    case 'text':
      return '@';
    default:
      return '#,##0';
  }
}

function columnLetter(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function resolveRef(ref: string | CellRef, row: string, column: string): { row: string; column: string } {
  return typeof ref === 'string' ? { row: ref, column } : { row: ref.row ?? row, column: ref.column ?? column };
}

const hasUnitsRow = (def: FormDefinition) => def.columns.some((c) => !!c.unit);
const hasNumbersRow = (def: FormDefinition) => def.columns.some((c) => !!c.no);

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

export async function exportFormWorkbook(def: FormDefinition, data: FormData | null, ctx: WorkbookContext): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = 'te-reporting';
  wb.title = ctx.reportTitle ?? def.title;
  wb.created = new Date();
  // Excel recomputes the ratio formulas on open (the cached results are the server's values anyway).
  wb.calcProperties.fullCalcOnLoad = true;

  const ws = wb.addWorksheet(workbookSheetName(def));
  const lastVisible = FIRST_VALUE_COLUMN + def.columns.length - 1;
  const keyCol = lastVisible + 1;

  ws.getColumn(1).width = 7;
  ws.getColumn(2).width = 60;
  ws.getColumn(3).width = 11;
  def.columns.forEach((c, i) => (ws.getColumn(FIRST_VALUE_COLUMN + i).width = c.type === 'text' ? 30 : 14));
  ws.getColumn(keyCol).width = 14;
  ws.getColumn(keyCol).hidden = true;

  let r = 1;
  const titleLine = (text: string, font: Partial<Font>, horizontal: 'left' | 'center' | 'right') => {
    if (lastVisible > 1) ws.mergeCells(r, 1, r, lastVisible);
    const cell = ws.getCell(r, 1);
    cell.value = text;
    cell.font = { ...FONT, ...font };
    cell.alignment = { horizontal, vertical: 'middle', wrapText: true };
    r++;
  };
  titleLine(`Mẫu số ${def.code}`, { bold: true }, 'right');
  titleLine(def.title, { bold: true, size: 13 }, 'center');
  if (ctx.reportTitle && ctx.reportTitle !== def.title) titleLine(ctx.reportTitle, { italic: true }, 'center');
  titleLine(`Đơn vị: ${ctx.unitName?.trim() || '……………………………………'}`, {}, 'center');
  titleLine(`Kỳ báo cáo: ${ctx.periodLabel?.trim() || '……………………'}`, {}, 'center');
  r++; // blank line before the table

  const headerStyle = (cell: Cell) => {
    cell.font = { ...FONT, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
  };

  // Header row.
  const headerRow = r;
  const header = ws.getRow(headerRow);
  ['TT', 'Chỉ tiêu', 'ĐVT', ...def.columns.map((c) => c.label)].forEach((text, i) => {
    const cell = header.getCell(i + 1);
    cell.value = text;
    headerStyle(cell);
  });
  header.getCell(keyCol).value = KEY_HEADER;
  r++;

  if (hasUnitsRow(def)) {
    const row = ws.getRow(r);
    def.columns.forEach((c, i) => {
      const cell = row.getCell(FIRST_VALUE_COLUMN + i);
      if (c.unit) cell.value = c.unit;
      headerStyle(cell);
      cell.font = { ...FONT, italic: true };
    });
    for (let c = 1; c <= 3; c++) {
      headerStyle(row.getCell(c));
      ws.mergeCells(headerRow, c, r, c);
    }
    row.getCell(keyCol).value = UNITS_MARKER;
    r++;
  }
  if (hasNumbersRow(def)) {
    const row = ws.getRow(r);
    ['a', 'b', '', ...def.columns.map((c) => c.no ?? '')].forEach((text, i) => {
      const cell = row.getCell(i + 1);
      if (text) cell.value = text;
      headerStyle(cell);
      cell.font = { ...FONT, italic: true };
    });
    row.getCell(keyCol).value = NUMBERS_MARKER;
    r++;
  }
  // Hidden row of column keys.
  const keysRow = ws.getRow(r);
  keysRow.getCell(1).value = COLUMNS_MARKER;
  keysRow.getCell(2).value = def.code;
  def.columns.forEach((c, i) => (keysRow.getCell(FIRST_VALUE_COLUMN + i).value = c.key));
  keysRow.getCell(keyCol).value = COLUMNS_MARKER;
  keysRow.hidden = true;
  const lastHeaderRow = r;
  r++;

  // Where each definition row and column lands (needed by the ratio formulas).
  const firstDataRow = r;
  const rowNumber = new Map(def.rows.map((row, i) => [row.key, firstDataRow + i]));
  const colNumber = new Map(def.columns.map((c, i) => [c.key, FIRST_VALUE_COLUMN + i]));
  const ratioFormula = (ratio: RatioSpec, row: FormRow, column: FormColumn): string | undefined => {
    const ref = (spec: string | CellRef) => {
      const t = resolveRef(spec, row.key, column.key);
      const rn = rowNumber.get(t.row);
      const cn = colNumber.get(t.column);
      if (rn === undefined || cn === undefined) return undefined;
      const letter = columnLetter(cn);
      return t.row === row.key ? `${letter}${rn}` : `$${letter}$${rn}`;
    };
    const n = ref(ratio.numerator);
    const d = ref(ratio.denominator);
    if (!n || !d) return undefined;
    return `IF(OR(${n}="",${d}="",N(${d})=0),"",ROUND(N(${n})*100/N(${d}),2))`;
  };

  for (const row of def.rows) {
    const wsRow = ws.getRow(r);
    const section = row.kind === 'section';
    const heading = row.kind === 'heading';
    const font: Partial<Font> = { ...FONT, bold: section || undefined, italic: heading || undefined };

    const tt = wsRow.getCell(1);
    if (row.no) tt.value = row.no;
    tt.alignment = { horizontal: 'center', vertical: 'middle' };
    const label = wsRow.getCell(2);
    label.value = row.label;
    label.alignment = { vertical: 'middle', wrapText: true };
    const unit = wsRow.getCell(3);
    if (row.unit) unit.value = row.unit;
    unit.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    for (let c = 1; c <= lastVisible; c++) {
      const cell = wsRow.getCell(c);
      cell.font = font;
      cell.border = BORDER;
    }

    if (isValueRow(row)) {
      def.columns.forEach((column, i) => {
        const cell = wsRow.getCell(FIRST_VALUE_COLUMN + i);
        const type = cellType(row, column);
        const value: CellValue | undefined = data?.[row.key]?.[column.key];
        const ratio = cellRatio(row, column);
        if (ratio) {
          const formula = ratioFormula(ratio, row, column) ?? (typeof value === 'number' ? String(value) : '""');
          cell.value = typeof value === 'number' ? { formula, result: value } : { formula };
          cell.numFmt = numFmtFor(type);
          cell.fill = COMPUTED_FILL;
          cell.protection = { locked: true };
          cell.alignment = { horizontal: 'right', vertical: 'middle' };
          cell.dataValidation = computedValidation;
          return;
        }
        cell.protection = { locked: false };
        cell.numFmt = numFmtFor(type);
        if (typeof value === 'boolean') cell.value = value ? 'Có' : 'Không';
        else if (value !== undefined) cell.value = value;
        if (type === 'boolean') {
          cell.alignment = { horizontal: 'center', vertical: 'middle' };
          // Upper levels may hold a count (consolidate countTrue) in a yes/no row: no list there.
          if (typeof value !== 'number') cell.dataValidation = booleanValidation;
        } else if (type === 'text') {
          cell.alignment = { vertical: 'middle', wrapText: true };
        } else {
          cell.alignment = { horizontal: 'right', vertical: 'middle' };
        }
      });
    }
    wsRow.getCell(keyCol).value = row.key;
    r++;
  }

  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: lastHeaderRow, topLeftCell: `A${lastHeaderRow + 1}`, activeCell: `D${lastHeaderRow + 1}` }];
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: def.columns.length > 2 ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${headerRow}:${lastHeaderRow}`,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };

  const out = await wb.xlsx.writeBuffer();
  return Buffer.isBuffer(out) ? out : Buffer.from(out as ArrayBuffer);
}

const computedValidation: DataValidation = {
  // Any typed entry has a text length ≥ 1, so Excel/LibreOffice refuse it; the formula stays.
  type: 'textLength',
  operator: 'lessThan',
  formulae: [0],
  allowBlank: true,
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: 'Ô tính tự động',
  error: MSG_COMPUTED_CELL,
  showInputMessage: true,
  promptTitle: 'Ô tính tự động',
  prompt: 'Giá trị được tính từ các ô khác, không nhập.',
};

const booleanValidation: DataValidation = {
  type: 'list',
  formulae: ['"Có,Không"'],
  allowBlank: true,
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: 'Giá trị không hợp lệ',
  error: 'Chỉ nhận "Có" hoặc "Không".',
};

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

const MSG_NOT_XLSX = 'Tệp tải lên không phải là bảng tính Excel (.xlsx).';
const MSG_XLS = 'Tệp tải lên là bảng tính Excel đời cũ (.xls); hãy mở bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx.';
const MSG_ODS = 'Tệp tải lên là bảng tính OpenDocument (.ods); hãy lưu lại dưới dạng Excel (.xlsx).';
const MSG_TOO_BIG = 'Bảng tính quá lớn, không thể đọc (giới hạn 50 MB khi giải nén).';

/**
 * Checks, from the zip central directory and before anything is inflated, that the buffer is a zip
 * holding xl/workbook.xml and that its unzipped size is bounded.
 */
function checkXlsxContainer(buf: Buffer): void {
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) {
    throw new NotAWorkbookError(MSG_XLS);
  }
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) throw new NotAWorkbookError(MSG_NOT_XLSX);
  let eocd = -1;
  for (let i = buf.length - 22, min = Math.max(0, buf.length - 22 - 0xffff); i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new NotAWorkbookError(MSG_NOT_XLSX);
  const entries = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  // ZIP64 (sizes do not fit 32 bits): never needed by a workbook within our bounds.
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new NotAWorkbookError(MSG_TOO_BIG);
  if (entries > MAX_ZIP_ENTRIES) throw new NotAWorkbookError(MSG_TOO_BIG);
  if (cdOffset + cdSize > eocd) throw new NotAWorkbookError(MSG_NOT_XLSX);
  const names: string[] = [];
  let total = 0;
  for (let i = 0, p = cdOffset; i < entries; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw new NotAWorkbookError(MSG_NOT_XLSX);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    if (size === 0xffffffff) throw new NotAWorkbookError(MSG_TOO_BIG);
    total += size;
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen).replace(/^\//, ''));
    p += 46 + nameLen + extraLen + commentLen;
  }
  if (total > MAX_UNCOMPRESSED_BYTES) throw new NotAWorkbookError(MSG_TOO_BIG);
  if (!names.includes('xl/workbook.xml')) {
    if (names.includes('mimetype') && names.includes('content.xml')) throw new NotAWorkbookError(MSG_ODS);
    throw new NotAWorkbookError(MSG_NOT_XLSX);
  }
}

type ReadCell =
  | { kind: 'empty' }
  /** A formula without a cached result (never calculated). */
  | { kind: 'pending'; formula: true }
  | { kind: 'error'; formula: boolean; message: string }
  | { kind: 'value'; formula: boolean; value: number | string | boolean | Date };

const EMPTY: ReadCell = { kind: 'empty' };

/** A cell's content as a person sees it: formula → cached result, rich text → its text. */
function readCell(cell: Cell | undefined): ReadCell {
  if (!cell) return EMPTY;
  if (cell.isMerged && cell.master.address !== cell.address) return EMPTY; // the master holds the value
  let v: unknown = cell.value;
  let formula = false;
  if (v !== null && typeof v === 'object' && !(v instanceof Date) && ('formula' in v || 'sharedFormula' in v)) {
    formula = true;
    v = (v as { result?: unknown }).result;
    if (v === undefined || v === null) return { kind: 'pending', formula: true };
  }
  if (v === null || v === undefined) return EMPTY;
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'value', formula, value: v } : EMPTY;
  if (typeof v === 'boolean' || v instanceof Date) return { kind: 'value', formula, value: v };
  let text: string | undefined;
  if (typeof v === 'string') text = v;
  else if (typeof v === 'object') {
    const o = v as { richText?: { text?: string }[]; text?: unknown; error?: string };
    const rich = (x: unknown) => (x as { richText?: { text?: string }[] } | null)?.richText;
    if (Array.isArray(o.richText)) text = o.richText.map((t) => t.text ?? '').join('');
    else if (typeof o.error === 'string') return { kind: 'error', formula, message: `Ô có lỗi công thức (${o.error}).` };
    else if (typeof o.text === 'string') text = o.text; // hyperlink
    else if (Array.isArray(rich(o.text))) text = rich(o.text)!.map((t) => t.text ?? '').join(''); // hyperlink with rich text
  }
  if (text === undefined) return EMPTY;
  text = text.normalize('NFC').trim();
  return text === '' ? EMPTY : { kind: 'value', formula, value: text };
}

function cellText(cell: Cell | undefined): string {
  const c = readCell(cell);
  if (c.kind !== 'value') return '';
  return c.value instanceof Date ? c.value.toISOString() : String(c.value).trim();
}

/** exceljs declares its own Buffer type (an ArrayBuffer); at run time it takes a Node Buffer. */
type ExcelJsBuffer = Parameters<Workbook['xlsx']['load']>[0];

const pad2 = (n: number) => String(n).padStart(2, '0');

export async function importFormWorkbook(def: FormDefinition, buf: Buffer): Promise<WorkbookImportResult> {
  if (!Buffer.isBuffer(buf)) throw new NotAWorkbookError(MSG_NOT_XLSX);
  checkXlsxContainer(buf);
  const wb = new Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ExcelJsBuffer);
  } catch {
    throw new NotAWorkbookError('Không đọc được bảng tính: tệp .xlsx bị hỏng hoặc không đúng định dạng.');
  }
  const ws: Worksheet | undefined = wb.getWorksheet(workbookSheetName(def)) ?? wb.worksheets[0];
  if (!ws) throw new NotAWorkbookError('Bảng tính không có trang tính nào.');
  if (ws.rowCount > MAX_WORKBOOK_ROWS) {
    throw new NotAWorkbookError(`Trang tính "${ws.name}" có ${formatVietnameseNumber(ws.rowCount)} dòng, vượt quá giới hạn ${formatVietnameseNumber(MAX_WORKBOOK_ROWS)} dòng.`);
  }
  if (ws.columnCount > MAX_WORKBOOK_COLUMNS) {
    throw new NotAWorkbookError(`Trang tính "${ws.name}" có ${ws.columnCount} cột, vượt quá giới hạn ${MAX_WORKBOOK_COLUMNS} cột.`);
  }
  const lastRow = ws.rowCount;
  const cellAt = (r: number, c: number): Cell | undefined => ws.findRow(r)?.findCell(c);

  // Header row: "TT" in column A.
  let headerRow = 0;
  for (let r = 1; r <= Math.min(lastRow, 100) && !headerRow; r++) {
    if (cellText(cellAt(r, 1)).toUpperCase() === 'TT') headerRow = r;
  }
  if (!headerRow) {
    throw new NotAWorkbookError(`Không tìm thấy dòng tiêu đề của bảng (ô "TT" ở cột A) trong trang tính "${ws.name}" — hãy dùng tệp mẫu tải về từ hệ thống.`);
  }

  // Hidden key column: header "key".
  let keyCol: number | undefined;
  ws.findRow(headerRow)?.eachCell((cell, c) => {
    if (keyCol === undefined && c >= FIRST_VALUE_COLUMN && cellText(cell).toLowerCase() === KEY_HEADER) keyCol = c;
  });

  // Hidden column-key row, just under the header.
  let columnsRow = 0;
  for (let r = headerRow + 1; r <= Math.min(lastRow, headerRow + 6) && !columnsRow; r++) {
    if (cellText(cellAt(r, 1)) === COLUMNS_MARKER || (keyCol !== undefined && cellText(cellAt(r, keyCol)) === COLUMNS_MARKER)) columnsRow = r;
  }

  const errors: WorkbookImportError[] = [];
  const colMap = new Map<number, FormColumn>();
  if (columnsRow) {
    const code = cellText(cellAt(columnsRow, 2));
    if (code && code !== def.code) throw new NotAWorkbookError(`Bảng tính này là của mẫu ${code}, không phải mẫu ${def.code}.`);
    const byKey = new Map(def.columns.map((c) => [c.key, c]));
    const mapped = new Set<string>();
    ws.findRow(columnsRow)?.eachCell((cell, c) => {
      if (c < FIRST_VALUE_COLUMN || c === keyCol) return;
      const column = byKey.get(cellText(cell));
      if (!column) return; // a column the person added: ignored
      if (mapped.has(column.key)) {
        errors.push({ form: def.code, row: '', column: column.key, cell: cell.address, message: `Cột "${column.label}" xuất hiện nhiều lần; chỉ lấy số liệu ở cột đầu tiên.` });
        return;
      }
      mapped.add(column.key);
      colMap.set(c, column);
    });
  } else {
    def.columns.forEach((c, i) => colMap.set(FIRST_VALUE_COLUMN + i, c));
  }

  // Pair worksheet rows with definition rows.
  const pairs: { wsRow: number; row: FormRow }[] = [];
  if (keyCol !== undefined) {
    const byKey = new Map(def.rows.map((r) => [r.key, r]));
    const seen = new Map<string, number>();
    const unkeyed: number[] = [];
    let lastKeyed = 0;
    for (let r = headerRow + 1; r <= lastRow; r++) {
      const wsRow = ws.findRow(r);
      if (!wsRow) continue;
      const keyCell = wsRow.findCell(keyCol);
      const key = cellText(keyCell);
      if (key.startsWith('#') || cellText(wsRow.findCell(1)) === COLUMNS_MARKER) continue; // header block
      if (!key) {
        unkeyed.push(r);
        continue;
      }
      lastKeyed = r;
      const row = byKey.get(key);
      const address = keyCell?.address ?? `${columnLetter(keyCol)}${r}`;
      if (!row) {
        errors.push({ form: def.code, row: key, column: '', cell: address, message: `Mã chỉ tiêu "${key}" (cột ẩn "key") không có trong mẫu ${def.code}; dòng ${r} bị bỏ qua.` });
        continue;
      }
      const first = seen.get(key);
      if (first !== undefined) {
        errors.push({ form: def.code, row: key, column: '', cell: address, message: `Chỉ tiêu "${row.label}" xuất hiện nhiều lần (dòng ${first} và dòng ${r}); chỉ lấy số liệu ở dòng ${first}.` });
        continue;
      }
      seen.set(key, r);
      pairs.push({ wsRow: r, row });
    }
    // A row inserted inside the table without a key: its figures cannot be attributed. Rows below the
    // table (signatures, notes) are ignored.
    for (const r of unkeyed) {
      if (r > lastKeyed) continue;
      for (const [c, column] of colMap) {
        const cell = cellAt(r, c);
        const rc = readCell(cell);
        if (rc.kind === 'empty' || rc.kind === 'pending') continue;
        errors.push({ form: def.code, row: '', column: column.key, cell: cell!.address, message: `Dòng ${r} không có mã chỉ tiêu (cột ẩn "key"), không xác định được số liệu thuộc chỉ tiêu nào.` });
        break;
      }
    }
  } else {
    // No key column (deleted): rows in the definition's order right after the header block.
    const start = columnsRow ? columnsRow + 1 : headerRow + 1 + (hasUnitsRow(def) ? 1 : 0) + (hasNumbersRow(def) ? 1 : 0);
    def.rows.forEach((row, i) => pairs.push({ wsRow: start + i, row }));
  }

  const data: FormData = {};
  for (const { wsRow: r, row } of pairs) {
    const wsRow = ws.findRow(r);
    if (!wsRow) continue;
    for (const [c, column] of colMap) {
      const cell = wsRow.findCell(c);
      const rc = readCell(cell);
      if (rc.kind === 'empty') continue;
      const address = cell!.address;
      const fail = (message: string) => errors.push({ form: def.code, row: row.key, column: column.key, cell: address, message });
      if (!isValueRow(row)) {
        if (rc.kind !== 'pending') fail(MSG_HEADING_ROW);
        continue;
      }
      if (cellRatio(row, column)) {
        if (!rc.formula) fail(MSG_COMPUTED_CELL);
        continue;
      }
      if (rc.kind === 'pending') {
        fail('Công thức trong ô chưa có kết quả tính; hãy nhập số trực tiếp hoặc mở và lưu lại tệp bằng Excel.');
        continue;
      }
      if (rc.kind === 'error') {
        fail(rc.message);
        continue;
      }
      const type = cellType(row, column);
      let raw: unknown = rc.value;
      if (raw instanceof Date) {
        if (type !== 'text') {
          fail('Excel đã hiểu ô này là ngày tháng; hãy nhập số (ví dụ hợp lệ: 1.080 hoặc 25,6).');
          continue;
        }
        raw = `${pad2(raw.getUTCDate())}/${pad2(raw.getUTCMonth() + 1)}/${raw.getUTCFullYear()}`;
      } else if (typeof raw === 'number') {
        raw = Number(raw.toPrecision(15)); // 0.1*3 → 0.3: drop binary floating-point noise
        // "25%" typed into a percent cell is stored by Excel as 0.25 with a % format.
        if (type === 'percent' && typeof cell!.numFmt === 'string' && cell!.numFmt.includes('%')) raw = Number(((raw as number) * 100).toPrecision(15));
      } else if (typeof raw === 'string' && type === 'percent') {
        raw = raw.replace(/\s*%$/, '');
      }
      const parsed = parseCellValue(type, raw);
      if (parsed.ok) (data[row.key] ??= {})[column.key] = parsed.value;
      else fail(parsed.message);
    }
  }
  // Worksheet order, then definition column order, for stable output.
  errors.sort((a, b) => cellOrder(a.cell) - cellOrder(b.cell));
  return { data, errors };
}

function cellOrder(address: string): number {
  const m = /^([A-Z]+)(\d+)$/.exec(address);
  if (!m) return 0;
  const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return Number(m[2]) * 1000 + col;
}
