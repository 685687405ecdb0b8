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
      const v =
        t === 'integer'
          ? n % 500
          : t === 'decimal'
            ? Math.round(n * 1.5) / 10
            : t === 'percent'
              ? (n % 1000) / 10
              : t === 'boolean'
                ? n % 2 === 0
                : `Ghi chú ${n}`;
      (data[row.key] ??= {})[col.key] = v;
    }
  }
  return data;
}

/** Like fillForm, then adjusted until the form's blocking rules hold (so the report can be signed). */
export function validFill(def: FormDefinition, seed = 1): FormData {
  const data = fillForm(def, seed);
  const num = (r: string, c: string) =>
    typeof data[r]?.[c] === 'number' ? (data[r][c] as number) : undefined;
  const numericCols = def.columns.filter((c) => c.type !== 'text' && !c.ratio).map((c) => c.key);
  for (let pass = 0; pass < 200; pass++) {
    let changed = false;
    for (const rule of def.rules) {
      if (rule.type === 'sum') {
        for (const c of numericCols) {
          // Every breakdown of the same total must add up to the same figure: raise the smaller ones.
          const lists = def.rules.flatMap((x) =>
            x.type === 'sum' && x.total === rule.total ? [x.parts] : [],
          );
          const sumOf = (parts: string[]) =>
            Math.round(parts.reduce((a, p) => a + (num(p, c) ?? 0), 0) * 1e4) / 1e4;
          if (
            num(rule.total, c) === undefined ||
            lists.some((parts) => parts.some((p) => num(p, c) === undefined))
          )
            continue;
          const target = Math.max(...lists.map(sumOf));
          for (const parts of lists) {
            const gap = target - sumOf(parts);
            if (gap > 0) {
              data[parts[0]][c] = Math.round(((num(parts[0], c) ?? 0) + gap) * 1e4) / 1e4;
              changed = true;
            }
          }
          if (num(rule.total, c) !== target) {
            data[rule.total][c] = target;
            changed = true;
          }
        }
      } else if (rule.type === 'lte') {
        for (const c of numericCols) {
          const l = num(rule.left, c);
          const r = num(rule.right, c);
          if (l === undefined || r === undefined || l <= r) continue;
          // Raise the whole; when it is the total of parts, raise a part so the total follows.
          const partLists = def.rules.flatMap((x) =>
            x.type === 'sum' && x.total === rule.right ? [x.parts] : [],
          );
          const targets = partLists
            .map((parts) => parts.find((p) => num(p, c) !== undefined))
            .filter((p): p is string => !!p);
          if (targets.length === partLists.length && targets.length > 0) {
            for (const target of targets)
              data[target][c] = Math.round(((num(target, c) ?? 0) + l - r) * 1e4) / 1e4;
          } else data[rule.right][c] = l;
          changed = true;
        }
      } else if (rule.type === 'lteColumn') {
        for (const row of Object.keys(data)) {
          const l = num(row, rule.left);
          const r = num(row, rule.right);
          if (l !== undefined && r !== undefined && l > r) {
            data[row][rule.right] = l;
            changed = true;
          }
        }
      }
    }
    if (!changed) break;
  }
  // Percent cells typed in must stay within 0–100.
  for (const row of def.rows)
    for (const col of def.columns)
      if (cellType(row, col) === 'percent' && typeof data[row.key]?.[col.key] === 'number')
        data[row.key][col.key] = Math.min(100, data[row.key][col.key] as number);
  return data;
}
