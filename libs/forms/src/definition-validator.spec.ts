import { validateDefinition } from './definition-validator';
import { FormDefinition, keepPresentation } from './form-definition';

const def = (over: Record<string, unknown> = {}) => ({
  code: 'KT/TE',
  title: 'Biểu thử',
  columns: [{ key: 'c1', label: 'Cột' }],
  rows: [{ key: 'r1', label: 'Dòng' }],
  ...over,
});

describe(validateDefinition.name, () => {
  it('accepts a plain definition', () => {
    expect(validateDefinition(def())).toEqual([]);
  });

  it.each(['__proto__', 'constructor', 'prototype', 'toString', '__defineGetter__'])(
    'refuses %s as a row key, a column key and a form code',
    (key) => {
      const fields = [
        ...validateDefinition(def({ rows: [{ key, label: 'Dòng' }] })),
        ...validateDefinition(def({ columns: [{ key, label: 'Cột' }] })),
        ...validateDefinition(def({ code: key })),
      ].map((e) => e.field);
      // "__proto__" is no valid form code anyway (it must start with a letter or digit).
      expect(fields).toEqual(['rows[0].key', 'columns[0].key', 'code']);
    },
  );

  it('refuses control, bidi and zero-width characters in what is printed', () => {
    const errors = validateDefinition(
      def({
        title: 'Biểu\u0000',
        columns: [{ key: 'c1', label: 'Cột\u202E', unit: 'Người\u200B' }],
        rows: [{ key: 'r1', label: 'Dòng\u0007hai', no: '1\uFEFF' }],
        reportingNote: 'Kỳ báo cáo\nhai dòng',
      }),
    );
    expect(errors.map((e) => e.field)).toEqual([
      'title',
      'columns[0].label',
      'columns[0].unit',
      'rows[0].label',
      'rows[0].no',
    ]);
  });
});

describe('the presentation fields and unknown fields (issue 18)', () => {
  const base = {
    code: 'X/TE',
    title: 'Biểu thử',
    columns: [{ key: 'c1', label: 'Năm 2019', group: ['Kết quả', 'Năm'], width: 1.5, decimals: 2 }],
    rows: [
      { key: 'r1', no: '1', label: 'Dòng *nghiêng*\nxuống dòng', minDigits: 2, decimals: 1 },
      { key: 'r2', label: '', kind: 'heading', style: { bold: true, italic: false } },
    ],
    labelWidth: 3,
    headers: { no: 'STT', label: 'Nội dung', unit: 'Đơn vị tính' },
    numberingRow: ['A', 'B', '1'],
    annex: {
      heading: 'number',
      title: 'Tiêu đề',
      formCodeLine: false,
      subtitle: { text: 'Đơn vị báo cáo', align: 'left' },
      notes: ['Nguồn: …'],
    },
  };

  it('accepts them', () => expect(validateDefinition(base)).toEqual([]));

  it('names every field the format does not know, wherever it is', () => {
    const fields = validateDefinition({
      ...base,
      footnotes: [],
      columns: [{ ...base.columns[0], colspan: 2 }],
      rows: [{ ...base.rows[0], style: { underline: true } }, base.rows[1]],
      annex: { ...base.annex, subtitle: { text: 'x', align: 'left', size: 3 } },
      rules: [{ type: 'lte', left: 'r1', right: 'r1', tolerance: 1 }],
    }).map((e) => e.field);
    expect(fields.sort()).toEqual([
      'annex.subtitle.size',
      'columns[0].colspan',
      'footnotes',
      'rows[0].style.underline',
      'rules[0].tolerance',
    ]);
  });

  it('checks their values', () => {
    const fields = validateDefinition({
      ...base,
      numberingRow: ['A'],
      columns: [{ ...base.columns[0], width: -1, decimals: 9, group: [] }],
      annex: { heading: 'greek', subtitle: { text: 'x', align: 'top' } },
    }).map((e) => e.field);
    expect(fields.sort()).toEqual([
      'annex.heading',
      'annex.subtitle.align',
      'columns[0].decimals',
      'columns[0].group',
      'columns[0].width',
      'numberingRow',
    ]);
  });
});

describe(keepPresentation.name, () => {
  it('carries what the designer does not show over to the next version, by key', () => {
    const previous = {
      code: 'X/TE',
      title: 'X',
      columns: [{ key: 'a', label: 'A', group: ['G'], width: 2 }],
      rows: [{ key: 'r', label: 'R', style: { bold: true }, minDigits: 2 }],
      rules: [],
      numberingRow: ['1', '2', '3'],
      annex: { heading: 'number' as const },
    };
    const next: Omit<FormDefinition, 'version'> = {
      code: 'X/TE',
      title: 'X',
      columns: [
        { key: 'a', label: 'A mới' },
        { key: 'b', label: 'B' },
      ],
      rows: [{ key: 'r', label: 'R' }],
      rules: [],
    };
    const kept = keepPresentation(next, previous);
    expect(kept.columns).toEqual([
      { key: 'a', label: 'A mới', group: ['G'], width: 2 },
      { key: 'b', label: 'B' },
    ]);
    expect(kept.rows).toEqual([{ key: 'r', label: 'R', style: { bold: true }, minDigits: 2 }]);
    expect(kept.annex).toEqual({ heading: 'number' });
    // A column more: the old numbering row no longer fits and is dropped.
    expect(kept.numberingRow).toBeUndefined();
    expect(validateDefinition(kept)).toEqual([]);
  });
});
