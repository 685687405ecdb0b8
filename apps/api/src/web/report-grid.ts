import { Dict, dict, entry, own } from '@app/common';
import {
  CellRef,
  FormData,
  FormDefinition,
  cellFormula,
  cellType,
  fixedText,
  formatCell,
  isReadOnlyCell,
  isValueRow,
} from '@app/forms';

/** A message shown on a cell (a refused value, a rule of the form). */
export interface CellMessage {
  severity: 'error' | 'warning';
  message: string;
}

export interface CellVM {
  kind: 'input' | 'bool' | 'text' | 'ratio' | 'sum' | 'fixed' | 'value';
  id: string;
  value: string;
  rowKey: string;
  colKey: string;
  /** Ids of the input cells of a ratio (live recomputation in the browser). */
  numId?: string;
  denId?: string;
  /** Ids of the cells a total adds up, space-separated, and its pass (1: sums of rows, 2: totals across columns). */
  partIds?: string;
  pass?: number;
  inputMode?: string;
  href?: string;
  /** "1 Số trẻ em dưới 16 tuổi – Năm 2024": the accessible name of the input. */
  label: string;
  /** The column's label alone (shown beside the cell when a phone lays a row out as a card). */
  columnLabel: string;
  messages: CellMessage[];
  error: boolean;
  warning: boolean;
  describedBy?: string;
}

export interface RowVM {
  key: string;
  kind: 'section' | 'heading' | 'value';
  no: string;
  label: string;
  unit: string;
  extra: boolean;
  cells: CellVM[];
}

export interface GridVM {
  index: number;
  code: string;
  title: string;
  anchor: string;
  columns: { label: string; no: string; unit: string }[];
  hasColumnNumbers: boolean;
  hasColumnUnits: boolean;
  rows: RowVM[];
  errorCount: number;
  warningCount: number;
}

export const cellKey = (form: string, row: string, column: string) =>
  `${form}\u0000${row}\u0000${column}`;
/** The form field (and element id) of a cell: indexes, so any row or column key is safe in HTML and forms. */
export const cellField = (fi: number, ri: number, ci: number) => `c-${fi}-${ri}-${ci}`;
const CELL_FIELD = /^c-(\d{1,3})-(\d{1,5})-(\d{1,4})$/;

export interface GridOptions {
  /** Typed-in cells are inputs (a draft being edited by its unit's officer, not a consolidated report). */
  editable: boolean;
  /** What the user typed, by field name, shown instead of the stored value (after a refused save). */
  typed?: Record<string, string>;
  messages?: Map<string, CellMessage[]>;
  /** Consolidated reports: each value cell links to its sources. */
  provenanceHref?: (row: string, column: string) => string;
}

function resolve(ref: string | CellRef, row: string, column: string) {
  return typeof ref === 'string'
    ? { row: ref, column }
    : { row: ref.row ?? row, column: ref.column ?? column };
}

/** A form laid out like the paper form: TT | Chỉ tiêu | ĐVT | the value columns. */
export function buildGrid(
  fi: number,
  def: FormDefinition,
  data: FormData,
  opts: GridOptions,
): GridVM {
  const rowIndex = new Map(def.rows.map((r, i) => [r.key, i]));
  const colIndex = new Map(def.columns.map((c, i) => [c.key, i]));
  let errorCount = 0;
  let warningCount = 0;
  const rows: RowVM[] = def.rows.map((row, ri) => {
    const kind: RowVM['kind'] =
      row.kind === 'section' ? 'section' : row.kind === 'heading' ? 'heading' : 'value';
    const cells: CellVM[] = isValueRow(row)
      ? def.columns.map((col, ci) => {
          const id = cellField(fi, ri, ci);
          const messages = opts.messages?.get(cellKey(def.code, row.key, col.key)) ?? [];
          const error = messages.some((m) => m.severity === 'error');
          const warning = !error && messages.length > 0;
          if (error) errorCount++;
          else if (warning) warningCount++;
          const stored = own(own(data, row.key), col.key);
          const formula = cellFormula(row, col);
          const ratio = formula?.kind === 'ratio' ? formula.ratio : undefined;
          const label = `${row.no && !['-', '+'].includes(row.no) ? row.no + ' ' : ''}${row.label} – ${col.label}`;
          const base = {
            id,
            rowKey: row.key,
            colKey: col.key,
            label,
            columnLabel: col.label,
            messages,
            error,
            warning,
            describedBy: messages.length ? `${id}-msg` : undefined,
          };
          if (ratio) {
            const n = resolve(ratio.numerator, row.key, col.key);
            const d = resolve(ratio.denominator, row.key, col.key);
            const ni = rowIndex.get(n.row);
            const nc = colIndex.get(n.column);
            const di = rowIndex.get(d.row);
            const dc = colIndex.get(d.column);
            return {
              ...base,
              kind: 'ratio' as const,
              value: formatCell(stored, 'percent'),
              numId:
                opts.editable && ni !== undefined && nc !== undefined
                  ? cellField(fi, ni, nc)
                  : undefined,
              denId:
                opts.editable && di !== undefined && dc !== undefined
                  ? cellField(fi, di, dc)
                  : undefined,
              href: opts.provenanceHref?.(row.key, col.key),
            };
          }
          if (formula && formula.kind !== 'ratio') {
            const parts: [number | undefined, number | undefined][] =
              formula.kind === 'sumRows'
                ? formula.rows.map((k) => [rowIndex.get(k), ci])
                : formula.columns.map((k) => [ri, colIndex.get(k)]);
            const ids = parts.every(([r, c]) => r !== undefined && c !== undefined)
              ? parts.map(([r, c]) => cellField(fi, r!, c!)).join(' ')
              : undefined;
            return {
              ...base,
              kind: 'sum' as const,
              value: formatCell(stored),
              partIds: opts.editable ? ids : undefined,
              pass: formula.kind === 'sumRows' ? 1 : 2,
              href: opts.provenanceHref?.(row.key, col.key),
            };
          }
          if (col.fixed) return { ...base, kind: 'fixed' as const, value: fixedText(row, col) };
          const type = cellType(row, col);
          const value = opts.typed?.[id] ?? formatCell(stored);
          if (!opts.editable)
            return {
              ...base,
              kind: 'value' as const,
              value,
              href: opts.provenanceHref?.(row.key, col.key),
            };
          if (type === 'boolean') return { ...base, kind: 'bool' as const, value };
          if (type === 'text') return { ...base, kind: 'text' as const, value };
          return {
            ...base,
            kind: 'input' as const,
            value,
            inputMode: type === 'integer' ? 'numeric' : 'decimal',
          };
        })
      : [];
    return {
      key: row.key,
      kind,
      no: row.no ?? '',
      label: row.label,
      unit: row.unit ?? '',
      extra: !!row.extra,
      cells,
    };
  });
  return {
    index: fi,
    code: def.code,
    title: def.title,
    anchor: `form-${fi}`,
    columns: def.columns.map((c) => ({ label: c.label, no: c.no ?? '', unit: c.unit ?? '' })),
    hasColumnNumbers: def.columns.some((c) => !!c.no),
    hasColumnUnits: def.columns.some((c) => !!c.unit),
    rows,
    errorCount,
    warningCount,
  };
}

/**
 * The cells of a posted editor form that differ from what the page showed (the stored value as
 * formatted), as a PATCH `data` object of raw strings: the service parses and checks them. Unknown
 * field names, section rows and computed cells are ignored (the page never renders inputs for them).
 */
export function changedCells(
  defs: FormDefinition[],
  data: Record<string, FormData>,
  body: Record<string, unknown>,
) {
  // Keyed by form, row and column keys: objects without a prototype (a key may be any name).
  const patch = dict<Dict<Dict<string | null>>>();
  const typed = dict<string>();
  let count = 0;
  for (const [name, raw] of Object.entries(body)) {
    const m = CELL_FIELD.exec(name);
    if (!m) continue;
    const def = defs[Number(m[1])];
    const row = def?.rows[Number(m[2])];
    const col = def?.columns[Number(m[3])];
    if (!def || !row || !col || !isValueRow(row) || isReadOnlyCell(row, col)) continue;
    const value = (
      Array.isArray(raw) ? String(raw[raw.length - 1] ?? '') : typeof raw === 'string' ? raw : ''
    ).replace(/\r\n?/g, '\n');
    typed[name] = value;
    const shown = formatCell(own(own(own(data, def.code), row.key), col.key));
    if (value.trim() === shown.trim()) continue;
    entry(entry(patch, def.code, dict<Dict<string | null>>), row.key, dict<string | null>)[
      col.key
    ] = value.trim() === '' ? null : cellType(row, col) === 'text' ? value : value.trim();
    count++;
  }
  return { patch, typed, count };
}
