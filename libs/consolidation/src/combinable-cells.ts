import { dict, entry, own } from '@app/common';
import {
  CellValue,
  FormColumn,
  FormData,
  FormDefinition,
  FormRow,
  cellType,
  formulaInputs,
  isReadOnlyCell,
  isValueRow,
  withComputedCells,
} from '@app/forms';

export type CombineMode = 'sum' | 'count';

/** Which cells of a form an upper level combines, and how (the definition decides). */
export function combinableCells(
  def: FormDefinition,
): { row: string; column: string; mode: CombineMode }[] {
  const out: { row: string; column: string; mode: CombineMode }[] = [];
  for (const row of def.rows) {
    if (!isValueRow(row) || row.consolidate === 'none') continue;
    for (const col of def.columns) {
      if (isReadOnlyCell(row, col)) continue; // ratios and totals are recomputed from the summed parts
      const t = cellType(row, col);
      if (t === 'boolean' && row.consolidate === 'countTrue')
        out.push({ row: row.key, column: col.key, mode: 'count' });
      else if (t === 'integer' || t === 'decimal')
        out.push({ row: row.key, column: col.key, mode: 'sum' });
      // percentages typed in, yes/no without countTrue, and text are not combined
    }
  }
  return out;
}

/**
 * One cell combined over several reports' data as consolidation combines it (sums; the number of
 * "Có" — or a lower consolidation's count — for countTrue rows; a ratio or a total recomputed from
 * its combined parts); null when the cell is not combined or no report holds it.
 */
export function combineCell(
  def: FormDefinition,
  row: FormRow,
  column: FormColumn,
  datas: FormData[],
): number | null {
  const modes = new Map(combinableCells(def).map((c) => [`${c.row}\u0000${c.column}`, c.mode]));
  const needed = formulaInputs(def, row.key, column.key);
  const combined: FormData = dict();
  for (const cell of needed) {
    const mode = modes.get(`${cell.row}\u0000${cell.column}`);
    if (!mode) return null;
    let total: number | undefined;
    for (const data of datas) {
      const v = own(own(data, cell.row), cell.column);
      const n = typeof v === 'number' ? v : v === true && mode === 'count' ? 1 : undefined;
      if (n !== undefined) total = (total ?? 0) + n;
    }
    if (total !== undefined) entry(combined, cell.row, dict<CellValue>)[cell.column] = total;
  }
  const value = own(own(withComputedCells(def, combined), row.key), column.key);
  return typeof value === 'number' ? value : null;
}
