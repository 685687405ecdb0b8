import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluateRules, withComputedCells } from './form-calc';
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
