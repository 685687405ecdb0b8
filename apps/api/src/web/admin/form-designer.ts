import {
  CellRef,
  FormColumn,
  FormDefinition,
  FormRow,
  FormRule,
  RatioSpec,
  Severity,
} from '@app/forms';
import { formField, formFields } from '../web-body';

/**
 * The form designer's page form ↔ a form definition. Rows, columns and rules are tables of inputs
 * posted as parallel lists (r_key, r_label, …), in the order shown. Ratios are written
 * "numerator / denominator", each side a row key, "row:column" or ":column"; a rule is its type and
 * two operands (A, B: keys, lists separated by commas), bounds, severity and message.
 */
export interface DesignerRow {
  key: string;
  no: string;
  label: string;
  unit: string;
  type: string;
  kind: string;
  ratio: string;
  consolidate: string;
  extra: boolean;
}

export interface DesignerColumn {
  key: string;
  no: string;
  label: string;
  unit: string;
  type: string;
  ratio: string;
}

export interface DesignerRule {
  type: string;
  a: string;
  b: string;
  min: string;
  max: string;
  severity: string;
  message: string;
}

export interface DesignerForm {
  code: string;
  title: string;
  reportingNote: string;
  rows: DesignerRow[];
  columns: DesignerColumn[];
  rules: DesignerRule[];
}

const refText = (r: string | CellRef) =>
  typeof r === 'string' ? r : `${r.row ?? ''}:${r.column ?? ''}`;
export const ratioText = (r: RatioSpec | undefined) =>
  r ? `${refText(r.numerator)} / ${refText(r.denominator)}` : '';

function parseRef(text: string): string | CellRef {
  const t = text.trim();
  const i = t.indexOf(':');
  if (i < 0) return t;
  const row = t.slice(0, i).trim();
  const column = t.slice(i + 1).trim();
  return { ...(row ? { row } : {}), ...(column ? { column } : {}) };
}

/** "A / B" → a ratio, "" → none; anything else stays as typed for the validator to refuse. */
export function parseRatio(text: string): RatioSpec | undefined | string {
  const t = text.trim();
  if (!t) return undefined;
  const parts = t.split('/');
  if (parts.length !== 2 || !parts[0].trim() || !parts[1].trim()) return t;
  return { numerator: parseRef(parts[0]), denominator: parseRef(parts[1]) };
}

const list = (s: string) =>
  s
    .split(/[,;]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** The definition as the designer's tables show it. */
export function toDesigner(def: FormDefinition): DesignerForm {
  return {
    code: def.code,
    title: def.title,
    reportingNote: def.reportingNote ?? '',
    rows: def.rows.map((r) => ({
      key: r.key,
      no: r.no ?? '',
      label: r.label,
      unit: r.unit ?? '',
      type: r.type ?? '',
      kind: r.kind ?? '',
      ratio: ratioText(r.ratio),
      consolidate: r.consolidate ?? '',
      extra: !!r.extra,
    })),
    columns: def.columns.map((c) => ({
      key: c.key,
      no: c.no ?? '',
      label: c.label,
      unit: c.unit ?? '',
      type: c.type ?? '',
      ratio: ratioText(c.ratio),
    })),
    rules: def.rules.map((r) => {
      const base = { min: '', max: '', severity: r.severity ?? 'error', message: r.message ?? '' };
      switch (r.type) {
        case 'lte':
        case 'lteColumn':
          return { ...base, type: r.type, a: r.left, b: r.right };
        case 'sum':
          return { ...base, type: r.type, a: r.total, b: r.parts.join(', ') };
        case 'required':
          return { ...base, type: r.type, a: r.rows.join(', '), b: (r.columns ?? []).join(', ') };
        case 'range':
          return {
            ...base,
            type: r.type,
            a: r.rows.join(', '),
            b: (r.columns ?? []).join(', '),
            min: r.min?.toString() ?? '',
            max: r.max?.toString() ?? '',
          };
      }
    }),
  };
}

/** The posted page form, as the designer shows it again (nothing lost when it is refused). */
export function readDesigner(body: Record<string, unknown>): DesignerForm {
  const col = (name: string) => formFields(body[name]);
  const table = <T>(names: string[], make: (get: (name: string) => string) => T): T[] => {
    const lists = Object.fromEntries(names.map((n) => [n, col(n)]));
    const n = Math.max(0, ...Object.values(lists).map((l) => l.length));
    return Array.from({ length: Math.min(n, 2000) }, (_, i) =>
      make((name) => (lists[name][i] ?? '').trim()),
    );
  };
  return {
    code: formField(body.code).trim(),
    title: formField(body.title).trim(),
    reportingNote: formField(body.reportingNote).replace(/\r\n?/g, '\n').trim(),
    rows: table(
      [
        'r_key',
        'r_no',
        'r_label',
        'r_unit',
        'r_type',
        'r_kind',
        'r_ratio',
        'r_consolidate',
        'r_extra',
      ],
      (g) => ({
        key: g('r_key'),
        no: g('r_no'),
        label: g('r_label'),
        unit: g('r_unit'),
        type: g('r_type'),
        kind: g('r_kind'),
        ratio: g('r_ratio'),
        consolidate: g('r_consolidate'),
        extra: g('r_extra') === '1',
      }),
    ).filter((r) => r.key || r.label),
    columns: table(['c_key', 'c_no', 'c_label', 'c_unit', 'c_type', 'c_ratio'], (g) => ({
      key: g('c_key'),
      no: g('c_no'),
      label: g('c_label'),
      unit: g('c_unit'),
      type: g('c_type'),
      ratio: g('c_ratio'),
    })).filter((c) => c.key || c.label),
    rules: table(['u_type', 'u_a', 'u_b', 'u_min', 'u_max', 'u_severity', 'u_message'], (g) => ({
      type: g('u_type'),
      a: g('u_a'),
      b: g('u_b'),
      min: g('u_min'),
      max: g('u_max'),
      severity: g('u_severity') || 'error',
      message: g('u_message'),
    })).filter((r) => r.a || r.b),
  };
}

const optional = <T>(v: T | '' | undefined): T | undefined => (v === '' ? undefined : v);
const num = (s: string) => (s.trim() === '' ? undefined : Number(s.replace(',', '.')));

/** The definition the designer describes (checked afterwards by the forms' validator, like any other). */
export function fromDesigner(d: DesignerForm): Omit<FormDefinition, 'version'> {
  const rows: FormRow[] = d.rows.map((r) => {
    const ratio = parseRatio(r.ratio);
    return {
      key: r.key,
      ...(r.no ? { no: r.no } : {}),
      label: r.label,
      ...(r.unit ? { unit: r.unit } : {}),
      ...(optional(r.type) ? { type: r.type as FormRow['type'] } : {}),
      ...(optional(r.kind) ? { kind: r.kind as FormRow['kind'] } : {}),
      ...(ratio !== undefined ? { ratio: ratio as RatioSpec } : {}),
      ...(optional(r.consolidate) ? { consolidate: r.consolidate as FormRow['consolidate'] } : {}),
      ...(r.extra ? { extra: true } : {}),
    };
  });
  const columns: FormColumn[] = d.columns.map((c) => {
    const ratio = parseRatio(c.ratio);
    return {
      key: c.key,
      label: c.label,
      ...(c.no ? { no: c.no } : {}),
      ...(c.unit ? { unit: c.unit } : {}),
      ...(optional(c.type) ? { type: c.type as FormColumn['type'] } : {}),
      ...(ratio !== undefined ? { ratio: ratio as RatioSpec } : {}),
    };
  });
  const rules = d.rules.map((r): FormRule => {
    const common = {
      severity: r.severity as Severity,
      ...(r.message ? { message: r.message } : {}),
    };
    switch (r.type) {
      case 'sum':
        return { type: 'sum', total: r.a, parts: list(r.b), ...common };
      case 'required':
        return {
          type: 'required',
          rows: list(r.a),
          ...(r.b ? { columns: list(r.b) } : {}),
          ...common,
        };
      case 'range': {
        const min = num(r.min);
        const max = num(r.max);
        return {
          type: 'range',
          rows: list(r.a),
          ...(r.b ? { columns: list(r.b) } : {}),
          ...(min !== undefined ? { min } : {}),
          ...(max !== undefined ? { max } : {}),
          ...common,
        };
      }
      default:
        return { type: r.type as 'lte', left: r.a, right: r.b, ...common };
    }
  });
  return {
    code: d.code,
    title: d.title,
    ...(d.reportingNote ? { reportingNote: d.reportingNote } : {}),
    columns,
    rows,
    rules,
  };
}
