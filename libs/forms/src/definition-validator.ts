import { FieldError, isReservedKey, textProblem } from '@app/common';
import {
  CellRef,
  FormDefinition,
  RULE_TYPES,
  ROW_KINDS,
  ANNEX_HEADINGS,
  RatioSpec,
  VALUE_TYPES,
} from './form-definition';

const KEY = /^[A-Za-z0-9._-]{1,64}$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9/._-]{0,31}$/;
const reserved = (key: string) =>
  `"${key}" là tên dành riêng của hệ thống, không dùng làm khóa; hãy đặt tên khác.`;

/** Texts of a definition that are printed: no control, bidi or zero-width characters. */
function checkTexts(def: Partial<FormDefinition>, err: (field: string, message: string) => void) {
  const check = (field: string, v: unknown, multiline = false) => {
    const problem = typeof v === 'string' ? textProblem(v, { multiline }) : undefined;
    if (problem) err(field, problem);
  };
  check('title', def.title);
  check('reportingNote', def.reportingNote, true);
  const parts = [
    ['columns', def.columns],
    ['rows', def.rows],
  ] as const;
  for (const [name, list] of parts)
    (list as unknown[] | undefined)?.forEach((item, i) => {
      const o = (item ?? {}) as Record<string, unknown>;
      // A label may break its line where the paper form does.
      for (const k of ['label', 'no', 'unit']) check(`${name}[${i}].${k}`, o[k], k === 'label');
    });
  def.rules?.forEach((r, i) =>
    check(`rules[${i}].message`, (r as { message?: unknown })?.message, true),
  );
}

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
function checkUnknownFields(def: Record<string, unknown>, err: (f: string, m: string) => void) {
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
function checkPresentation(def: Record<string, unknown>, err: (f: string, m: string) => void) {
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
function checkSums(
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
function checkFixedTexts(def: FormDefinition, err: (field: string, message: string) => void) {
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

/**
 * Checks a definition before it is stored: shape, fields the format does not know (each named),
 * duplicate keys, unknown types, rules and ratios pointing at rows or columns that do not exist,
 * the presentation fields. Returns every problem found (Vietnamese).
 */
export function validateDefinition(input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });
  if (!input || typeof input !== 'object' || Array.isArray(input))
    return [{ field: '', message: 'Định nghĩa biểu mẫu phải là một đối tượng JSON.' }];
  const def = input as Partial<FormDefinition> & Record<string, unknown>;

  if (typeof def.code !== 'string' || !CODE.test(def.code))
    err('code', 'Mã biểu mẫu không hợp lệ (ví dụ: 01/TE).');
  else if (isReservedKey(def.code)) err('code', reserved(def.code));
  if (typeof def.title !== 'string' || def.title.trim() === '' || def.title.length > 500)
    err('title', 'Thiếu tên biểu mẫu.');
  if (def.reportingNote !== undefined && typeof def.reportingNote !== 'string')
    err('reportingNote', 'Phải là văn bản.');
  if (!Array.isArray(def.columns) || def.columns.length === 0)
    err('columns', 'Biểu mẫu cần ít nhất một cột số liệu.');
  if (!Array.isArray(def.rows) || def.rows.length === 0)
    err('rows', 'Biểu mẫu cần ít nhất một dòng.');
  if (def.rules !== undefined && !Array.isArray(def.rules)) err('rules', 'Phải là danh sách.');
  if (errors.length) return errors;
  checkUnknownFields(def, err);
  checkTexts(def, err);
  checkPresentation(def, err);
  if (def.columns!.length > 50) err('columns', 'Tối đa 50 cột.');
  if (def.rows!.length > 2000) err('rows', 'Tối đa 2.000 dòng.');

  const columnKeys = new Set<string>();
  def.columns!.forEach((c, i) => {
    const f = `columns[${i}]`;
    if (!c || typeof c !== 'object') return err(f, 'Cột không hợp lệ.');
    if (typeof c.key !== 'string' || !KEY.test(c.key))
      err(`${f}.key`, 'Khóa cột không hợp lệ (chỉ chữ, số, dấu . _ -).');
    else if (isReservedKey(c.key)) err(`${f}.key`, reserved(c.key));
    else if (columnKeys.has(c.key)) err(`${f}.key`, `Khóa cột "${c.key}" bị trùng.`);
    else columnKeys.add(c.key);
    if (typeof c.label !== 'string' || c.label.trim() === '') err(`${f}.label`, 'Thiếu tên cột.');
    if (c.type !== undefined && !VALUE_TYPES.includes(c.type))
      err(`${f}.type`, `Kiểu dữ liệu "${String(c.type)}" không được hỗ trợ.`);
  });

  const rowKeys = new Set<string>();
  const valueRows = new Set<string>();
  def.rows!.forEach((r, i) => {
    const f = `rows[${i}]`;
    if (!r || typeof r !== 'object') return err(f, 'Dòng không hợp lệ.');
    if (typeof r.key !== 'string' || !KEY.test(r.key))
      err(`${f}.key`, 'Khóa dòng không hợp lệ (chỉ chữ, số, dấu . _ -).');
    else if (isReservedKey(r.key)) err(`${f}.key`, reserved(r.key));
    else if (rowKeys.has(r.key)) err(`${f}.key`, `Khóa dòng "${r.key}" bị trùng.`);
    else rowKeys.add(r.key);
    // A row may have no label (the paper form has such rows), but not a label that is not text.
    if (r.label !== undefined && typeof r.label !== 'string')
      err(`${f}.label`, 'Tên chỉ tiêu phải là văn bản.');
    if (r.type !== undefined && !VALUE_TYPES.includes(r.type))
      err(`${f}.type`, `Kiểu dữ liệu "${String(r.type)}" không được hỗ trợ.`);
    if (r.kind !== undefined && !ROW_KINDS.includes(r.kind))
      err(`${f}.kind`, `Loại dòng "${String(r.kind)}" không được hỗ trợ.`);
    if (r.consolidate !== undefined && !['sum', 'countTrue', 'none'].includes(r.consolidate))
      err(`${f}.consolidate`, 'Cách tổng hợp không được hỗ trợ.');
    if (r.consolidate === 'countTrue' && r.type !== 'boolean')
      err(`${f}.consolidate`, 'Chỉ dòng Có/không mới tổng hợp bằng cách đếm "Có".');
    if (typeof r.key === 'string' && r.kind === undefined) valueRows.add(r.key);
  });

  const checkRef = (f: string, ref: string | CellRef, what: string) => {
    if (typeof ref === 'string') {
      if (!valueRows.has(ref))
        err(f, `${what} trỏ tới dòng "${ref}" không có trong biểu mẫu (hoặc không chứa số liệu).`);
      return;
    }
    if (!ref || typeof ref !== 'object') return err(f, `${what} không hợp lệ.`);
    if (ref.row !== undefined && !valueRows.has(ref.row))
      err(f, `${what} trỏ tới dòng "${ref.row}" không có trong biểu mẫu.`);
    if (ref.column !== undefined && !columnKeys.has(ref.column))
      err(f, `${what} trỏ tới cột "${ref.column}" không có trong biểu mẫu.`);
  };
  const checkRatio = (f: string, ratio: RatioSpec) => {
    if (!ratio || typeof ratio !== 'object') return err(f, 'Công thức tỷ lệ không hợp lệ.');
    checkRef(`${f}.numerator`, ratio.numerator, 'Tử số');
    checkRef(`${f}.denominator`, ratio.denominator, 'Mẫu số');
  };
  def.rows!.forEach((r, i) => r?.ratio !== undefined && checkRatio(`rows[${i}].ratio`, r.ratio));
  def.columns!.forEach(
    (c, i) => c?.ratio !== undefined && checkRatio(`columns[${i}].ratio`, c.ratio),
  );
  checkSums(def as FormDefinition, valueRows, err);
  checkFixedTexts(def as FormDefinition, err);

  (def.rules ?? []).forEach((rule, i) => {
    const f = `rules[${i}]`;
    if (!rule || typeof rule !== 'object' || !RULE_TYPES.includes(rule.type)) {
      return err(
        `${f}.type`,
        `Loại quy tắc "${String((rule as { type?: unknown })?.type)}" không được hỗ trợ.`,
      );
    }
    if (rule.severity !== undefined && !['error', 'warning'].includes(rule.severity))
      err(`${f}.severity`, 'Mức độ phải là error hoặc warning.');
    const row = (field: string, key: unknown) => {
      if (typeof key !== 'string' || !valueRows.has(key))
        err(`${f}.${field}`, `Quy tắc trỏ tới dòng "${String(key)}" không có trong biểu mẫu.`);
    };
    const col = (field: string, key: unknown) => {
      if (typeof key !== 'string' || !columnKeys.has(key))
        err(`${f}.${field}`, `Quy tắc trỏ tới cột "${String(key)}" không có trong biểu mẫu.`);
    };
    switch (rule.type) {
      case 'lte':
        row('left', rule.left);
        row('right', rule.right);
        break;
      case 'sum':
        row('total', rule.total);
        if (!Array.isArray(rule.parts) || rule.parts.length === 0)
          err(`${f}.parts`, 'Quy tắc tổng cần danh sách thành phần.');
        else rule.parts.forEach((p, j) => row(`parts[${j}]`, p));
        break;
      case 'lteColumn':
        col('left', rule.left);
        col('right', rule.right);
        break;
      case 'required':
      case 'range':
        if (!Array.isArray(rule.rows) || rule.rows.length === 0)
          err(`${f}.rows`, 'Cần danh sách dòng.');
        else rule.rows.forEach((r, j) => row(`rows[${j}]`, r));
        (rule.columns ?? []).forEach((c, j) => col(`columns[${j}]`, c));
        if (rule.type === 'range' && rule.min === undefined && rule.max === undefined)
          err(f, 'Quy tắc khoảng cần min hoặc max.');
        break;
    }
  });
  return errors;
}
