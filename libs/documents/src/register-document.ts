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
}

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
    '',
  ]);
}

/** The register of a unit and year as a landscape document (templates/register/page.hbs) under the shared head. */
export function renderRegister(
  unitName: string,
  year: number,
  entries: RegisterEntry[],
): RenderableDocument {
  const body = template('register/page')({
    unitName,
    year,
    columns: REGISTER_COLUMNS,
    rows: registerRows(entries),
  });
  return {
    head: documentHead(),
    parts: [{ className: 'landscape', body }],
    title: `Sổ đăng ký văn bản đi năm ${year}: ${unitName}`,
  };
}

/** The register of a unit and year as an Excel workbook. */
export async function registerWorkbook(
  unitName: string,
  year: number,
  entries: RegisterEntry[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`So van ban di ${year}`, {
    pageSetup: {
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  const last = REGISTER_COLUMNS.length;
  ws.mergeCells(1, 1, 1, last);
  ws.getCell(1, 1).value = unitName.toLocaleUpperCase('vi');
  ws.getCell(1, 1).font = { bold: true, size: 13 };
  ws.mergeCells(2, 1, 2, last);
  ws.getCell(2, 1).value = `SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM ${year}`;
  ws.getCell(2, 1).font = { bold: true, size: 14 };
  ws.getCell(2, 1).alignment = { horizontal: 'center' };
  const border = {
    top: { style: 'thin' },
    bottom: { style: 'thin' },
    left: { style: 'thin' },
    right: { style: 'thin' },
  } as const;
  const header = ws.getRow(4);
  REGISTER_COLUMNS.forEach((label, i) => {
    const c = header.getCell(i + 1);
    c.value = label;
    c.font = { bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = border;
  });
  [16, 12, 48, 22, 40, 18, 9, 12, 12, 14].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  registerRows(entries).forEach((cells, idx) => {
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
