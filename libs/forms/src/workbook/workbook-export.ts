import { Cell, DataValidation, Font, Workbook } from 'exceljs';
import {
  CellRef,
  CellValue,
  FormColumn,
  FormData,
  FormDefinition,
  FormRow,
  CellFormula,
  RatioSpec,
  cellFormula,
  cellType,
  fixedText,
  isValueRow,
} from '../form-definition';
import {
  BORDER,
  COLUMNS_MARKER,
  COMPUTED_FILL,
  FIRST_VALUE_COLUMN,
  FONT,
  KEY_HEADER,
  MSG_COMPUTED_CELL,
  NUMBERS_MARKER,
  UNITS_MARKER,
  WorkbookContext,
  columnLetter,
  hasNumbersRow,
  hasUnitsRow,
  numFmtFor,
  resolveRef,
  workbookSheetName,
} from './workbook-layout';

/** A form as a workbook laid out like the paper form (see workbook-layout.ts), with `data` filled in. */
export async function exportFormWorkbook(
  def: FormDefinition,
  data: FormData | null,
  ctx: WorkbookContext,
): Promise<Buffer> {
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
  def.columns.forEach(
    (c, i) => (ws.getColumn(FIRST_VALUE_COLUMN + i).width = c.type === 'text' ? 30 : 14),
  );
  ws.getColumn(keyCol).width = 14;
  ws.getColumn(keyCol).hidden = true;

  let r = 1;
  const titleLine = (
    text: string,
    font: Partial<Font>,
    horizontal: 'left' | 'center' | 'right',
  ) => {
    if (lastVisible > 1) ws.mergeCells(r, 1, r, lastVisible);
    const cell = ws.getCell(r, 1);
    cell.value = text;
    cell.font = { ...FONT, ...font };
    cell.alignment = { horizontal, vertical: 'middle', wrapText: true };
    r++;
  };
  titleLine(`Mẫu số ${def.code}`, { bold: true }, 'right');
  titleLine(def.title, { bold: true, size: 13 }, 'center');
  if (ctx.reportTitle && ctx.reportTitle !== def.title)
    titleLine(ctx.reportTitle, { italic: true }, 'center');
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
  /** A total: blank while none of its parts holds a number, as the server computes it. */
  const sumFormula = (
    f: Exclude<CellFormula, { kind: 'ratio' }>,
    row: FormRow,
    column: FormColumn,
  ): string | undefined => {
    const refs = (
      f.kind === 'sumRows'
        ? f.rows.map((k) => [rowNumber.get(k), colNumber.get(column.key)])
        : f.columns.map((k) => [rowNumber.get(row.key), colNumber.get(k)])
    ).map(([rn, cn]) =>
      rn === undefined || cn === undefined ? undefined : `${columnLetter(cn)}${rn}`,
    );
    if (refs.some((x) => x === undefined)) return undefined;
    const list = refs.join(',');
    return `IF(COUNT(${list})=0,"",SUM(${list}))`;
  };

  for (const row of def.rows) {
    const wsRow = ws.getRow(r);
    const section = row.kind === 'section';
    const heading = row.kind === 'heading';
    const font: Partial<Font> = {
      ...FONT,
      bold: section || undefined,
      italic: heading || undefined,
    };

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
        if (column.fixed) {
          const text = fixedText(row, column);
          if (text) cell.value = text;
          cell.protection = { locked: true };
          cell.alignment = { vertical: 'middle', wrapText: true };
          return;
        }
        const f = cellFormula(row, column);
        if (f) {
          const formula =
            (f.kind === 'ratio'
              ? ratioFormula(f.ratio, row, column)
              : sumFormula(f, row, column)) ?? (typeof value === 'number' ? String(value) : '""');
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

  ws.views = [
    {
      state: 'frozen',
      xSplit: 0,
      ySplit: lastHeaderRow,
      topLeftCell: `A${lastHeaderRow + 1}`,
      activeCell: `D${lastHeaderRow + 1}`,
    },
  ];
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
