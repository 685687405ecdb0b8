// The parts of a form definition's check beyond its shape: fields the format does not know, the
// presentation fields (issue 18), computed totals and fixed text columns. Used by validateDefinition.
import { textProblem } from '@app/common';
import { ANNEX_HEADINGS, FormDefinition } from './form-definition';

/** The fields a definition may hold, per part: any other is refused by name, never stored or dropped. */
const FIELDS = {
  definition: [
    'code',
    'version',
    'title',
    'reportingNote',
    'columns',
    'rows',
    'rules',
    'labelWidth',
    'headers',
    'numberingRow',
    'annex',
  ],
  column: [
    'key',
    'label',
    'no',
    'unit',
    'type',
    'ratio',
    'group',
    'width',
    'decimals',
    'sum',
    'fixed',
  ],
  row: [
    'key',
    'no',
    'label',
    'unit',
    'type',
    'kind',
    'ratio',
    'consolidate',
    'extra',
    'decimals',
    'minDigits',
    'style',
    'sum',
    'text',
  ],
  ratio: ['numerator', 'denominator'],
  ref: ['row', 'column'],
  style: ['italic', 'bold'],
  headers: ['no', 'label', 'unit'],
  annex: ['heading', 'title', 'formCodeLine', 'subtitle', 'notes'],
  subtitle: ['text', 'align'],
  rule: {
    lte: ['type', 'left', 'right', 'severity', 'message'],
    sum: ['type', 'total', 'parts', 'severity', 'message'],
    lteColumn: ['type', 'left', 'right', 'severity', 'message'],
    required: ['type', 'rows', 'columns', 'severity', 'message'],
    range: ['type', 'rows', 'columns', 'min', 'max', 'severity', 'message'],
  },
} as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One error per field of `o` that `allowed` does not list, named by its path. */
function unknownFields(
  o: unknown,
  allowed: readonly string[],
  at: string,
  err: (field: string, message: string) => void,
) {
  if (!isObject(o)) return;
  for (const k of Object.keys(o))
    if (!allowed.includes(k))
      err(
        at ? `${at}.${k}` : k,
        `Trường "${k}" không có trong định dạng biểu mẫu (không được lưu).`,
      );
}

/** Every field the format does not know, in every part of the definition. */
export function checkUnknownFields(
  def: Record<string, unknown>,
  err: (f: string, m: string) => void,
) {
  unknownFields(def, FIELDS.definition, '', err);
  const refs = (v: unknown, at: string) => {
    if (!isObject(v)) return;
    unknownFields(v, FIELDS.ratio, at, err);
    for (const part of ['numerator', 'denominator'])
      if (isObject(v[part])) unknownFields(v[part], FIELDS.ref, `${at}.${part}`, err);
  };
  (Array.isArray(def.columns) ? def.columns : []).forEach((c, i) => {
    unknownFields(c, FIELDS.column, `columns[${i}]`, err);
    if (isObject(c)) refs(c.ratio, `columns[${i}].ratio`);
  });
  (Array.isArray(def.rows) ? def.rows : []).forEach((r, i) => {
    unknownFields(r, FIELDS.row, `rows[${i}]`, err);
    if (isObject(r)) {
      refs(r.ratio, `rows[${i}].ratio`);
      unknownFields(r.style, FIELDS.style, `rows[${i}].style`, err);
    }
  });
  (Array.isArray(def.rules) ? def.rules : []).forEach((r, i) => {
    if (isObject(r) && typeof r.type === 'string' && r.type in FIELDS.rule)
      unknownFields(r, FIELDS.rule[r.type as keyof typeof FIELDS.rule], `rules[${i}]`, err);
  });
  unknownFields(def.headers, FIELDS.headers, 'headers', err);
  unknownFields(def.annex, FIELDS.annex, 'annex', err);
  if (isObject(def.annex))
    unknownFields(def.annex.subtitle, FIELDS.subtitle, 'annex.subtitle', err);
}

/** The presentation fields (issue 18): groups, widths, decimals, digits, styles, headers, numbering row, annex. */
export function checkPresentation(
  def: Record<string, unknown>,
  err: (f: string, m: string) => void,
) {
  const text = (f: string, v: unknown, max = 500, multiline = true) => {
    if (typeof v !== 'string' || v.length > max)
      return err(f, `Phải là văn bản (tối đa ${max} ký tự).`);
    const problem = textProblem(v, { multiline });
    if (problem) err(f, problem);
  };
  const positive = (f: string, v: unknown) => {
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 100))
      err(f, 'Phải là số dương (độ rộng tương đối, tối đa 100).');
  };
  const whole = (f: string, v: unknown, min: number, max: number) => {
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < min || (v as number) > max))
      err(f, `Phải là số nguyên từ ${min} đến ${max}.`);
  };
  const flag = (f: string, v: unknown) => {
    if (v !== undefined && typeof v !== 'boolean') err(f, 'Phải là true hoặc false.');
  };
  positive('labelWidth', def.labelWidth);
  if (def.headers !== undefined) {
    if (!isObject(def.headers)) err('headers', 'Phải là đối tượng {no, label, unit}.');
    else
      for (const k of FIELDS.headers)
        if (def.headers[k] !== undefined) text(`headers.${k}`, def.headers[k], 120);
  }
  const columns = Array.isArray(def.columns) ? def.columns : [];
  const rows = Array.isArray(def.rows) ? def.rows : [];
  if (def.numberingRow !== undefined && def.numberingRow !== false) {
    if (!Array.isArray(def.numberingRow))
      err('numberingRow', 'Phải là false hoặc danh sách nhãn, mỗi cột in một nhãn.');
    else {
      const printed = 2 + (rows.some((r) => isObject(r) && r.unit) ? 1 : 0) + columns.length;
      if (def.numberingRow.length !== printed)
        err('numberingRow', `Cần đúng ${printed} nhãn (một nhãn cho mỗi cột được in).`);
      def.numberingRow.forEach((l, i) => text(`numberingRow[${i}]`, l, 40, false));
    }
  }
  columns.forEach((c, i) => {
    if (!isObject(c)) return;
    const f = `columns[${i}]`;
    if (c.group !== undefined) {
      if (!Array.isArray(c.group) || c.group.length === 0 || c.group.length > 5)
        err(`${f}.group`, 'Phải là danh sách 1–5 tên nhóm, từ ngoài vào trong.');
      else c.group.forEach((g, j) => text(`${f}.group[${j}]`, g, 200));
    }
    positive(`${f}.width`, c.width);
    whole(`${f}.decimals`, c.decimals, 0, 4);
  });
  rows.forEach((r, i) => {
    if (!isObject(r)) return;
    const f = `rows[${i}]`;
    whole(`${f}.decimals`, r.decimals, 0, 4);
    whole(`${f}.minDigits`, r.minDigits, 1, 6);
    if (r.style !== undefined) {
      if (!isObject(r.style)) err(`${f}.style`, 'Phải là đối tượng {italic, bold}.');
      else {
        flag(`${f}.style.italic`, r.style.italic);
        flag(`${f}.style.bold`, r.style.bold);
      }
    }
  });
  if (def.annex !== undefined) {
    const a = def.annex;
    if (!isObject(a)) return err('annex', 'Phải là đối tượng.');
    if (a.heading !== undefined && !ANNEX_HEADINGS.includes(a.heading as 'plain'))
      err('annex.heading', 'Kiểu tiêu đề phụ lục phải là plain, roman hoặc number.');
    if (a.title !== undefined) text('annex.title', a.title);
    flag('annex.formCodeLine', a.formCodeLine);
    if (a.subtitle !== undefined) {
      if (!isObject(a.subtitle)) err('annex.subtitle', 'Phải là đối tượng {text, align}.');
      else {
        text('annex.subtitle.text', a.subtitle.text);
        if (!['left', 'center', 'right'].includes(a.subtitle.align as string))
          err('annex.subtitle.align', 'Vị trí phải là left, center hoặc right.');
      }
    }
    if (a.notes !== undefined) {
      if (!Array.isArray(a.notes) || a.notes.length > 20)
        err('annex.notes', 'Phải là danh sách (tối đa 20 ghi chú).');
      else a.notes.forEach((n, j) => text(`annex.notes[${j}]`, n, 2000));
    }
  }
}

/**
 * Computed totals: a column's `sum` lists other columns, a row's `sum` other value rows; the parts
 * are typed-in numbers (not ratios, not totals themselves, not text), a total is not also a ratio.
 */
export function checkSums(
  def: FormDefinition,
  valueRows: Set<string>,
  err: (field: string, message: string) => void,
) {
  const cols = new Map(
    def.columns.filter((c) => c && typeof c === 'object').map((c) => [c.key, c]),
  );
  const rows = new Map(def.rows.filter((r) => r && typeof r === 'object').map((r) => [r.key, r]));
  const keys = (f: string, v: unknown): string[] | undefined => {
    if (
      !Array.isArray(v) ||
      v.length < 1 ||
      v.length > 200 ||
      v.some((k) => typeof k !== 'string')
    ) {
      err(f, 'Phải là danh sách khóa (1–200) của các thành phần được cộng.');
      return undefined;
    }
    return v as string[];
  };
  def.columns.forEach((c, i) => {
    if (!c || typeof c !== 'object' || c.sum === undefined) return;
    const f = `columns[${i}].sum`;
    if (c.ratio !== undefined) return err(f, 'Một cột không thể vừa là tỷ lệ vừa là tổng.');
    if (c.type === 'text' || c.type === 'boolean') return err(f, 'Cột tổng phải là cột số.');
    keys(f, c.sum)?.forEach((k, j) => {
      const part = cols.get(k);
      if (!part) err(`${f}[${j}]`, `Cột tổng trỏ tới cột "${k}" không có trong biểu mẫu.`);
      else if (k === c.key) err(`${f}[${j}]`, 'Cột tổng không cộng chính nó.');
      else if (part.ratio || part.sum || part.type === 'text' || part.type === 'boolean')
        err(`${f}[${j}]`, `Cột "${k}" không phải cột số nhập trực tiếp (tỷ lệ, tổng hoặc chữ).`);
    });
  });
  def.rows.forEach((r, i) => {
    if (!r || typeof r !== 'object' || r.sum === undefined) return;
    const f = `rows[${i}].sum`;
    if (r.kind !== undefined) return err(f, 'Dòng tiêu đề không có tổng.');
    if (r.ratio !== undefined) return err(f, 'Một dòng không thể vừa là tỷ lệ vừa là tổng.');
    if (r.type === 'text' || r.type === 'boolean') return err(f, 'Dòng tổng phải là dòng số.');
    keys(f, r.sum)?.forEach((k, j) => {
      const part = rows.get(k);
      if (!part || !valueRows.has(k))
        err(
          `${f}[${j}]`,
          `Dòng tổng trỏ tới dòng "${k}" không có trong biểu mẫu (hoặc không chứa số liệu).`,
        );
      else if (k === r.key) err(`${f}[${j}]`, 'Dòng tổng không cộng chính nó.');
      else if (part.ratio || part.sum || part.type === 'text' || part.type === 'boolean')
        err(`${f}[${j}]`, `Dòng "${k}" không phải dòng số nhập trực tiếp (tỷ lệ, tổng hoặc chữ).`);
    });
  });
}

/**
 * Fixed text columns: a `fixed: true` column is a text column whose cells are printed from the
 * rows' `text` (e.g. "Cơ quan/đơn vị báo cáo"), not typed; a row's `text` names only such columns.
 */
export function checkFixedTexts(
  def: FormDefinition,
  err: (field: string, message: string) => void,
) {
  const fixed = new Set<string>();
  def.columns.forEach((c, i) => {
    if (!c || typeof c !== 'object' || c.fixed === undefined) return;
    const f = `columns[${i}].fixed`;
    if (typeof c.fixed !== 'boolean') return err(f, 'Phải là true hoặc false.');
    if (c.fixed && c.type !== 'text')
      return err(f, 'Chỉ cột chữ (type "text") mới là cột chữ in sẵn.');
    if (c.fixed && (c.ratio || c.sum)) return err(f, 'Cột chữ in sẵn không có công thức.');
    if (c.fixed) fixed.add(c.key);
  });
  def.rows.forEach((r, i) => {
    if (!r || typeof r !== 'object' || r.text === undefined) return;
    const f = `rows[${i}].text`;
    if (!isObject(r.text)) return err(f, 'Phải là đối tượng {<khóa cột>: "chữ"}.');
    if (r.kind !== undefined) return err(f, 'Dòng tiêu đề không có ô chữ in sẵn.');
    for (const [k, v] of Object.entries(r.text)) {
      if (!fixed.has(k))
        err(`${f}.${k}`, `Cột "${k}" không phải cột chữ in sẵn (fixed: true) của biểu mẫu.`);
      else if (typeof v !== 'string' || v.length > 500)
        err(`${f}.${k}`, 'Phải là văn bản (tối đa 500 ký tự).');
      else {
        const problem = textProblem(v, { multiline: true });
        if (problem) err(`${f}.${k}`, problem);
      }
    }
  });
}
