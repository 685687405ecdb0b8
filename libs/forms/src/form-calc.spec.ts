import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluateRules, formulaInputs, withComputedCells } from './form-calc';
import { validateDefinition } from './definition-validator';
import { FormDefinition } from './form-definition';

const load = (f: string): FormDefinition =>
  JSON.parse(fs.readFileSync(path.resolve(__dirname, '../definitions', f), 'utf8'));

describe('shipped definitions pass their own validation', () => {
  it.each(['01-TE.json', '02-TE.json', '03-TE.json'])('%s', (f) =>
    expect(validateDefinition(load(f))).toEqual([]),
  );
});

describe(validateDefinition.name, () => {
  it('lists duplicate keys, unknown types and rules or ratios pointing at missing rows', () => {
    const errors = validateDefinition({
      code: 'X/TE',
      title: 'Thử',
      columns: [
        { key: 'v', label: 'Năm 2024' },
        { key: 'v', label: 'Trùng', type: 'money' },
      ],
      rows: [
        { key: 'A', label: 'A', type: 'integer' },
        { key: 'A', label: 'A lần hai', type: 'integer' },
        {
          key: 'B',
          label: 'Tỷ lệ',
          type: 'percent',
          ratio: { numerator: 'A', denominator: 'POP' },
        },
        { key: 'C', label: 'C', type: 'float' },
      ],
      rules: [
        { type: 'lte', left: 'A', right: 'Z' },
        { type: 'between', left: 'A' },
      ],
    });
    const text = errors.map((e) => `${e.field}: ${e.message}`).join('\n');
    expect(text).toMatch(/columns\[1\]\.key: Khóa cột "v" bị trùng/);
    expect(text).toMatch(/columns\[1\]\.type: Kiểu dữ liệu "money"/);
    expect(text).toMatch(/rows\[1\]\.key: Khóa dòng "A" bị trùng/);
    expect(text).toMatch(/rows\[3\]\.type: Kiểu dữ liệu "float"/);
    expect(text).toMatch(/rows\[2\]\.ratio\.denominator: Mẫu số trỏ tới dòng "POP"/);
    expect(text).toMatch(/rules\[0\]\.right: Quy tắc trỏ tới dòng "Z"/);
    expect(text).toMatch(/rules\[1\]\.type: Loại quy tắc "between"/);
    expect(errors).toHaveLength(7);
  });
});

describe(evaluateRules.name, () => {
  const te01 = load('01-TE.json');

  it('catches a "Trong đó" larger than its whole', () => {
    const v = evaluateRules(te01, { 'I.3': { y2024: 100 }, 'I.3.a': { y2024: 120 } });
    expect(v).toContainEqual(
      expect.objectContaining({
        form: '01/TE',
        row: 'I.3.a',
        column: 'y2024',
        severity: 'error',
        message: expect.stringMatching(/\(120\) lớn hơn dòng 3/),
      }),
    );
  });

  it('catches a "gồm" whose parts do not add up, and accepts one that does', () => {
    const bad = evaluateRules(te01, {
      'VII.4': { y2024: 50 },
      'VII.4.1': { y2024: 20 },
      'VII.4.2': { y2024: 25.5 },
    });
    expect(bad).toContainEqual(
      expect.objectContaining({
        row: 'VII.4',
        severity: 'error',
        message: expect.stringMatching(/Tổng các thành phần \(45,5\) không bằng/),
      }),
    );
    const good = evaluateRules(te01, {
      'VII.4': { y2024: 45.5 },
      'VII.4.1': { y2024: 20 },
      'VII.4.2': { y2024: 25.5 },
    });
    expect(good.filter((x) => x.row === 'VII.4')).toEqual([]);
  });

  it('checks columns against each other (03/TE: support ≤ total)', () => {
    const te03 = load('03-TE.json');
    const v = evaluateRules(te03, { 'II.1': { c1: 5, c3: 7 } });
    expect(v).toContainEqual(
      expect.objectContaining({
        row: 'II.1',
        column: 'c3',
        message: expect.stringMatching(/lớn hơn cột "Tổng số"/),
      }),
    );
  });
});

describe(withComputedCells.name, () => {
  it('computes ratio rows from the numerator and the denominator row', () => {
    const out = withComputedCells(load('01-TE.json'), {
      POP: { y2024: 8000 },
      'I.1': { y2024: 2050 },
    });
    expect(out['I.1.r'].y2024).toBe(25.63);
    expect(out['I.2.r']).toBeUndefined();
  });

  it('computes a ratio column against another row (03/TE c2 = c1 / I.1 c1)', () => {
    const out = withComputedCells(load('03-TE.json'), { 'I.1': { c1: 2000 }, 'II.4': { c1: 30 } });
    expect(out['II.4'].c2).toBe(1.5);
    expect(out['I.1'].c2).toBe(100);
  });
});

describe('computed totals (sum columns and rows)', () => {
  const def: FormDefinition = {
    code: 'S/TE',
    version: 1,
    title: 'Tổng',
    columns: [
      { key: 'agency', label: 'Cơ quan', type: 'text', fixed: true },
      { key: 'm', label: 'Nam' },
      { key: 'f', label: 'Nữ' },
      { key: 't', label: 'Tổng', sum: ['m', 'f'] },
      { key: 'note', label: 'Ghi chú', type: 'text' },
    ],
    rows: [
      { key: 'POP', label: 'Dân số', text: { agency: 'Công an' } },
      { key: 'A', label: 'A' },
      { key: 'B', label: 'B' },
      { key: 'S', label: 'Cộng', sum: ['A', 'B'] },
      { key: 'R', label: 'Tỷ lệ', type: 'percent', ratio: { numerator: 'S', denominator: 'POP' } },
    ],
    rules: [],
  };

  it('is valid, and adds up rows, then columns (the corner too), then divides the totals', () => {
    expect(validateDefinition(def)).toEqual([]);
    const out = withComputedCells(def, {
      POP: { m: 100, f: 100 },
      A: { m: 1.1, f: 2.2, t: 999 },
      B: { m: 3, note: 'x' },
    });
    expect(out.A).toEqual({ m: 1.1, f: 2.2, t: 3.3 });
    expect(out.B).toEqual({ m: 3, t: 3, note: 'x' });
    expect(out.S).toEqual({ m: 4.1, f: 2.2, t: 6.3 });
    expect(out.POP.t).toBe(200);
    // The ratio row divides the totals, in the total column as well.
    expect(out.R).toEqual({ m: 4.1, f: 2.2, t: 3.15 });
    // No text is invented for the fixed column, and a total of nothing is blank.
    expect(withComputedCells(def, { A: { note: 'x' } })).toEqual({ A: { note: 'x' } });
  });

  it('names the typed-in cells a computed cell comes from, through other totals', () => {
    expect(
      formulaInputs(def, 'S', 't').sort((a, b) =>
        (a.row + a.column).localeCompare(b.row + b.column),
      ),
    ).toEqual([
      { row: 'A', column: 'f' },
      { row: 'A', column: 'm' },
      { row: 'B', column: 'f' },
      { row: 'B', column: 'm' },
    ]);
    expect(formulaInputs(def, 'R', 'm')).toEqual([
      { row: 'A', column: 'm' },
      { row: 'B', column: 'm' },
      { row: 'POP', column: 'm' },
    ]);
    expect(formulaInputs(def, 'A', 'm')).toEqual([{ row: 'A', column: 'm' }]);
  });

  it('refuses totals of what is not a typed-in number, and fixed texts outside fixed columns', () => {
    const fields = validateDefinition({
      ...def,
      columns: [
        { ...def.columns[0], fixed: 'yes' },
        def.columns[1],
        { key: 'f', label: 'Nữ', sum: ['f'] },
        { key: 't', label: 'Tổng', sum: ['m', 'note', 'zz', 'f'] },
        {
          key: 'note',
          label: 'Ghi chú',
          type: 'text',
          fixed: true,
          ratio: { numerator: 'A', denominator: 'B' },
        },
      ],
      rows: [
        { key: 'POP', label: 'Dân số', text: { m: 'x' } },
        { key: 'A', label: 'A', sum: [] },
        { key: 'H', label: 'H', kind: 'heading', sum: ['A'] },
        { key: 'B', label: 'B', ratio: { numerator: 'A', denominator: 'POP' }, sum: ['A'] },
        { key: 'S', label: 'Cộng', sum: ['A', 'B', 'H', 'S'] },
      ],
    } as unknown as FormDefinition).map((e) => e.field);
    expect(fields.sort()).toEqual([
      'columns[0].fixed',
      'columns[2].sum[0]',
      'columns[3].sum[1]',
      'columns[3].sum[2]',
      'columns[3].sum[3]',
      'columns[4].fixed',
      'rows[0].text.m',
      'rows[1].sum',
      'rows[2].sum',
      'rows[3].sum',
      'rows[4].sum[0]', // A: its own (empty) sum makes it a total
      'rows[4].sum[1]',
      'rows[4].sum[2]',
      'rows[4].sum[3]',
    ]);
  });

  it('leaves totals out of the rules (they hold no typed value)', () => {
    const withRule: FormDefinition = {
      ...def,
      rules: [
        { type: 'lte', left: 'S', right: 'POP' },
        { type: 'lteColumn', left: 't', right: 'm' },
      ],
    };
    expect(
      evaluateRules(withRule, withComputedCells(withRule, { POP: { m: 1 }, A: { m: 5, f: 5 } })),
    ).toEqual([]);
  });
});
