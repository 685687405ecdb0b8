// How an annex's table is laid out: its header rows (grouped, merged cells) and its column widths.
import { AnnexModel } from './document-model';

export interface HeaderCell {
  text: string;
  colspan: number;
  rowspan: number;
  cls?: string;
}

/**
 * The header rows of an annex: the first columns (TT, label, ĐVT) over every header row, then per
 * level the column groups (neighbouring columns with the same path share a merged cell), each
 * column's label spanning down to the last level; the units row; the numbering row.
 */
export function annexHeaderRows(annex: AnnexModel): HeaderCell[][] {
  const paths = annex.columns.map((c) => [...(c.group ?? []), c.label]);
  const levels = Math.max(1, ...paths.map((p) => p.length));
  const hasUnits = annex.columns.some((c) => c.unit);
  const headRows = levels + (hasUnits ? 1 : 0);
  const h = { no: 'TT', label: 'Chỉ tiêu', unit: 'ĐVT', ...annex.headers };
  const rows: HeaderCell[][] = Array.from({ length: levels }, () => []);
  rows[0].push(
    { text: h.no, colspan: 1, rowspan: headRows },
    { text: h.label, colspan: 1, rowspan: headRows },
  );
  if (annex.hasUnitColumn) rows[0].push({ text: h.unit, colspan: 1, rowspan: headRows });
  const same = (a: string[], b: string[], upTo: number) =>
    a.length > upTo && b.length > upTo && a.slice(0, upTo + 1).every((x, i) => x === b[i]);
  for (let level = 0; level < levels; level++) {
    for (let i = 0; i < paths.length; i++) {
      const p = paths[i];
      if (level > p.length - 1) continue;
      if (level === p.length - 1) {
        rows[level].push({ text: p[level], colspan: 1, rowspan: levels - level });
        continue;
      }
      // A group cell: the run of columns sharing this path up to here (not their own labels).
      if (i > 0 && paths[i - 1].length - 1 > level && same(paths[i - 1], p, level)) continue;
      let span = 1;
      while (
        i + span < paths.length &&
        paths[i + span].length - 1 > level &&
        same(paths[i + span], p, level)
      )
        span++;
      rows[level].push({ text: p[level], colspan: span, rowspan: 1, cls: 'group' });
    }
  }
  if (hasUnits)
    rows.push(
      annex.columns.map((c) => ({ text: c.unit ?? '', colspan: 1, rowspan: 1, cls: 'unit' })),
    );
  const nos = numberingRow(annex);
  if (nos) rows.push(nos.map((text) => ({ text, colspan: 1, rowspan: 1, cls: 'no' })));
  return rows;
}

/** The numbering row's labels, one per printed column; null for none. */
function numberingRow(annex: AnnexModel): string[] | null {
  if (annex.numberingRow === false) return null;
  if (annex.numberingRow) return annex.numberingRow;
  if (!annex.columns.some((c) => c.no)) return null;
  return ['a', 'b', ...(annex.hasUnitColumn ? [''] : []), ...annex.columns.map((c) => c.no ?? '')];
}

/** The longest word of a text (the inline marks not counted). */
const longestWord = (s: string) =>
  Math.max(
    0,
    ...s
      .replace(/\*+/g, '')
      .split(/\s+/)
      .map((w) => [...w].length),
  );

/**
 * Column widths (mm) of an annex table: TT and ĐVT fixed, the label column and the value columns
 * sharing the rest by their relative widths (`labelWidth`, `width`; without them each value column
 * 14–26 mm and the label the rest), each value column at least as wide as its longest word, so that
 * no word is broken inside a cell.
 */
export function annexColumnWidths(annex: AnnexModel): {
  no: number;
  unit: number;
  label: number;
  values: number[];
} {
  const total = annex.landscape ? 297 - 45 : 210 - 45;
  const no = 11;
  const unit = annex.hasUnitColumn ? 17 : 0;
  const avail = total - no - unit;
  const n = Math.max(1, annex.columns.length);
  const weighted =
    annex.labelWidth !== undefined || annex.columns.some((c) => c.width !== undefined);
  let values: number[];
  if (weighted) {
    const lw = annex.labelWidth ?? 3;
    const sum = lw + annex.columns.reduce((s, c) => s + (c.width ?? 1), 0);
    values = annex.columns.map((c) => (avail * (c.width ?? 1)) / sum);
  } else {
    const minLabel = annex.landscape ? 80 : 60;
    const w = Math.max(14, Math.min(26, Math.floor((avail - minLabel) / n)));
    values = annex.columns.map(() => w);
  }
  // At least the longest word of the column's cells and header (bold, 11–12 pt: ~2.4 mm a letter) plus padding.
  const mmPerChar = annex.landscape ? 2.2 : 2.4;
  values = values.map((w, i) => {
    const c = annex.columns[i];
    const words = [c.label, c.unit ?? '', c.no ?? '', ...annex.rows.map((r) => r.cells[i] ?? '')];
    const need = Math.min(60, Math.max(...words.map(longestWord)) * mmPerChar + 2.5);
    return Math.max(w, need);
  });
  // The label column keeps at least 30 mm: wider value columns shrink back together if need be.
  const sum = values.reduce((s, w) => s + w, 0);
  if (sum > avail - 30) values = values.map((w) => (w * (avail - 30)) / sum);
  values = values.map((w) => Math.floor(w * 10) / 10);
  // The label column takes what is left (no width of its own, so rounding never overflows the page).
  const label = avail - values.reduce((s, w) => s + w, 0);
  return { no, unit, label, values };
}
