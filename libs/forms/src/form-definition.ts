/**
 * A statistical form as versioned data (CONTRACT.md "Form definitions"). A new form, or a new
 * year's columns, is a new definition: no code change.
 */
export const VALUE_TYPES = ['integer', 'decimal', 'percent', 'boolean', 'text'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

export const ROW_KINDS = ['section', 'heading'] as const;
export type RowKind = (typeof ROW_KINDS)[number];

/** A cell reference inside one form; an omitted part means "the cell's own row/column". */
export interface CellRef {
  row?: string;
  column?: string;
}

/** value = numerator / denominator × 100, computed, never typed. A string is a row key (same column). */
export interface RatioSpec {
  numerator: string | CellRef;
  denominator: string | CellRef;
}

export interface FormColumn {
  key: string;
  label: string;
  /** Printed column number ("1" … "8"). */
  no?: string;
  /** ĐVT of the column when units are per column (03/TE). */
  unit?: string;
  /** Overrides the row type for the cells of this column ("text" for Ghi chú). */
  type?: ValueType;
  ratio?: RatioSpec;
  /** The header groups above the label, outer to inner: ["Kết quả thực hiện", "Năm"]; neighbouring columns with the same path share the merged header cells. */
  group?: string[];
  /** Relative width of the column in the printed table (1 when absent; the label column's is `labelWidth`). */
  width?: number;
  /** Numbers of this column printed with exactly this many decimals (wins over the row's). */
  decimals?: number;
  /** A computed total across columns ("Tổng"): the row's values in these columns added up, never typed. */
  sum?: string[];
  /** A text column printed from the rows' `text` (e.g. the reporting agency), never typed; equal neighbours merge into one cell. */
  fixed?: boolean;
}

export interface FormRow {
  key: string;
  /** TT as printed: "I", "1", "1.1", "-", "+" or blank. */
  no?: string;
  label: string;
  unit?: string;
  type?: ValueType;
  kind?: RowKind;
  ratio?: RatioSpec;
  /** How an upper level combines this row: sum (default for numbers), countTrue (yes/no → number of units answering Có), none. */
  consolidate?: 'sum' | 'countTrue' | 'none';
  /** Not printed on the paper form, added because a computation needs it (e.g. total population). */
  extra?: boolean;
  /** Numbers of this row printed with exactly this many decimals. */
  decimals?: number;
  /** Whole numbers of this row printed with at least this many digits ("01"). */
  minDigits?: number;
  /** How the row is printed, instead of its kind's style (section bold, heading italic). */
  style?: { italic?: boolean; bold?: boolean };
  /** A computed sum of rows ("Tổng"): these rows' values in the same column added up, never typed. */
  sum?: string[];
  /** The row's text in the form's fixed text columns: {<columnKey>: "…"}. */
  text?: Record<string, string>;
}

export type Severity = 'error' | 'warning';

export type FormRule =
  | { type: 'lte'; left: string; right: string; severity?: Severity; message?: string }
  | { type: 'sum'; total: string; parts: string[]; severity?: Severity; message?: string }
  | { type: 'lteColumn'; left: string; right: string; severity?: Severity; message?: string }
  | { type: 'required'; rows: string[]; columns?: string[]; severity?: Severity; message?: string }
  | {
      type: 'range';
      rows: string[];
      columns?: string[];
      min?: number;
      max?: number;
      severity?: Severity;
      message?: string;
    };

export const RULE_TYPES = ['lte', 'sum', 'lteColumn', 'required', 'range'] as const;

/** How the form is printed as an annex (Phụ lục). */
export interface AnnexSpec {
  /** "plain": "Phụ lục" (only when the document has one annex); "roman": "Phụ lục I, II …"; "number": "Phụ lục số 01, 02 …". Absent: plain alone, roman among several. */
  heading?: 'plain' | 'roman' | 'number';
  /** The title printed as typed (rich label subset); "" prints none; absent: the form's title in capitals. */
  title?: string;
  /** Whether the "Mẫu số <code>" line is printed (default true). */
  formCodeLine?: boolean;
  /** A line under the title (e.g. the reporting unit), placed left, centre or right. */
  subtitle?: { text: string; align: 'left' | 'center' | 'right' };
  /** Notes and sources printed under the table, one paragraph each. */
  notes?: string[];
}

export const ANNEX_HEADINGS = ['plain', 'roman', 'number'] as const;

export interface FormDefinition {
  code: string;
  version: number;
  title: string;
  reportingNote?: string;
  columns: FormColumn[];
  rows: FormRow[];
  rules: FormRule[];
  /** Relative width of the label column against the columns' `width` (default 3). */
  labelWidth?: number;
  /** The first columns' header labels (default TT, Chỉ tiêu, ĐVT). */
  headers?: { no?: string; label?: string; unit?: string };
  /** The numbering row under the header: false for none, or one label per printed column; absent: "a", "b", then the columns' `no`. */
  numberingRow?: false | string[];
  annex?: AnnexSpec;
}

/** A cell's value as stored and as served: numbers, Có/không as booleans, text. */
export type CellValue = number | boolean | string;

/** {rowKey: {columnKey: value}} for one form. */
export type FormData = Record<string, Record<string, CellValue>>;

/** The type of the cell at (row, column): the column's type wins, then the row's, then integer. */
export function cellType(row: FormRow, column: FormColumn): ValueType {
  return column.type ?? row.type ?? 'integer';
}

/** Rows that hold no value at all. */
export const isValueRow = (row: FormRow) => row.kind !== 'section' && row.kind !== 'heading';

/** A computed cell: a ratio row or a ratio column. */
export function cellRatio(row: FormRow, column: FormColumn): RatioSpec | undefined {
  if (column.type === 'text') return undefined;
  return column.ratio ?? row.ratio;
}

/**
 * How a computed cell is computed: a ratio (the column's, else the row's), else a total across the
 * column's `sum` columns, else a sum of the row's `sum` rows. Ratios are computed from sums, never
 * the other way round, and a total column's cell in a total row adds up that row's sums.
 */
export type CellFormula =
  | { kind: 'ratio'; ratio: RatioSpec }
  | { kind: 'sumColumns'; columns: string[] }
  | { kind: 'sumRows'; rows: string[] };

/** The formula of a computed cell; undefined for a cell people type. */
export function cellFormula(row: FormRow, column: FormColumn): CellFormula | undefined {
  const ratio = cellRatio(row, column);
  if (ratio) return { kind: 'ratio', ratio };
  if (column.type === 'text') return undefined;
  if (column.sum) return { kind: 'sumColumns', columns: column.sum };
  if (row.sum) return { kind: 'sumRows', rows: row.sum };
  return undefined;
}

/** A cell computed by the server (a ratio or a total), never typed. */
export const isComputedCell = (row: FormRow, column: FormColumn) => !!cellFormula(row, column);

/** A cell nobody types: computed, or printed text of a fixed column. */
export const isReadOnlyCell = (row: FormRow, column: FormColumn) =>
  !!column.fixed || isComputedCell(row, column);

/** The printed text of a fixed column's cell ("" when the row gives none). */
export const fixedText = (row: FormRow, column: FormColumn): string =>
  (column.fixed && Object.hasOwn(row.text ?? {}, column.key) ? row.text![column.key] : '') ?? '';

export const isNumericType = (t: ValueType) =>
  t === 'integer' || t === 'decimal' || t === 'percent';

/** "{year}", "{year-1}", "{year+1}" in a label: the year of the period the form is used in. */
const YEAR_PARAMETER = /\{year(?:([+-])(\d{1,2}))?\}/g;

/** A label with its year parameters filled in ("Năm {year}" → "Năm 2026"). */
export function labelForYear(label: string, year: number): string {
  return label.replace(YEAR_PARAMETER, (_, sign?: string, n?: string) =>
    String(sign ? year + (sign === '+' ? 1 : -1) * Number(n) : year),
  );
}

/** The form as used in a period of `year`: its labels with their year parameters filled in (the same object when it has none). */
export function withYear(def: FormDefinition, year: number): FormDefinition {
  const uses = (l: string) => l.includes('{year');
  if (!def.columns.some((c) => uses(c.label)) && !def.rows.some((r) => uses(r.label))) return def;
  return {
    ...def,
    columns: def.columns.map((c) =>
      uses(c.label) ? { ...c, label: labelForYear(c.label, year) } : c,
    ),
    rows: def.rows.map((r) => (uses(r.label) ? { ...r, label: labelForYear(r.label, year) } : r)),
  };
}

/**
 * `next` with the presentation fields of `previous` it does not set itself (column groups, widths,
 * decimals, row digits and styles by key; header labels, numbering row, annex): the form designer
 * shows none of them, and a new version made there keeps them instead of dropping them. The
 * numbering row is kept only while the printed columns are as many.
 */
export function keepPresentation<D extends Omit<FormDefinition, 'version'>>(
  next: D,
  previous: Omit<FormDefinition, 'version'> | null,
): D {
  if (!previous) return next;
  const pick = <T extends object>(o: T, keys: (keyof T)[]) =>
    Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Partial<T>;
  const cols = new Map(previous.columns.map((c) => [c.key, c]));
  const rows = new Map(previous.rows.map((r) => [r.key, r]));
  const printed = (d: Omit<FormDefinition, 'version'>) =>
    2 + (d.rows.some((r) => r.unit) ? 1 : 0) + d.columns.length;
  const out: D = {
    ...next,
    columns: next.columns.map((c) => ({
      ...pick(cols.get(c.key) ?? ({} as FormColumn), [
        'group',
        'width',
        'decimals',
        'sum',
        'fixed',
      ]),
      ...c,
    })),
    rows: next.rows.map((r) => ({
      ...pick(rows.get(r.key) ?? ({} as FormRow), [
        'decimals',
        'minDigits',
        'style',
        'sum',
        'text',
      ]),
      ...r,
    })),
  };
  for (const k of ['labelWidth', 'headers', 'annex'] as const)
    if (out[k] === undefined && previous[k] !== undefined) Object.assign(out, { [k]: previous[k] });
  if (
    out.numberingRow === undefined &&
    previous.numberingRow !== undefined &&
    (previous.numberingRow === false || printed(out) === printed(previous))
  )
    out.numberingRow = previous.numberingRow;
  return out;
}
