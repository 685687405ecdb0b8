import { Cell, Workbook, Worksheet } from 'exceljs';
import { dict, entry, formatVietnameseNumber } from '@app/common';
import { parseCellValue } from '../cell-value';
import {
  CellValue,
  FormColumn,
  FormData,
  FormDefinition,
  FormRow,
  cellType,
  isComputedCell,
  isValueRow,
} from '../form-definition';
import { cellText, readCell } from './read-cell';
import { XlsxLimits, checkXlsxBounds } from './xlsx-bounds';
import { MSG_NOT_XLSX } from './xlsx-container';
import {
  COLUMNS_MARKER,
  FIRST_VALUE_COLUMN,
  KEY_HEADER,
  MAX_UNCOMPRESSED_BYTES,
  MAX_WORKBOOK_COLUMNS,
  MAX_WORKBOOK_ROWS,
  MSG_COMPUTED_CELL,
  MSG_HEADING_ROW,
  NotAWorkbookError,
  WorkbookImportError,
  WorkbookImportResult,
  columnLetter,
  hasNumbersRow,
  hasUnitsRow,
  workbookSheetName,
} from './workbook-layout';

/** exceljs declares its own Buffer type (an ArrayBuffer); at run time it takes a Node Buffer. */
type ExcelJsBuffer = Parameters<Workbook['xlsx']['load']>[0];

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Rows above the table (titles, unit, period, headers) and below it (notes, signatures) that a sheet may add. */
const ROW_MARGIN = 200;

/**
 * What a workbook of `def` may hold: its rows plus a margin, in every sheet, and cells, strings and
 * inflated bytes to match (a filled 03/TE, the largest form, is about 700 cells and 100 KB unzipped).
 */
export function formWorkbookLimits(def: FormDefinition): XlsxLimits {
  const rows = def.rows.length + ROW_MARGIN;
  return {
    inflatedBytes: Math.min(MAX_UNCOMPRESSED_BYTES, 20 * 1024 * 1024),
    rows: MAX_WORKBOOK_ROWS,
    expectedRows: {
      rows,
      message: `Bảng tính có trang tính dài hơn ${formatVietnameseNumber(rows)} dòng, quá dài so với mẫu ${def.code} (${formatVietnameseNumber(def.rows.length)} chỉ tiêu) nên không được đọc. Hãy dùng tệp mẫu tải về từ hệ thống và xóa các dòng thừa.`,
    },
    columns: MAX_WORKBOOK_COLUMNS,
    cells: 200_000,
    sharedStrings: 100_000,
  };
}

/**
 * A filled workbook of a form → its typed-in cells, or each bad cell. The file is bounded first
 * (checkXlsxBounds: counted inflation, streamed row and cell counts) and only then loaded by
 * exceljs. CPU-bound: the server runs it in a worker thread (workbook.tasks.ts).
 */
export async function importFormWorkbook(
  def: FormDefinition,
  buf: Buffer,
): Promise<WorkbookImportResult> {
  if (!Buffer.isBuffer(buf)) throw new NotAWorkbookError(MSG_NOT_XLSX);
  checkXlsxBounds(buf, formWorkbookLimits(def));
  const wb = new Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ExcelJsBuffer);
  } catch {
    throw new NotAWorkbookError(
      'Không đọc được bảng tính: tệp .xlsx bị hỏng hoặc không đúng định dạng.',
    );
  }
  const ws: Worksheet | undefined = wb.getWorksheet(workbookSheetName(def)) ?? wb.worksheets[0];
  if (!ws) throw new NotAWorkbookError('Bảng tính không có trang tính nào.');
  if (ws.rowCount > MAX_WORKBOOK_ROWS) {
    throw new NotAWorkbookError(
      `Trang tính "${ws.name}" có ${formatVietnameseNumber(ws.rowCount)} dòng, vượt quá giới hạn ${formatVietnameseNumber(MAX_WORKBOOK_ROWS)} dòng.`,
    );
  }
  if (ws.columnCount > MAX_WORKBOOK_COLUMNS) {
    throw new NotAWorkbookError(
      `Trang tính "${ws.name}" có ${ws.columnCount} cột, vượt quá giới hạn ${MAX_WORKBOOK_COLUMNS} cột.`,
    );
  }
  const lastRow = ws.rowCount;
  const cellAt = (r: number, c: number): Cell | undefined => ws.findRow(r)?.findCell(c);

  // Header row: "TT" in column A.
  let headerRow = 0;
  for (let r = 1; r <= Math.min(lastRow, 100) && !headerRow; r++) {
    if (cellText(cellAt(r, 1)).toUpperCase() === 'TT') headerRow = r;
  }
  if (!headerRow) {
    throw new NotAWorkbookError(
      `Không tìm thấy dòng tiêu đề của bảng (ô "TT" ở cột A) trong trang tính "${ws.name}" — hãy dùng tệp mẫu tải về từ hệ thống.`,
    );
  }

  // Hidden key column: header "key".
  let keyCol: number | undefined;
  ws.findRow(headerRow)?.eachCell((cell, c) => {
    if (
      keyCol === undefined &&
      c >= FIRST_VALUE_COLUMN &&
      cellText(cell).toLowerCase() === KEY_HEADER
    )
      keyCol = c;
  });

  // Hidden column-key row, just under the header.
  let columnsRow = 0;
  for (let r = headerRow + 1; r <= Math.min(lastRow, headerRow + 6) && !columnsRow; r++) {
    if (
      cellText(cellAt(r, 1)) === COLUMNS_MARKER ||
      (keyCol !== undefined && cellText(cellAt(r, keyCol)) === COLUMNS_MARKER)
    )
      columnsRow = r;
  }

  const errors: WorkbookImportError[] = [];
  const colMap = new Map<number, FormColumn>();
  if (columnsRow) {
    const code = cellText(cellAt(columnsRow, 2));
    if (code && code !== def.code)
      throw new NotAWorkbookError(`Bảng tính này là của mẫu ${code}, không phải mẫu ${def.code}.`);
    const byKey = new Map(def.columns.map((c) => [c.key, c]));
    const mapped = new Set<string>();
    ws.findRow(columnsRow)?.eachCell((cell, c) => {
      if (c < FIRST_VALUE_COLUMN || c === keyCol) return;
      const column = byKey.get(cellText(cell));
      if (!column) return; // a column the person added: ignored
      if (mapped.has(column.key)) {
        errors.push({
          form: def.code,
          row: '',
          column: column.key,
          cell: cell.address,
          message: `Cột "${column.label}" xuất hiện nhiều lần; chỉ lấy số liệu ở cột đầu tiên.`,
        });
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
        errors.push({
          form: def.code,
          row: key,
          column: '',
          cell: address,
          message: `Mã chỉ tiêu "${key}" (cột ẩn "key") không có trong mẫu ${def.code}; dòng ${r} bị bỏ qua.`,
        });
        continue;
      }
      const first = seen.get(key);
      if (first !== undefined) {
        errors.push({
          form: def.code,
          row: key,
          column: '',
          cell: address,
          message: `Chỉ tiêu "${row.label}" xuất hiện nhiều lần (dòng ${first} và dòng ${r}); chỉ lấy số liệu ở dòng ${first}.`,
        });
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
        errors.push({
          form: def.code,
          row: '',
          column: column.key,
          cell: cell!.address,
          message: `Dòng ${r} không có mã chỉ tiêu (cột ẩn "key"), không xác định được số liệu thuộc chỉ tiêu nào.`,
        });
        break;
      }
    }
  } else {
    // No key column (deleted): rows in the definition's order right after the header block.
    const start = columnsRow
      ? columnsRow + 1
      : headerRow + 1 + (hasUnitsRow(def) ? 1 : 0) + (hasNumbersRow(def) ? 1 : 0);
    def.rows.forEach((row, i) => pairs.push({ wsRow: start + i, row }));
  }

  const data: FormData = dict();
  for (const { wsRow: r, row } of pairs) {
    const wsRow = ws.findRow(r);
    if (!wsRow) continue;
    for (const [c, column] of colMap) {
      const cell = wsRow.findCell(c);
      const rc = readCell(cell);
      if (rc.kind === 'empty') continue;
      const address = cell!.address;
      const fail = (message: string) =>
        errors.push({ form: def.code, row: row.key, column: column.key, cell: address, message });
      if (!isValueRow(row)) {
        if (rc.kind !== 'pending') fail(MSG_HEADING_ROW);
        continue;
      }
      if (column.fixed) continue; // printed text of the form, not data
      if (isComputedCell(row, column)) {
        if (!rc.formula) fail(MSG_COMPUTED_CELL);
        continue;
      }
      if (rc.kind === 'pending') {
        fail(
          'Công thức trong ô chưa có kết quả tính; hãy nhập số trực tiếp hoặc mở và lưu lại tệp bằng Excel.',
        );
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
        if (type === 'percent' && typeof cell!.numFmt === 'string' && cell!.numFmt.includes('%'))
          raw = Number(((raw as number) * 100).toPrecision(15));
      } else if (typeof raw === 'string' && type === 'percent') {
        raw = raw.replace(/\s*%$/, '');
      }
      const parsed = parseCellValue(type, raw);
      if (parsed.ok) entry(data, row.key, dict<CellValue>)[column.key] = parsed.value;
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
