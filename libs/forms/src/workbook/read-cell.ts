import { Cell } from 'exceljs';

/** What an imported cell holds, as a person sees it. */
export type ReadCell =
  | { kind: 'empty' }
  /** A formula without a cached result (never calculated). */
  | { kind: 'pending'; formula: true }
  | { kind: 'error'; formula: boolean; message: string }
  | { kind: 'value'; formula: boolean; value: number | string | boolean | Date };

export const EMPTY: ReadCell = { kind: 'empty' };

/** A cell's content as a person sees it: formula → cached result, rich text → its text. */
export function readCell(cell: Cell | undefined): ReadCell {
  if (!cell) return EMPTY;
  if (cell.isMerged && cell.master.address !== cell.address) return EMPTY; // the master holds the value
  let v: unknown = cell.value;
  let formula = false;
  if (
    v !== null &&
    typeof v === 'object' &&
    !(v instanceof Date) &&
    ('formula' in v || 'sharedFormula' in v)
  ) {
    formula = true;
    v = (v as { result?: unknown }).result;
    if (v === undefined || v === null) return { kind: 'pending', formula: true };
  }
  if (v === null || v === undefined) return EMPTY;
  if (typeof v === 'number')
    return Number.isFinite(v) ? { kind: 'value', formula, value: v } : EMPTY;
  if (typeof v === 'boolean' || v instanceof Date) return { kind: 'value', formula, value: v };
  let text: string | undefined;
  if (typeof v === 'string') text = v;
  else if (typeof v === 'object') {
    const o = v as { richText?: { text?: string }[]; text?: unknown; error?: string };
    const rich = (x: unknown) => (x as { richText?: { text?: string }[] } | null)?.richText;
    if (Array.isArray(o.richText)) text = o.richText.map((t) => t.text ?? '').join('');
    else if (typeof o.error === 'string')
      return { kind: 'error', formula, message: `Ô có lỗi công thức (${o.error}).` };
    else if (typeof o.text === 'string')
      text = o.text; // hyperlink
    else if (Array.isArray(rich(o.text)))
      text = rich(o.text)!
        .map((t) => t.text ?? '')
        .join(''); // hyperlink with rich text
  }
  if (text === undefined) return EMPTY;
  text = text.normalize('NFC').trim();
  return text === '' ? EMPTY : { kind: 'value', formula, value: text };
}

export function cellText(cell: Cell | undefined): string {
  const c = readCell(cell);
  if (c.kind !== 'value') return '';
  return c.value instanceof Date ? c.value.toISOString() : String(c.value).trim();
}
