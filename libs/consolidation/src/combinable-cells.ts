import { FormDefinition, cellRatio, cellType, isValueRow } from '@app/forms';

export type CombineMode = 'sum' | 'count';

/** Which cells of a form an upper level combines, and how (the definition decides). */
export function combinableCells(
  def: FormDefinition,
): { row: string; column: string; mode: CombineMode }[] {
  const out: { row: string; column: string; mode: CombineMode }[] = [];
  for (const row of def.rows) {
    if (!isValueRow(row) || row.consolidate === 'none') continue;
    for (const col of def.columns) {
      if (cellRatio(row, col)) continue; // ratios are recomputed from the summed parts
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
