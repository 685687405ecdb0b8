import { Borders, Font } from 'exceljs';
import { CellRef, FormData, FormDefinition, ValueType } from '../form-definition';

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
export const MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 1000;

export const KEY_HEADER = 'key';
export const COLUMNS_MARKER = '#columns';
export const UNITS_MARKER = '#units';
export const NUMBERS_MARKER = '#numbers';
/** Columns A, B, C are TT, Chỉ tiêu, ĐVT; value columns start at D. */
export const FIRST_VALUE_COLUMN = 4;

export const MSG_COMPUTED_CELL = 'Ô này được tính tự động, không nhập.';
export const MSG_HEADING_ROW = 'Dòng tiêu đề không nhận số liệu.';

export const FONT: Partial<Font> = { name: 'Times New Roman', size: 12 };
export const THIN = { style: 'thin' as const };
export const BORDER: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
export const COMPUTED_FILL = {
  type: 'pattern' as const,
  pattern: 'solid' as const,
  fgColor: { argb: 'FFE7E6E6' },
};

export function workbookSheetName(def: FormDefinition): string {
  return def.code.replace(/[\\/?*[\]:]/g, '-').slice(0, 31) || 'Sheet1';
}

export function numFmtFor(type: ValueType): string {
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

export function columnLetter(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function resolveRef(
  ref: string | CellRef,
  row: string,
  column: string,
): { row: string; column: string } {
  return typeof ref === 'string'
    ? { row: ref, column }
    : { row: ref.row ?? row, column: ref.column ?? column };
}

export const hasUnitsRow = (def: FormDefinition) => def.columns.some((c) => !!c.unit);
export const hasNumbersRow = (def: FormDefinition) => def.columns.some((c) => !!c.no);
