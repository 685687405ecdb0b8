import { loadShippedDefinitions, validateDefinition } from '@app/forms';
import { DesignerForm, fromDesigner, parseRatio, readDesigner, toDesigner } from './form-designer';

/** What the browser posts for a designer page showing `d` (urlencoded, repeated names as lists). */
function posted(d: DesignerForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    code: d.code,
    title: d.title,
    reportingNote: d.reportingNote,
  };
  const put = (name: string, values: string[]) =>
    (body[name] = values.length === 1 ? values[0] : values);
  put(
    'r_key',
    d.rows.map((r) => r.key),
  );
  put(
    'r_no',
    d.rows.map((r) => r.no),
  );
  put(
    'r_label',
    d.rows.map((r) => r.label),
  );
  put(
    'r_unit',
    d.rows.map((r) => r.unit),
  );
  put(
    'r_type',
    d.rows.map((r) => r.type),
  );
  put(
    'r_kind',
    d.rows.map((r) => r.kind),
  );
  put(
    'r_ratio',
    d.rows.map((r) => r.ratio),
  );
  put(
    'r_consolidate',
    d.rows.map((r) => r.consolidate),
  );
  put(
    'r_extra',
    d.rows.map((r) => (r.extra ? '1' : '')),
  );
  put(
    'c_key',
    d.columns.map((c) => c.key),
  );
  put(
    'c_no',
    d.columns.map((c) => c.no),
  );
  put(
    'c_label',
    d.columns.map((c) => c.label),
  );
  put(
    'c_unit',
    d.columns.map((c) => c.unit),
  );
  put(
    'c_type',
    d.columns.map((c) => c.type),
  );
  put(
    'c_ratio',
    d.columns.map((c) => c.ratio),
  );
  put(
    'u_type',
    d.rules.map((r) => r.type),
  );
  put(
    'u_a',
    d.rules.map((r) => r.a),
  );
  put(
    'u_b',
    d.rules.map((r) => r.b),
  );
  put(
    'u_min',
    d.rules.map((r) => r.min),
  );
  put(
    'u_max',
    d.rules.map((r) => r.max),
  );
  put(
    'u_severity',
    d.rules.map((r) => r.severity),
  );
  put(
    'u_message',
    d.rules.map((r) => r.message),
  );
  return body;
}

describe('form designer', () => {
  it.each(loadShippedDefinitions().map((d) => [d.code, d] as const))(
    'gives back %s unchanged after a round trip through its page',
    (_code, def) => {
      const { version: _v, ...expected } = def;
      const back = fromDesigner(readDesigner(posted(toDesigner(def))));
      expect(back).toEqual({ ...expected, rules: expected.rules ?? [] });
      expect(validateDefinition({ ...back, version: 1 })).toEqual([]);
    },
  );

  it('drops the blank lines the page offers, keeps the order shown', () => {
    const d = toDesigner(loadShippedDefinitions()[0]);
    const rows = [d.rows[2], d.rows[1], { ...d.rows[0], key: '', label: '' }];
    const back = fromDesigner(readDesigner(posted({ ...d, rows })));
    expect(back.rows.map((r) => r.key)).toEqual([d.rows[2].key, d.rows[1].key]);
  });

  it('reads ratios of rows and of cells, and leaves anything else for the validator to refuse', () => {
    expect(parseRatio('I.1 / POP')).toEqual({ numerator: 'I.1', denominator: 'POP' });
    expect(parseRatio(':c1 / I.1:c1')).toEqual({
      numerator: { column: 'c1' },
      denominator: { row: 'I.1', column: 'c1' },
    });
    expect(parseRatio('')).toBeUndefined();
    expect(parseRatio('I.1')).toBe('I.1');
    const def = fromDesigner({
      code: '09/TE',
      title: 'T',
      reportingNote: '',
      columns: [{ key: 'c', no: '', label: 'Năm {year}', unit: '', type: '', ratio: '' }],
      rows: [
        {
          key: 'a',
          no: '1',
          label: 'A',
          unit: '',
          type: '',
          kind: '',
          ratio: 'a',
          consolidate: '',
          extra: false,
        },
      ],
      rules: [],
    });
    expect(validateDefinition({ ...def, version: 1 }).length).toBeGreaterThan(0);
  });
});
