import ExcelJS from 'exceljs';
import { OrgUnit } from '@app/org';
import { IssuedDocument } from './entities/issued-document.entity';

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

const TYPE_NAMES: Record<string, string> = { BC: 'Báo cáo', KH: 'Kế hoạch' };

export interface RegisterRow {
  cells: string[];
}

const dmy = (iso: string) => iso.split('-').reverse().join('/');

/** One register line per issued document, in issue order. */
export function registerRows(docs: IssuedDocument[]): RegisterRow[] {
  return docs.map((d) => ({
    cells: [
      d.numberText,
      dmy(d.issueDate),
      `${TYPE_NAMES[d.docType] ?? d.docType} ${d.title}`,
      d.signer.signerName ?? '',
      d.recipients.map((r) => r.name).join('; '),
      `VT, ${d.issuer.filingUnit ?? ''}`.replace(/, $/, ''),
      String(d.recipients.length + 1),
      dmy(d.issueDate),
      '',
      '',
    ],
  }));
}

export async function registerWorkbook(unit: OrgUnit, year: number, docs: IssuedDocument[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`So van ban di ${year}`, { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const last = REGISTER_COLUMNS.length;
  ws.mergeCells(1, 1, 1, last);
  ws.getCell(1, 1).value = unit.name.toLocaleUpperCase('vi');
  ws.getCell(1, 1).font = { bold: true, size: 13 };
  ws.mergeCells(2, 1, 2, last);
  ws.getCell(2, 1).value = `SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM ${year}`;
  ws.getCell(2, 1).font = { bold: true, size: 14 };
  ws.getCell(2, 1).alignment = { horizontal: 'center' };
  const header = ws.getRow(4);
  REGISTER_COLUMNS.forEach((label, i) => {
    const c = header.getCell(i + 1);
    c.value = label;
    c.font = { bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
  });
  const widths = [16, 12, 48, 22, 40, 18, 9, 12, 12, 14];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  registerRows(docs).forEach((r, idx) => {
    const row = ws.getRow(5 + idx);
    r.cells.forEach((v, i) => {
      const c = row.getCell(i + 1);
      c.value = v;
      c.alignment = { vertical: 'top', wrapText: true };
      c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    });
  });
  ws.views = [{ state: 'frozen', ySplit: 4 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
