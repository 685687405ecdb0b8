import { FieldError, isReservedKey, textProblem } from '@app/common';
import {
  CellRef,
  FormDefinition,
  RULE_TYPES,
  ROW_KINDS,
  RatioSpec,
  VALUE_TYPES,
} from './form-definition';
import {
  checkFixedTexts,
  checkPresentation,
  checkSums,
  checkUnknownFields,
} from './definition-field-checks';

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
