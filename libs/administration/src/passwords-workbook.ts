import ExcelJS from 'exceljs';

/** The one-time passwords of the users an import created, to hand to each of them. */
export async function passwordsWorkbook(
  rows: { username: string; fullName: string; unitCode: string; oneTimePassword: string }[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Mật khẩu một lần');
  ws.addRow(['Tên đăng nhập', 'Họ tên', 'Mã đơn vị', 'Mật khẩu một lần']).font = { bold: true };
  for (const r of rows) ws.addRow([r.username, r.fullName, r.unitCode, r.oneTimePassword]);
  [22, 30, 18, 24].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.addRow([]);
  ws.addRow([
    'Mỗi người đăng nhập bằng mật khẩu một lần của mình và phải đổi mật khẩu ngay. Hãy hủy tệp này sau khi đã giao mật khẩu.',
  ]).font = { italic: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
