import { z } from 'zod';

/**
 * Characters no text of this product needs (Vietnamese included) and that only ever serve to break
 * something: NUL and the other C0/C1 controls (PostgreSQL refuses NUL outright), DEL, the bidi
 * overrides, embeddings, isolates and marks that make printed text read differently from what was
 * stored, and the zero-width characters and BOM that make two equal-looking strings differ.
 * Tab, line feed and carriage return are decided per field (multi-line text or not).
 */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;

const hex = (ch: string) =>
  'U+' + (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');

function kindOf(ch: string): string {
  const c = ch.codePointAt(0) ?? 0;
  if (c >= 0xd800 && c <= 0xdfff) return 'ký tự Unicode không hoàn chỉnh';
  if (c <= 0x9f) return 'ký tự điều khiển';
  if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x061c)
    return 'ký tự đảo chiều văn bản';
  if (c === 0x200e || c === 0x200f) return 'ký tự đảo chiều văn bản';
  return 'ký tự vô hình';
}

export interface TextRules {
  /** Tab and line breaks are allowed (a narrative, a comment, a text cell); single-line otherwise. */
  multiline?: boolean;
}

/** Why a text cannot be accepted (Vietnamese, naming the character), or undefined when it can. */
export function textProblem(s: string, rules: TextRules = {}): string | undefined {
  const bad = FORBIDDEN.exec(s);
  if (bad)
    return `Có ${kindOf(bad[0])} (${hex(bad[0])}) không được phép; hãy xóa rồi gõ lại đoạn văn bản này.`;
  if (!rules.multiline && LINE_BREAK.test(s))
    return 'Trường này chỉ nhận một dòng (không có dấu tab hay xuống dòng).';
  return undefined;
}

/** Text as the server keeps it: Unicode NFC, so "ế" typed as one or as three code points is the same text. */
export const normalizeText = (s: string): string => s.normalize('NFC');

/**
 * A text field of a zod DTO: NFC, without forbidden characters (single-line unless `multiline`),
 * trimmed, `min`–`max` characters. The global input guard refuses forbidden characters in every
 * request already; this type also says which fields are single-line and serves callers that are
 * not HTTP.
 */
export function textField(opts: {
  min?: number;
  max: number;
  multiline?: boolean;
  trim?: boolean;
}) {
  let s = z.string();
  if (opts.trim !== false) s = s.trim();
  s = s.overwrite(normalizeText);
  if (opts.min !== undefined) s = s.min(opts.min);
  return s.max(opts.max).superRefine((v, ctx) => {
    const problem = textProblem(v, { multiline: opts.multiline });
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}
