import ExcelJS, { Cell, Worksheet } from 'exceljs';
import { textProblem } from '@app/common';
import { MAX_UNCOMPRESSED_BYTES, XlsxLimits, checkXlsxBounds } from '@app/forms';

/** The sheets of the import workbook and their columns, by header text (the order is free). */
export const UNIT_SHEET = 'Đơn vị';
export const USER_SHEET = 'Người dùng';
export const UNIT_COLUMNS = [
  'Mã',
  'Tên',
  'Cấp',
  'Mã đơn vị cấp trên',
  'Viết tắt',
  'Địa danh',
  'Loại',
  'Hiệu lực từ',
  'Hiệu lực đến',
] as const;
/** Optional columns of the units sheet: the governing body line and the drafting unit of "Lưu: VT, …". */
export const UNIT_OPTIONAL_COLUMNS = ['Cơ quan chủ quản', 'Bộ phận lưu'] as const;
export const USER_COLUMNS = [
  'Tên đăng nhập',
  'Họ tên',
  'Mã đơn vị',
  'Vai trò',
  'Chức vụ',
  'Email',
] as const;

/**
 * Rows per sheet at most (the country has 3,321 communes; a province a few hundred users). exceljs
 * holds the whole workbook in a worker thread's heap (256 MB): two sheets of 20,000 rows took 190 MB.
 */
export const MAX_IMPORT_ROWS = 20_000;

/** What an import workbook may hold (checkXlsxBounds): its rows and header in every sheet. */
export const IMPORT_WORKBOOK_LIMITS: XlsxLimits = {
  inflatedBytes: MAX_UNCOMPRESSED_BYTES,
  rows: 1_048_576,
  expectedRows: {
    rows: MAX_IMPORT_ROWS + 1,
    message: `Bảng tính có trang tính hơn ${MAX_IMPORT_ROWS.toLocaleString('vi-VN')} dòng (tối đa ${MAX_IMPORT_ROWS.toLocaleString('vi-VN')} dòng mỗi trang) nên không được đọc; hãy chia thành nhiều tệp.`,
  },
  columns: 100,
  cells: 600_000,
  sharedStrings: 600_000,
};

/** One row of a sheet: its Excel row number and its cells by header. */
export interface SheetRow {
  row: number;
  cells: Record<string, string>;
}

export interface ImportSheets {
  units: SheetRow[];
  users: SheetRow[];
  /** Problems of the workbook itself (a sheet or a column missing). */
  problems: { sheet: string; row?: number; message: string }[];
}

/** Text of a cell as typed; a date as YYYY-MM-DD. */
function cellText(cell: Cell): string {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown };
    if (Array.isArray(o.richText))
      return o.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if (o.result !== undefined)
      return o.result instanceof Date
        ? o.result.toISOString().slice(0, 10)
        : String(o.result).trim();
    if (typeof o.text === 'string') return o.text.trim();
    return '';
  }
  return String(v).normalize('NFC').trim();
}

function readSheet(
  ws: Worksheet,
  columns: readonly string[],
  optional: readonly string[],
  problems: ImportSheets['problems'],
): SheetRow[] {
  const header = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => header.set(cellText(cell).toLocaleLowerCase('vi'), col));
  const missing = columns.filter((c) => !header.has(c.toLocaleLowerCase('vi')));
  if (missing.length) {
    problems.push({
      sheet: ws.name,
      row: 1,
      message: `Thiếu cột: ${missing.join(', ')} (dòng tiêu đề phải là dòng 1; hãy dùng tệp mẫu).`,
    });
    return [];
  }
  if (ws.rowCount > MAX_IMPORT_ROWS + 1) {
    problems.push({
      sheet: ws.name,
      message: `Trang "${ws.name}" có quá nhiều dòng (tối đa ${MAX_IMPORT_ROWS.toLocaleString('vi-VN')}).`,
    });
    return [];
  }
  const rows: SheetRow[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: Record<string, string> = {};
    for (const name of [...columns, ...optional]) {
      const col = header.get(name.toLocaleLowerCase('vi'));
      cells[name] = col ? cellText(row.getCell(col)) : '';
      const problem = textProblem(cells[name]);
      if (problem) problems.push({ sheet: ws.name, row: r, message: `Cột "${name}": ${problem}` });
    }
    if (Object.values(cells).some((v) => v !== '')) rows.push({ row: r, cells });
  }
  return rows;
}

/**
 * The units and users sheets of an uploaded workbook; a file that is not an .xlsx, or holds more
 * than IMPORT_WORKBOOK_LIMITS, throws NotAWorkbookError (counted as it inflates, before exceljs
 * loads it). CPU-bound: the server runs it in a worker thread (import.tasks.ts).
 */
export async function readImportWorkbook(bytes: Buffer): Promise<ImportSheets> {
  checkXlsxBounds(bytes, IMPORT_WORKBOOK_LIMITS);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
  const problems: ImportSheets['problems'] = [];
  const find = (name: string) =>
    wb.worksheets.find(
      (w) => w.name.trim().toLocaleLowerCase('vi') === name.toLocaleLowerCase('vi'),
    );
  const unitsSheet = find(UNIT_SHEET);
  const usersSheet = find(USER_SHEET);
  if (!unitsSheet && !usersSheet) {
    problems.push({
      sheet: wb.worksheets.map((w) => w.name).join(', ') || '—',
      message: `Không có trang "${UNIT_SHEET}" hay "${USER_SHEET}" (hãy dùng tệp mẫu tải về từ trang nhập dữ liệu).`,
    });
  }
  return {
    units: unitsSheet ? readSheet(unitsSheet, UNIT_COLUMNS, UNIT_OPTIONAL_COLUMNS, problems) : [],
    users: usersSheet ? readSheet(usersSheet, USER_COLUMNS, [], problems) : [],
    problems,
  };
}

/** The template to fill in: both sheets with their headers, a sheet of instructions, an example row each. */
export async function importTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = (name: string, columns: readonly string[], example: string[], widths: number[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow([...columns]).font = { bold: true };
    ws.addRow(example).font = { italic: true, color: { argb: 'FF666666' } };
    widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
    return ws;
  };
  const units = sheet(
    UNIT_SHEET,
    [...UNIT_COLUMNS, ...UNIT_OPTIONAL_COLUMNS],
    [
      'XA-TANTHANH',
      'Ủy ban nhân dân xã Tân Thành',
      'xã',
      'SYT-LS',
      'UBND',
      'Tân Thành',
      'tập thể',
      '2025-07-01',
      '',
      '',
      'VHXH',
    ],
    [16, 42, 8, 20, 12, 18, 12, 14, 14, 36, 14],
  );
  units.getColumn(8).numFmt = '@';
  sheet(
    USER_SHEET,
    [...USER_COLUMNS],
    [
      'tanthanh.officer',
      'Nguyễn Thị An',
      'XA-TANTHANH',
      'officer',
      'Công chức Văn hóa - Xã hội',
      'an.nt@example.gov.vn',
    ],
    [20, 28, 18, 22, 30, 28],
  );
  const help = wb.addWorksheet('Hướng dẫn');
  help.getColumn(1).width = 110;
  for (const line of [
    'Cách điền tệp nhập đơn vị và người dùng',
    '',
    `Trang "${UNIT_SHEET}": mỗi dòng một đơn vị. Mã: chữ, số, dấu . _ - (tối đa 32 ký tự), không trùng. Cấp: tỉnh hoặc xã (cũ: huyện). Mã đơn vị cấp trên: mã của một đơn vị trong tệp hoặc đã có; để trống cho đơn vị cấp cao nhất.`,
    'Viết tắt: dùng trong ký hiệu văn bản (UBND, SYT). Địa danh: dùng ở dòng địa danh, ngày tháng. Loại: "tập thể" (Ủy ban nhân dân: TM. ỦY BAN NHÂN DÂN) hoặc "thủ trưởng" (Sở: KT. GIÁM ĐỐC).',
    'Hiệu lực từ / đến: ngày dạng 2025-07-01 hoặc 01/07/2025; để trống "đến" nếu đơn vị còn hoạt động.',
    `Trang "${USER_SHEET}": mỗi dòng một người dùng. Tên đăng nhập: chữ thường, số, dấu . _ - (3–64 ký tự), không trùng. Mã đơn vị: mã một đơn vị trong tệp hoặc đã có.`,
    'Vai trò: một hoặc nhiều mã, cách nhau bởi dấu phẩy: officer (chuyên viên), head (lãnh đạo), clerk (văn thư), unitAdmin (quản trị đơn vị), admin (quản trị hệ thống).',
    '',
    'Nhập lại cùng một tệp không thay đổi gì. Người dùng mới được cấp mật khẩu một lần, tải về một lần sau khi nhập; họ phải đổi mật khẩu ở lần đăng nhập đầu.',
    'Dòng in nghiêng màu xám là ví dụ: hãy xóa trước khi nhập.',
  ]) {
    help.addRow([line]);
  }
  help.getRow(1).font = { bold: true, size: 13 };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
