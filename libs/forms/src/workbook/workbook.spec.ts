import * as fs from 'node:fs';
import * as path from 'node:path';
import { Workbook, Worksheet } from 'exceljs';
import { FormData, FormDefinition, cellRatio, isValueRow, withYear } from '../form-definition';
import {
  MSG_COMPUTED_CELL,
  MSG_HEADING_ROW,
  NotAWorkbookError,
  exportFormWorkbook,
  importFormWorkbook,
} from '.';
import { withComputedCells } from '../form-calc';

/** A shipped form as used in a period of 2024 ("Năm {year}" → "Năm 2024"). */
const load = (file: string): FormDefinition =>
  withYear(
    JSON.parse(
      fs.readFileSync(path.resolve(__dirname, '../../definitions', file), 'utf8'),
    ) as FormDefinition,
    2024,
  );

const def01 = load('01-TE.json');
const def02 = load('02-TE.json');
const def03 = load('03-TE.json');

async function readBook(buf: Buffer): Promise<Worksheet> {
  const wb = new Workbook();
  await wb.xlsx.load(buf as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  return wb.worksheets[0];
}

async function writeBook(ws: Worksheet): Promise<Buffer> {
  return Buffer.from(await ws.workbook.xlsx.writeBuffer());
}

/** Finds a cell the way a person would not, but the importer does: by the hidden row/column keys. */
function addressOf(ws: Worksheet, rowKey: string, colKey: string): string {
  let keyCol = 0;
  let headerRow = 0;
  ws.eachRow((row, r) => {
    if (!headerRow && row.getCell(1).value === 'TT') headerRow = r;
  });
  ws.getRow(headerRow).eachCell((cell, c) => {
    if (cell.value === 'key') keyCol = c;
  });
  let rowNo = 0;
  let colNo = 0;
  ws.eachRow((row, r) => {
    if (row.getCell(keyCol).value === rowKey) rowNo = r;
    if (row.getCell(keyCol).value === '#columns') {
      row.eachCell((cell, c) => {
        if (cell.value === colKey && c !== keyCol) colNo = c;
      });
    }
  });
  if (!rowNo || !colNo) throw new Error(`no cell for ${rowKey}/${colKey}`);
  return ws.getCell(rowNo, colNo).address;
}

/** Input cells of `data` only (computed ratio cells dropped). */
function inputCells(def: FormDefinition, data: FormData): FormData {
  const out: FormData = {};
  for (const row of def.rows) {
    for (const column of def.columns) {
      const v = data[row.key]?.[column.key];
      if (v === undefined || !isValueRow(row) || cellRatio(row, column)) continue;
      (out[row.key] ??= {})[column.key] = v;
    }
  }
  return out;
}

describe('form workbook (.xlsx export/import)', () => {
  it('(a) round-trips 03/TE: same input cells back, computed c2 cells not in data', async () => {
    const data: FormData = {
      'I.1': { c1: 1080, c2: 100, c3: 0 },
      'I.1.1': { c1: 560, c2: 51.85 },
      'I.1.2': { c1: 520, c2: 48.15 },
      'II.1': { c1: 12, c2: 1.11, c3: 10, c4: 2, c5: 12, c6: 9, c7: 0, c8: 3 },
      'II.4.4.f.1': { c1: 1 },
      'III.5': { c8: 332600 },
    };
    const buf = await exportFormWorkbook(def03, data, {
      unitName: 'Ủy ban nhân dân xã Hoàng Đồng',
      periodLabel: '6 tháng đầu năm 2024',
      reportTitle: 'Báo cáo 6 tháng đầu năm 2024', // an extra title line: the table moves down one row
    });
    const result = await importFormWorkbook(def03, buf);
    expect(result.errors).toEqual([]);
    expect(result.data).toEqual(inputCells(def03, data));
    expect(result.data['II.1'].c2).toBeUndefined();

    // The computed cell is a formula whose cached result is the value passed in.
    const ws = await readBook(buf);
    expect(ws.name).toBe('03-TE');
    expect(ws.getCell('A3').value).toBe('Báo cáo 6 tháng đầu năm 2024');
    expect(ws.getCell('A7').value).toBe('TT');
    const c2 = ws.getCell(addressOf(ws, 'II.1', 'c2'));
    expect(c2.value).toMatchObject({ result: 1.11 });
    expect((c2.value as { formula: string }).formula).toMatch(
      /ROUND\(N\(D\d+\)\*100\/N\(\$D\$\d+\),2\)/,
    );
    expect(c2.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(c2.protection?.locked).not.toBe(false); // locked is the default
    expect(c2.dataValidation).toMatchObject({
      type: 'textLength',
      error: 'Ô này được tính tự động, không nhập.',
    });
    const c1 = ws.getCell(addressOf(ws, 'II.1', 'c1'));
    expect(c1.numFmt).toBe('#,##0');
    expect(c1.protection).toMatchObject({ locked: false });
    expect(c1.value).toBe(12);
  });

  it('(b) reads a blank 01/TE and 02/TE template filled in by a person', async () => {
    const ws = await readBook(await exportFormWorkbook(def01, null, {}));
    // A blank template holds no values, only the ratio formulas.
    expect(ws.getCell(addressOf(ws, 'I.1', 'y2024')).value).toBeNull();
    ws.getCell(addressOf(ws, 'POP', 'y2024')).value = 5000;
    ws.getCell(addressOf(ws, 'I.1', 'y2024')).value = '1.080';
    ws.getCell(addressOf(ws, 'I.2', 'y2024')).value = {
      richText: [{ text: '3' }, { text: '50', font: { bold: true } }],
    };
    ws.getCell(addressOf(ws, 'I.3', 'y2024')).value = { formula: 'D12-50', result: 300 } as never;
    ws.getCell(addressOf(ws, 'II.1', 'y2024')).value = 25.6;
    ws.getCell(addressOf(ws, 'II.1.1', 'y2024')).value = '12,5';
    ws.getCell(addressOf(ws, 'II.1.2', 'y2024')).value = 0.1 * 3; // 0.30000000000000004
    ws.getCell(addressOf(ws, 'II.2', 'y2024')).value = '332.600';
    const result = await importFormWorkbook(def01, await writeBook(ws));
    expect(result.errors).toEqual([]);
    expect(result.data).toEqual({
      POP: { y2024: 5000 },
      'I.1': { y2024: 1080 },
      'I.2': { y2024: 350 },
      'I.3': { y2024: 300 },
      'II.1': { y2024: 25.6 },
      'II.1.1': { y2024: 12.5 },
      'II.1.2': { y2024: 0.3 },
      'II.2': { y2024: 332600 },
    });

    const ws2 = await readBook(await exportFormWorkbook(def02, null, {}));
    const yes = ws2.getCell(addressOf(ws2, 'I.1', 'y2024'));
    expect(yes.dataValidation).toMatchObject({ type: 'list', formulae: ['"Có,Không"'] });
    yes.value = 'Có';
    ws2.getCell(addressOf(ws2, 'I.2', 'y2024')).value = 'không';
    ws2.getCell(addressOf(ws2, 'I.3', 'y2024')).value = true;
    ws2.getCell(addressOf(ws2, 'II.1.1.a', 'y2024')).value = 4;
    const result2 = await importFormWorkbook(def02, await writeBook(ws2));
    expect(result2.errors).toEqual([]);
    expect(result2.data).toEqual({
      'I.1': { y2024: true },
      'I.2': { y2024: false },
      'I.3': { y2024: true },
      'II.1.1.a': { y2024: 4 },
    });
  });

  it('(b) exports booleans as Có/Không and maps rows by key even when a person re-orders or inserts rows', async () => {
    const buf = await exportFormWorkbook(
      def02,
      { 'I.1': { y2024: true }, 'I.2': { y2024: false } },
      {},
    );
    const ws = await readBook(buf);
    const i1 = addressOf(ws, 'I.1', 'y2024');
    const i2 = addressOf(ws, 'I.2', 'y2024');
    expect(ws.getCell(i1).value).toBe('Có');
    expect(ws.getCell(i2).value).toBe('Không');
    // Swap the two rows completely (values and hidden keys), then insert an empty row above them.
    const r1 = Number(ws.getCell(i1).row);
    const r2 = Number(ws.getCell(i2).row);
    const v1 = ws.getRow(r1).values;
    ws.getRow(r1).values = ws.getRow(r2).values;
    ws.getRow(r2).values = v1;
    ws.insertRow(r1, []);
    const result = await importFormWorkbook(def02, await writeBook(ws));
    expect(result.errors).toEqual([]);
    expect(result.data).toEqual({ 'I.1': { y2024: true }, 'I.2': { y2024: false } });
  });

  it('(c) reports bad values, typed computed cells, values in heading rows and unknown keys with their cell', async () => {
    const ws = await readBook(await exportFormWorkbook(def01, null, {}));
    // 01/TE layout: header on row 6, hidden column keys on row 7, data from row 8 (I, POP, I.1, I.1.r, …).
    expect(addressOf(ws, 'I.1', 'y2024')).toBe('D10');
    expect(addressOf(ws, 'I.1.r', 'y2024')).toBe('D11');
    ws.getCell('D10').value = 'abc';
    ws.getCell('D11').value = 50; // typed over the ratio formula
    ws.getCell(addressOf(ws, 'I.2', 'y2024')).value = '25,6';
    ws.getCell(addressOf(ws, 'I', 'y2024')).value = 7; // section row
    ws.getCell(addressOf(ws, 'POP', 'y2024')).value = 1000; // a good one
    const keyCell = Number(ws.getCell(addressOf(ws, 'III.1', 'y2024')).row);
    ws.getCell(keyCell, 5).value = 'XYZ';
    const result = await importFormWorkbook(def01, await writeBook(ws));
    expect(result.data).toEqual({ POP: { y2024: 1000 } });
    expect(result.errors).toEqual([
      { form: '01/TE', row: 'I', column: 'y2024', cell: 'D8', message: MSG_HEADING_ROW },
      {
        form: '01/TE',
        row: 'I.1',
        column: 'y2024',
        cell: 'D10',
        message: 'Không phải là số (ví dụ hợp lệ: 1.080 hoặc 25,6).',
      },
      {
        form: '01/TE',
        row: 'I.1.r',
        column: 'y2024',
        cell: 'D11',
        message: 'Ô này được tính tự động, không nhập.',
      },
      {
        form: '01/TE',
        row: 'I.2',
        column: 'y2024',
        cell: addressOf(ws, 'I.2', 'y2024'),
        message: 'Phải là số nguyên (đơn vị đếm).',
      },
      {
        form: '01/TE',
        row: 'XYZ',
        column: '',
        cell: `E${keyCell}`,
        message: expect.stringContaining('Mã chỉ tiêu "XYZ"'),
      },
    ]);
    expect(MSG_COMPUTED_CELL).toBe('Ô này được tính tự động, không nhập.');

    // 03/TE: a value typed into the computed ratio column c2.
    const ws3 = await readBook(await exportFormWorkbook(def03, { 'II.1': { c1: 12 } }, {}));
    const c2 = addressOf(ws3, 'II.1', 'c2');
    expect(c2).toMatch(/^E\d+$/);
    ws3.getCell(c2).value = '1,1';
    ws3.getCell(addressOf(ws3, 'II.1', 'c3')).value = 'mười';
    const r3 = await importFormWorkbook(def03, await writeBook(ws3));
    expect(r3.data).toEqual({ 'II.1': { c1: 12 } });
    expect(r3.errors).toEqual([
      {
        form: '03/TE',
        row: 'II.1',
        column: 'c2',
        cell: c2,
        message: 'Ô này được tính tự động, không nhập.',
      },
      {
        form: '03/TE',
        row: 'II.1',
        column: 'c3',
        cell: addressOf(ws3, 'II.1', 'c3'),
        message: expect.stringContaining('Không phải là số'),
      },
    ]);
  });

  it('(d) refuses what is not an xlsx workbook of a bounded size', async () => {
    await expect(importFormWorkbook(def01, Buffer.from('hello'))).rejects.toBeInstanceOf(
      NotAWorkbookError,
    );
    await expect(importFormWorkbook(def01, Buffer.alloc(0))).rejects.toBeInstanceOf(
      NotAWorkbookError,
    );
    await expect(
      importFormWorkbook(def01, zip({ 'readme.txt': 'xin chào' })),
    ).rejects.toBeInstanceOf(NotAWorkbookError);
    await expect(importFormWorkbook(def01, zip({ 'readme.txt': 'xin chào' }))).rejects.toThrow(
      /không phải là bảng tính Excel/,
    );
    // A zip that claims to be a workbook but holds garbage.
    await expect(
      importFormWorkbook(
        def01,
        zip({ '[Content_Types].xml': '<', 'xl/workbook.xml': 'not xml <<<' }),
      ),
    ).rejects.toBeInstanceOf(NotAWorkbookError);
    // A truncated workbook.
    const good = await exportFormWorkbook(def01, null, {});
    await expect(
      importFormWorkbook(def01, good.subarray(0, good.length >> 1)),
    ).rejects.toBeInstanceOf(NotAWorkbookError);
    // Old binary .xls.
    const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]);
    await expect(importFormWorkbook(def01, xls)).rejects.toThrow(/\.xls/);

    // Too many rows / columns.
    const big = new Workbook();
    const sheet = big.addWorksheet('01-TE');
    sheet.getCell('A1').value = 'TT';
    sheet.getCell(5001, 1).value = 1;
    await expect(
      importFormWorkbook(def01, Buffer.from(await big.xlsx.writeBuffer())),
    ).rejects.toThrow(/5\.000 dòng/);
    const wide = new Workbook();
    wide.addWorksheet('01-TE').getCell(1, 101).value = 1;
    await expect(
      importFormWorkbook(def01, Buffer.from(await wide.xlsx.writeBuffer())),
    ).rejects.toThrow(/100 cột/);

    // A workbook without the table, and one of another form.
    const other = new Workbook();
    other.addWorksheet('Sheet1').getCell('B2').value = 'xin chào';
    await expect(
      importFormWorkbook(def01, Buffer.from(await other.xlsx.writeBuffer())),
    ).rejects.toThrow(/"TT"/);
    await expect(
      importFormWorkbook(def01, await exportFormWorkbook(def02, null, {})),
    ).rejects.toThrow(/mẫu 02\/TE/);
  });

  it('(e) lays the sheet out like the paper form', async () => {
    const buf = await exportFormWorkbook(
      def01,
      { POP: { y2024: 5000 }, 'I.1': { y2024: 1080 }, 'I.1.r': { y2024: 21.6 } },
      {
        unitName: 'Ủy ban nhân dân xã Hoàng Đồng',
        periodLabel: '6 tháng đầu năm 2024',
      },
    );
    const ws = await readBook(buf);
    expect(ws.name).toBe('01-TE');
    expect(ws.getCell('A1').value).toBe('Mẫu số 01/TE');
    expect(ws.getCell('A1').alignment).toMatchObject({ horizontal: 'right' });
    expect(ws.getCell('A2').value).toBe(def01.title);
    expect(ws.getCell('A2').font).toMatchObject({ bold: true });
    expect(ws.getCell('A3').value).toBe('Đơn vị: Ủy ban nhân dân xã Hoàng Đồng');
    expect(ws.getCell('A4').value).toBe('Kỳ báo cáo: 6 tháng đầu năm 2024');
    expect(ws.getRow(6).values).toEqual([undefined, 'TT', 'Chỉ tiêu', 'ĐVT', 'Năm 2024', 'key']);
    expect(ws.getColumn(5).hidden).toBe(true);
    expect(ws.getRow(7).hidden).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 7 });
    expect(ws.getColumn(2).width).toBe(60);
    expect(ws.getCell('B10').alignment).toMatchObject({ wrapText: true });
    expect(ws.getCell('D10').value).toBe(1080);
    expect(ws.getCell('D10').border).toMatchObject({ top: { style: 'thin' } });

    for (const row of def01.rows) {
      const address = addressOf(ws, row.key, 'y2024');
      const r = Number(ws.getCell(address).row);
      expect(ws.getCell(r, 2).value).toBe(row.label);
      expect(ws.getCell(r, 1).value).toBe(row.no ?? null);
      if (row.kind === 'section') {
        expect(ws.getCell(r, 2).font).toMatchObject({ bold: true });
        expect(ws.getCell(address).value).toBeNull();
      } else {
        expect(ws.getCell(r, 2).font?.bold).toBeFalsy();
      }
      if (row.kind === 'heading') expect(ws.getCell(r, 2).font).toMatchObject({ italic: true });
    }

    // 03/TE: units and printed column numbers under the header, as on the paper form.
    const ws3 = await readBook(await exportFormWorkbook(def03, null, {}));
    expect(ws3.getRow(6).values).toEqual([
      undefined,
      'TT',
      'Chỉ tiêu',
      'ĐVT',
      ...def03.columns.map((c) => c.label),
      'key',
    ]);
    expect((ws3.getRow(7).values as unknown[]).slice(4, 12)).toEqual([
      'Người',
      '%',
      'Người',
      'Người',
      'Người',
      'Người',
      'Người',
      'Người',
    ]);
    expect((ws3.getRow(8).values as unknown[]).slice(1, 12)).toEqual([
      'a',
      'b',
      undefined,
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
    ]);
    expect(ws3.getRow(9).hidden).toBe(true);
    expect(ws3.views[0]).toMatchObject({ state: 'frozen', ySplit: 9 });
    expect(ws3.getCell(addressOf(ws3, 'I', 'c1'))).toMatchObject({ row: 10 });
    expect(ws3.getCell('B10').font).toMatchObject({ bold: true });
  });

  it('(f) round-trips a text column and falls back to positions when the key column is deleted', async () => {
    const def: FormDefinition = {
      code: '99/TE',
      version: 1,
      title: 'THỬ NGHIỆM',
      columns: [
        { key: 'n', label: 'Số lượng' },
        { key: 'note', label: 'Ghi chú', type: 'text' },
      ],
      rows: [
        { key: 'A', no: 'I', label: 'Phần A', kind: 'section' },
        { key: 'A.1', no: '1', label: 'Dòng một', unit: 'Người' },
        { key: 'A.2', no: '2', label: 'Dòng hai', unit: 'Triệu đồng', type: 'decimal' },
      ],
      rules: [],
    };
    const data: FormData = {
      'A.1': { n: 3, note: 'Đã rà soát ở thôn Nà Pàn; 1.080 là số cũ' },
      'A.2': { n: 12.75, note: '1.080' },
    };
    const buf = await exportFormWorkbook(def, data, {});
    const result = await importFormWorkbook(def, buf);
    expect(result.errors).toEqual([]);
    expect(result.data).toEqual(data);

    // A person types a number into the text column, then deletes the hidden key column.
    const ws = await readBook(buf);
    ws.getCell(addressOf(ws, 'A.1', 'note')).value = 42;
    ws.spliceColumns(6, 1);
    const r2 = await importFormWorkbook(def, await writeBook(ws));
    expect(r2.errors).toEqual([]);
    expect(r2.data).toEqual({ 'A.1': { n: 3, note: '42' }, 'A.2': data['A.2'] });
  });
});

/** A minimal stored (uncompressed) zip archive. */
function zip(files: Record<string, string>): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = table[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const n = Buffer.from(name);
    const d = Buffer.from(text);
    const crc = crc32(d);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(d.length, 18);
    local.writeUInt32LE(d.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(d.length, 20);
    central.writeUInt32LE(d.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, d);
    centrals.push(central, n);
    offset += 30 + n.length + d.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe('a definition with the presentation fields (issue 18)', () => {
  it('goes through the Excel round trip like any other', async () => {
    const def: FormDefinition = {
      code: 'T18/TE',
      version: 1,
      title: 'Chỉ tiêu đa ngành',
      labelWidth: 3,
      headers: { no: 'STT', label: 'Nội dung', unit: 'Đơn vị tính' },
      numberingRow: false,
      annex: { heading: 'number', title: '', formCodeLine: false, notes: ['Nguồn'] },
      columns: [
        { key: 'y2019', label: '2019', group: ['Kết quả', 'Năm'], decimals: 2 },
        { key: 'has', label: 'Có/không', type: 'boolean', width: 0.5 },
      ],
      rows: [
        { key: 'H', label: '', kind: 'heading', style: { bold: true } },
        {
          key: 'A',
          no: '1',
          label: 'Tỷ lệ\n*được tiêm chủng*',
          unit: '%',
          type: 'decimal',
          decimals: 2,
        },
        { key: 'B', no: '2', label: '', unit: 'Xã', minDigits: 2 },
      ],
      rules: [],
    };
    const data: FormData = { A: { y2019: 18.7, has: true }, B: { y2019: 1, has: false } };
    const result = await importFormWorkbook(def, await exportFormWorkbook(def, data, {}));
    expect(result.errors).toEqual([]);
    expect(result.data).toEqual(data);
  });
});

describe('a definition with totals and a fixed text column (issue 18)', () => {
  const def: FormDefinition = {
    code: 'S/TE',
    version: 1,
    title: 'Tổng',
    columns: [
      { key: 'agency', label: 'Cơ quan', type: 'text', fixed: true },
      { key: 'm', label: 'Nam' },
      { key: 'f', label: 'Nữ' },
      { key: 't', label: 'Tổng', sum: ['m', 'f'] },
    ],
    rows: [
      { key: 'A', label: 'A', text: { agency: 'Công an' } },
      { key: 'B', label: 'B', text: { agency: 'Công an' } },
      { key: 'S', label: 'Cộng', sum: ['A', 'B'] },
    ],
    rules: [],
  };

  it('writes totals as SUM formulas and the fixed text as locked text, and reads back only typed cells', async () => {
    const data: FormData = { A: { m: 1, f: 2 }, B: { m: 3 } };
    const xlsx = await exportFormWorkbook(def, withComputedCells(def, data), {});
    const wb = new Workbook();
    await wb.xlsx.load(xlsx as never);
    const formulas: string[] = [];
    const texts: string[] = [];
    wb.worksheets[0].eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value as { formula?: string } | string | null;
        if (v && typeof v === 'object' && v.formula) formulas.push(v.formula);
        if (v === 'Công an') texts.push(cell.address);
      }),
    );
    expect(formulas.filter((f) => f.includes('SUM(')).length).toBe(5); // A.t, B.t, S.m, S.f, S.t
    expect(texts.length).toBe(2);
    const result = await importFormWorkbook(def, xlsx);
    expect(result.errors).toEqual([]);
    expect(result.data).toEqual(data);
  });
});
