import ExcelJS from 'exceljs';
import { formatDate } from '@app/common';
import { RenderableDocument } from '@app/renderer';
import { documentHead, template } from './template-loader';
import { documentType, isDocumentType } from './document-types';

/** The columns of the Sổ đăng ký văn bản đi (Nghị định 30/2020, Phụ lục IV). */
export const REGISTER_COLUMNS = [
  'Số, ký hiệu văn bản',
  'Ngày tháng văn bản',
  'Tên loại và trích yếu nội dung văn bản',
  'Người ký',
  'Nơi nhận văn bản',
  'Đơn vị, người nhận bản lưu',
  'Số lượng bản',
  'Ngày chuyển',
  'Ký nhận',
  'Ghi chú',
];

/** The columns of the Sổ đăng ký văn bản đến (Nghị định 30/2020, Phụ lục IV). */
export const INCOMING_REGISTER_COLUMNS = [
  'Số đến',
  'Ngày đến',
  'Tác giả',
  'Số, ký hiệu',
  'Ngày tháng',
  'Tên loại và trích yếu nội dung',
  'Đơn vị hoặc người nhận',
  'Ký nhận',
  'Ghi chú',
];

/** The type's name from the registry (document-types.ts); an unknown code as stored. */
const typeName = (code: string) => (isDocumentType(code) ? documentType(code).name : code);

/** One issued document as the register lists it. */
export interface RegisterEntry {
  numberText: string;
  /** YYYY-MM-DD. */
  issueDate: string;
  docType: string;
  title: string;
  signerName: string | null;
  recipientNames: string[];
  filingUnit: string | null;
  /** "Đã thu hồi: …", "Đã được thay thế bởi văn bản số …" (Ghi chú). */
  note?: string;
}

/** One document received, as the incoming register lists it. */
export interface IncomingRegisterEntry {
  incomingNumber: number;
  /** YYYY-MM-DD (Vietnam) the document was received. */
  receivedDate: string;
  issuer: string;
  numberText: string;
  issueDate: string;
  docType: string;
  title: string;
  handledBy: string | null;
  /** "Đã tiếp nhận 03/05/2024 (Nguyễn Văn A)" once acknowledged. */
  acknowledgement: string | null;
  note: string;
}

/** One line per document received, in incoming order: the cells as printed. */
export function incomingRegisterRows(entries: IncomingRegisterEntry[]): string[][] {
  return entries.map((d) => [
    String(d.incomingNumber),
    formatDate(d.receivedDate),
    d.issuer,
    d.numberText,
    formatDate(d.issueDate),
    `${typeName(d.docType)} ${d.title}`,
    d.handledBy ?? '',
    d.acknowledgement ?? '',
    d.note,
  ]);
}

/** Which register: its heading, columns, Excel widths and what an empty one says. */
export interface RegisterKind {
  heading: string;
  sheetName: string;
  columns: string[];
  widths: number[];
  empty: string;
}

export const OUTGOING_REGISTER: RegisterKind = {
  heading: 'SỔ ĐĂNG KÝ VĂN BẢN ĐI',
  sheetName: 'So van ban di',
  columns: REGISTER_COLUMNS,
  widths: [16, 12, 48, 22, 40, 18, 9, 12, 12, 24],
  empty: 'Chưa có văn bản nào được phát hành trong năm',
};

export const INCOMING_REGISTER: RegisterKind = {
  heading: 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN',
  sheetName: 'So van ban den',
  columns: INCOMING_REGISTER_COLUMNS,
  widths: [8, 12, 30, 16, 12, 48, 24, 24, 28],
  empty: 'Chưa có văn bản đến nào trong năm',
};

/** One register line per issued document, in issue order: the cells as printed. */
export function registerRows(entries: RegisterEntry[]): string[][] {
  return entries.map((d) => [
    d.numberText,
    formatDate(d.issueDate),
    `${typeName(d.docType)} ${d.title}`,
    d.signerName ?? '',
    d.recipientNames.join('; '),
    d.filingUnit ? `VT, ${d.filingUnit}` : 'VT',
    String(d.recipientNames.length + 1),
    formatDate(d.issueDate),
    '',
    d.note ?? '',
  ]);
}

/** The register of a unit and year as a landscape document (templates/register/page.hbs) under the shared head. */
export function renderRegister(
  unitName: string,
  year: number,
  entries: RegisterEntry[],
): RenderableDocument {
  return renderRegisterRows(OUTGOING_REGISTER, unitName, year, registerRows(entries));
}

/** A register (outgoing or incoming) of a unit and year, its rows as printed, as a landscape document. */
export function renderRegisterRows(
  kind: RegisterKind,
  unitName: string,
  year: number,
  rows: string[][],
): RenderableDocument {
  const body = template('register/page')({
    unitName,
    year,
    heading: kind.heading,
    emptyText: kind.empty,
    columns: kind.columns,
    rows,
  });
  const heading = kind.heading.toLocaleLowerCase('vi');
  return {
    head: documentHead(),
    parts: [{ className: 'landscape', body }],
    title: `${heading[0].toLocaleUpperCase('vi')}${heading.slice(1)} năm ${year}: ${unitName}`,
  };
}

/** The register of a unit and year as an Excel workbook. */
export function registerWorkbook(
  unitName: string,
  year: number,
  entries: RegisterEntry[],
): Promise<Buffer> {
  return registerRowsWorkbook(OUTGOING_REGISTER, unitName, year, registerRows(entries));
}

/** A register (outgoing or incoming) of a unit and year, its rows as printed, as an Excel workbook. */
export async function registerRowsWorkbook(
  kind: RegisterKind,
  unitName: string,
  year: number,
  rows: string[][],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${kind.sheetName} ${year}`, {
    pageSetup: {
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  const last = kind.columns.length;
  ws.mergeCells(1, 1, 1, last);
  ws.getCell(1, 1).value = unitName.toLocaleUpperCase('vi');
  ws.getCell(1, 1).font = { bold: true, size: 13 };
  ws.mergeCells(2, 1, 2, last);
  ws.getCell(2, 1).value = `${kind.heading} NĂM ${year}`;
  ws.getCell(2, 1).font = { bold: true, size: 14 };
  ws.getCell(2, 1).alignment = { horizontal: 'center' };
  const border = {
    top: { style: 'thin' },
    bottom: { style: 'thin' },
    left: { style: 'thin' },
    right: { style: 'thin' },
  } as const;
  const header = ws.getRow(4);
  kind.columns.forEach((label, i) => {
    const c = header.getCell(i + 1);
    c.value = label;
    c.font = { bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = border;
  });
  kind.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  rows.forEach((cells, idx) => {
    const row = ws.getRow(5 + idx);
    cells.forEach((v, i) => {
      const c = row.getCell(i + 1);
      c.value = v;
      c.alignment = { vertical: 'top', wrapText: true };
      c.border = border;
    });
  });
  ws.views = [{ state: 'frozen', ySplit: 4 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
