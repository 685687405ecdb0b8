import { CellValue, FormData } from '@app/forms';

export interface CellDiff {
  form: string;
  row: string;
  column: string;
  before: CellValue | null;
  after: CellValue | null;
}

/** Every cell whose value differs between two versions of a report's data. */
export function changedCells(
  before: Record<string, FormData>,
  after: Record<string, FormData>,
): CellDiff[] {
  const changed: CellDiff[] = [];
  for (const form of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const keys = new Set<string>();
    for (const [r, cols] of Object.entries(before[form] ?? {}))
      for (const c of Object.keys(cols)) keys.add(`${r}\u0000${c}`);
    for (const [r, cols] of Object.entries(after[form] ?? {}))
      for (const c of Object.keys(cols)) keys.add(`${r}\u0000${c}`);
    for (const k of keys) {
      const [r, c] = k.split('\u0000');
      const b = before[form]?.[r]?.[c] ?? null;
      const a = after[form]?.[r]?.[c] ?? null;
      if (b !== a) changed.push({ form, row: r, column: c, before: b, after: a });
    }
  }
  return changed;
}

/** The completeness paragraph written into a consolidated report's narrative. */
export function completenessText(
  counts: { sources: number; lower: number; late: number },
  missingNames: string[],
): string {
  const { sources, lower, late } = counts;
  return (
    `Báo cáo này tổng hợp số liệu từ báo cáo của ${sources}/${lower} đơn vị cấp dưới` +
    (sources ? ` (${sources - late} đơn vị gửi đúng hạn, ${late} đơn vị gửi muộn)` : '') +
    (missingNames.length
      ? `; ${missingNames.length} đơn vị chưa gửi báo cáo: ${missingNames.join(', ')}.`
      : '; tất cả các đơn vị đã gửi báo cáo.') +
    ' Số liệu chi tiết tại các phụ lục kèm theo.'
  );
}

/** The narrative with its completeness paragraph: put under the first heading when created, replaced on a refresh. */
export function withCompleteness(
  narrative: string,
  completeness: string,
  previous: string | undefined,
  created: boolean,
): string {
  if (created) return narrative.replace(/^(I\. [^\n]*\n)/, `$1\n${completeness}\n`);
  if (previous && narrative.includes(previous)) return narrative.replace(previous, completeness);
  return narrative;
}

/** The history line of a consolidation: created, or how many cells changed and which reports came or went. */
export function refreshSummary(
  created: boolean,
  counts: { sources: number; lower: number; changed: number },
  addedNames: string[],
  removedNames: string[],
): string {
  if (created) return `Lập báo cáo tổng hợp từ ${counts.sources}/${counts.lower} đơn vị cấp dưới.`;
  return (
    `Tổng hợp lại: ${counts.changed} ô số liệu thay đổi` +
    (addedNames.length ? `; thêm báo cáo của ${addedNames.join(', ')}` : '') +
    (removedNames.length ? `; bỏ báo cáo của ${removedNames.join(', ')}` : '') +
    '.'
  );
}
