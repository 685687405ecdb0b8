import { FormData, FormDefinition, cellRatio, cellType, isValueRow } from '@app/forms';

/** Deterministic values for every input cell of a form (computed cells left out). */
export function fillForm(def: FormDefinition, seed = 1): FormData {
  const data: FormData = {};
  let n = seed;
  for (const row of def.rows) {
    if (!isValueRow(row)) continue;
    for (const col of def.columns) {
      if (cellRatio(row, col)) continue;
      n = (n * 7919 + 13) % 10007;
      const t = cellType(row, col);
      const v = t === 'integer' ? n % 500 : t === 'decimal' ? Math.round(n * 1.5) / 10 : t === 'percent' ? (n % 1000) / 10 : t === 'boolean' ? n % 2 === 0 : `Ghi chú ${n}`;
      (data[row.key] ??= {})[col.key] = v;
    }
  }
  return data;
}
