import { validateDefinition } from './definition-validator';

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
        rows: [{ key: 'r1', label: 'Dòng\nhai', no: '1\uFEFF' }],
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
