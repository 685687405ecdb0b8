import { dict, dictOf, entry, formatVietnameseNumber, own } from '@app/common';
import {
  CellRef,
  CellValue,
  FormData,
  FormDefinition,
  FormRow,
  RatioSpec,
  Severity,
  cellFormula,
  cellType,
  isNumericType,
  isValueRow,
} from './form-definition';

export interface RuleViolation {
  form: string;
  row: string;
  column: string;
  severity: Severity;
  message: string;
}

const EPS = 1e-6;

function resolve(
  ref: string | CellRef,
  row: string,
  column: string,
): { row: string; column: string } {
  return typeof ref === 'string'
    ? { row: ref, column }
    : { row: ref.row ?? row, column: ref.column ?? column };
}

// Own properties only: a row or column key is never looked up on a prototype.
const cell = (data: FormData, row: string, column: string) => own(own(data, row), column);

const num = (data: FormData, row: string, column: string): number | undefined => {
  const v = cell(data, row, column);
  return typeof v === 'number' ? v : undefined;
};

/** numerator / denominator × 100, rounded to 2 decimals; undefined when either is missing or the denominator is 0. */
export function ratioValue(
  ratio: RatioSpec,
  data: FormData,
  row: string,
  column: string,
): number | undefined {
  const n = resolve(ratio.numerator, row, column);
  const d = resolve(ratio.denominator, row, column);
  const nv = num(data, n.row, n.column);
  const dv = num(data, d.row, d.column);
  if (nv === undefined || dv === undefined || dv === 0) return undefined;
  // Multiply before dividing so that exact halves (2050/8000 → 25,625) round up as people expect.
  return Math.round((nv * 10000) / dv) / 100;
}

/** Sums of several cells: undefined when none holds a number, else the numbers added up (rounded off float noise). */
function sumOf(values: (CellValue | undefined)[]): number | undefined {
  let total: number | undefined;
  for (const v of values) if (typeof v === 'number') total = (total ?? 0) + v;
  return total === undefined ? undefined : Math.round(total * 1e6) / 1e6;
}

/**
 * The stored input cells plus every computed cell (objects without a prototype, whatever the keys),
 * in dependency order: sums of rows, then totals across columns (which add up a total row's sums),
 * then ratios (which may divide totals). A stored value in a computed cell is never kept.
 */
export function withComputedCells(def: FormDefinition, input: FormData): FormData {
  const out: FormData = dict();
  for (const [r, cols] of Object.entries(input)) out[r] = dictOf(cols);
  const set = (row: string, column: string, v: number | undefined) => {
    if (v !== undefined) entry(out, row, dict<CellValue>)[column] = v;
    else delete own(out, row)?.[column];
  };
  const pass = (kind: 'sumRows' | 'sumColumns' | 'ratio') => {
    for (const row of def.rows) {
      if (!isValueRow(row)) continue;
      for (const column of def.columns) {
        const f = cellFormula(row, column);
        if (f?.kind !== kind) continue;
        if (f.kind === 'ratio')
          set(row.key, column.key, ratioValue(f.ratio, out, row.key, column.key));
        else if (f.kind === 'sumRows')
          set(row.key, column.key, sumOf(f.rows.map((r) => cell(out, r, column.key))));
        else set(row.key, column.key, sumOf(f.columns.map((c) => cell(out, row.key, c))));
      }
    }
  };
  pass('sumRows');
  pass('sumColumns');
  pass('ratio');
  return out;
}

/**
 * The typed-in cells a computed cell is computed from, through other computed cells (a ratio of a
 * total → the total's parts); the cell itself when it is typed in.
 */
export function formulaInputs(
  def: FormDefinition,
  rowKey: string,
  columnKey: string,
): { row: string; column: string }[] {
  const rows = new Map(def.rows.map((r) => [r.key, r]));
  const cols = new Map(def.columns.map((c) => [c.key, c]));
  const out = new Map<string, { row: string; column: string }>();
  const visit = (r: string, c: string, depth: number) => {
    const row = rows.get(r);
    const col = cols.get(c);
    const f = row && col && isValueRow(row) ? cellFormula(row, col) : undefined;
    if (!f || depth > 8) {
      out.set(`${r}\u0000${c}`, { row: r, column: c });
      return;
    }
    if (f.kind === 'ratio')
      for (const ref of [f.ratio.numerator, f.ratio.denominator]) {
        const at = resolve(ref, r, c);
        visit(at.row, at.column, depth + 1);
      }
    else if (f.kind === 'sumRows') for (const p of f.rows) visit(p, c, depth + 1);
    else for (const p of f.columns) visit(r, p, depth + 1);
  };
  visit(rowKey, columnKey, 0);
  return [...out.values()];
}

const rowName = (row: FormRow | undefined, key: string) => {
  if (!row) return key;
  const label = row.label.length > 60 ? row.label.slice(0, 57) + '…' : row.label;
  return row.no && !['-', '+'].includes(row.no) ? `dòng ${row.no} "${label}"` : `dòng "${label}"`;
};
const fmt = (n: number) => formatVietnameseNumber(n, 4);

/** Evaluates the form's rules over every numeric column (input cells only; ratios and totals are computed). */
export function evaluateRules(def: FormDefinition, data: FormData): RuleViolation[] {
  const rows = new Map(def.rows.map((r) => [r.key, r]));
  const out: RuleViolation[] = [];
  const numericColumns = def.columns.filter((c) => c.type !== 'text' && !c.ratio && !c.sum);
  const isNumericCell = (rowKey: string, colKey: string) => {
    const row = rows.get(rowKey);
    const col = def.columns.find((c) => c.key === colKey);
    return !!row && !!col && isNumericType(cellType(row, col)) && !cellFormula(row, col);
  };
  for (const rule of def.rules) {
    const severity: Severity = rule.severity ?? 'error';
    const add = (row: string, column: string, message: string) =>
      out.push({
        form: def.code,
        row,
        column,
        severity,
        message: rule.message ? `${rule.message} (${message})` : message,
      });
    switch (rule.type) {
      case 'lte':
        for (const c of numericColumns) {
          if (!isNumericCell(rule.left, c.key)) continue;
          const l = num(data, rule.left, c.key);
          const r = num(data, rule.right, c.key);
          if (l !== undefined && r !== undefined && l > r + EPS) {
            add(
              rule.left,
              c.key,
              `Số liệu ${rowName(rows.get(rule.left), rule.left)} (${fmt(l)}) lớn hơn ${rowName(rows.get(rule.right), rule.right)} (${fmt(r)}) ở cột "${c.label}".`,
            );
          }
        }
        break;
      case 'sum':
        for (const c of numericColumns) {
          if (!isNumericCell(rule.total, c.key)) continue;
          const total = num(data, rule.total, c.key);
          const parts = rule.parts.map((p) => num(data, p, c.key));
          if (total === undefined || parts.every((p) => p === undefined)) continue;
          const sum = parts.reduce<number>((s, p) => s + (p ?? 0), 0);
          if (Math.abs(sum - total) > EPS) {
            add(
              rule.total,
              c.key,
              `Tổng các thành phần (${fmt(sum)}) không bằng ${rowName(rows.get(rule.total), rule.total)} (${fmt(total)}) ở cột "${c.label}".`,
            );
          }
        }
        break;
      case 'lteColumn': {
        const left = def.columns.find((c) => c.key === rule.left)!;
        const right = def.columns.find((c) => c.key === rule.right)!;
        for (const row of def.rows) {
          if (!isValueRow(row) || !isNumericCell(row.key, left.key)) continue;
          const l = num(data, row.key, left.key);
          const r = num(data, row.key, right.key);
          if (l !== undefined && r !== undefined && l > r + EPS) {
            add(
              row.key,
              left.key,
              `Cột "${left.label}" (${fmt(l)}) lớn hơn cột "${right.label}" (${fmt(r)}) ở ${rowName(row, row.key)}.`,
            );
          }
        }
        break;
      }
      case 'required':
        for (const r of rule.rows) {
          for (const c of rule.columns ?? numericColumns.map((x) => x.key)) {
            const v = cell(data, r, c);
            if (v === undefined || v === '') add(r, c, `Chưa nhập ${rowName(rows.get(r), r)}.`);
          }
        }
        break;
      case 'range':
        for (const r of rule.rows) {
          for (const c of rule.columns ?? numericColumns.map((x) => x.key)) {
            const v = num(data, r, c);
            if (v === undefined) continue;
            if (
              (rule.min !== undefined && v < rule.min) ||
              (rule.max !== undefined && v > rule.max)
            ) {
              add(
                r,
                c,
                `Số liệu ${rowName(rows.get(r), r)} (${fmt(v)}) nằm ngoài khoảng hợp lý${rule.min !== undefined ? ` từ ${fmt(rule.min)}` : ''}${rule.max !== undefined ? ` đến ${fmt(rule.max)}` : ''}.`,
              );
            }
          }
        }
        break;
    }
  }
  return out;
}
