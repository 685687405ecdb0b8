import { FormDefinition, cellRatio, cellType, isNumericType, isValueRow } from '@app/forms';
import { Target } from './matcher';

/**
 * The numeric cells of forms as the narrative matcher reads them: each value row with each numeric
 * column; on forms of several value columns (03/TE) a column other than the first needs its own
 * words ("được hưởng trợ cấp xã hội hằng tháng"), and a ratio column counts in %.
 */
export function narrativeTargets(defs: FormDefinition[]): Target[] {
  const out: Target[] = [];
  for (const def of defs) {
    let section = '';
    const numeric = def.columns.filter((c) => c.type !== 'text');
    const byNo = new Map<string, string>();
    let heading = '';
    for (const row of def.rows) {
      if (row.kind === 'section') {
        section = row.label;
        byNo.clear();
        heading = '';
      }
      if (row.kind === 'heading' && !/^\s*trong đó/iu.test(row.label)) heading = row.label;
      if (row.no && /^\d+(\.\d+)*$/.test(row.no)) byNo.set(row.no, row.label);
      // "Số lớp", "Kiêm nhiệm": a short label says what it counts only with its parent's ("1.1" under "1").
      const parentNo = row.no?.includes('.') ? row.no.slice(0, row.no.lastIndexOf('.')) : undefined;
      const parent = parentNo ? byNo.get(parentNo) : row.no ? undefined : heading;
      if (!isValueRow(row)) continue;
      numeric.forEach((col, i) => {
        if (!isNumericType(cellType(row, col))) return;
        const ratio = !!cellRatio(row, col);
        out.push({
          form: def.code,
          row: row.key,
          column: col.key,
          label: row.label,
          parent,
          section: section || undefined,
          columnLabel: i > 0 && numeric.length > 1 ? col.label : undefined,
          unit: ratio ? '%' : (row.unit ?? col.unit ?? ''),
        });
      });
    }
  }
  return out;
}
