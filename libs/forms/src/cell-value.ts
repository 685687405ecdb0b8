import { normalizeText, textProblem } from '@app/common';
import { CellValue, ValueType } from './form-definition';

export type ParseResult = { ok: true; value: CellValue } | { ok: false; message: string };

const MAX_NUMBER = 1e13;
const MAX_TEXT = 4000;

/**
 * Reads a number written the Vietnamese way ("332.600", "25,6", "1.080") or plainly ("25.6", 1080).
 * A dot followed by groups of exactly three digits is a thousands separator; a comma is the decimal mark.
 */
export function parseVietnameseNumber(raw: string): number | null {
  const s = raw.replace(/[\s\u00a0]/g, '');
  if (s === '') return null;
  let normalised: string;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) normalised = s.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d+(,\d+)?$/.test(s)) normalised = s.replace(',', '.');
  else if (/^-?\d+(\.\d+)?$/.test(s)) normalised = s;
  else if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s))
    normalised = s.replace(/,/g, ''); // 1,080.5 (English)
  else return null;
  const n = Number(normalised);
  return Number.isFinite(n) ? n : null;
}

const YES = ['có', 'co', 'x', 'true', '1', 'yes'];
const NO = ['không', 'khong', 'false', '0', 'no'];

/** Checks and converts one typed-in value for a cell of the given type; messages in Vietnamese. */
export function parseCellValue(type: ValueType, raw: unknown): ParseResult {
  if (type === 'text') {
    if (typeof raw === 'number' || typeof raw === 'boolean') raw = String(raw);
    if (typeof raw !== 'string') return { ok: false, message: 'Phải là văn bản.' };
    if (raw.length > MAX_TEXT)
      return { ok: false, message: `Văn bản quá dài (tối đa ${MAX_TEXT} ký tự).` };
    // Typed in the editor or in a workbook: no control, bidi or zero-width characters; NFC.
    const problem = textProblem(raw, { multiline: true });
    if (problem) return { ok: false, message: problem };
    return { ok: true, value: normalizeText(raw) };
  }
  if (type === 'boolean') {
    if (typeof raw === 'boolean') return { ok: true, value: raw };
    const s =
      typeof raw === 'number'
        ? String(raw)
        : typeof raw === 'string'
          ? raw.trim().toLowerCase().normalize('NFC')
          : undefined;
    if (s !== undefined && YES.includes(s)) return { ok: true, value: true };
    if (s !== undefined && NO.includes(s)) return { ok: true, value: false };
    return { ok: false, message: 'Chỉ nhận "Có" hoặc "Không".' };
  }
  let n: number | null;
  if (typeof raw === 'number') n = Number.isFinite(raw) ? raw : null;
  else if (typeof raw === 'string') n = parseVietnameseNumber(raw);
  else n = null;
  if (n === null)
    return { ok: false, message: 'Không phải là số (ví dụ hợp lệ: 1.080 hoặc 25,6).' };
  if (n < 0) return { ok: false, message: 'Không được là số âm.' };
  if (n > MAX_NUMBER) return { ok: false, message: 'Số quá lớn.' };
  if (type === 'integer') {
    if (!Number.isInteger(n)) return { ok: false, message: 'Phải là số nguyên (đơn vị đếm).' };
    return { ok: true, value: n };
  }
  if (type === 'percent' && n > 100) return { ok: false, message: 'Tỷ lệ phải từ 0 đến 100%.' };
  // Money (million VND) and ratios keep at most 4 decimal places.
  return { ok: true, value: Math.round(n * 1e4) / 1e4 };
}
