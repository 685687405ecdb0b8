import * as fs from 'node:fs';
import * as path from 'node:path';
import { FormDefinition, withYear } from '@app/forms';
import { evaluate, LabelledSentence } from './evaluation';
import { findFigures } from './figures';
import { NarrativeMatcher, mismatches } from './matcher';
import { narrativeTargets } from './targets';

const root = path.join(__dirname, '..', '..', '..');
const defs: FormDefinition[] = ['01-TE', '02-TE', '03-TE'].map((f) =>
  withYear(
    JSON.parse(fs.readFileSync(path.join(root, `libs/forms/definitions/${f}.json`), 'utf8')),
    2024,
  ),
);
const matcher = new NarrativeMatcher(narrativeTargets(defs));

describe('Vietnamese figures', () => {
  const values = (text: string) => findFigures(text).map((f) => [f.value, f.unit]);

  it('reads thousands points, decimal commas, scales and the word after', () => {
    expect(values('Tổng số trẻ em là 10.577 em')).toEqual([[10577, 'person']]);
    expect(values('kinh phí 2,5 tỷ đồng')).toEqual([[2.5e9, 'money']]);
    expect(values('hỗ trợ 12 triệu đồng')).toEqual([[12e6, 'money']]);
    expect(values('vận động 125.500.000 đồng')).toEqual([[125_500_000, 'money']]);
    expect(values('đạt 97,3%')).toEqual([[97.3, 'percent']]);
    expect(values('tổ chức 02 lớp')).toEqual([[2, 'class']]);
    expect(values('1.150 lượt trẻ em')).toEqual([[1150, 'visit']]);
  });

  it('leaves out dates, years, ages, document numbers, ratios and outline numbers', () => {
    expect(values('ngày 30/6/2024, năm 2024, trẻ em dưới 16 tuổi, 6 tháng đầu năm')).toEqual([]);
    expect(values('Kế hoạch số 45/KH-UBND; Quyết định số 1234/QĐ-UBND')).toEqual([]);
    expect(values('1.020/1.050 em')).toEqual([]);
    expect(values('1. Kết quả thực hiện\n2.1. Công tác truyền thông')).toEqual([]);
  });

  it('tolerates the rounding of the figure as written', () => {
    const [f] = findFigures('2,5 tỷ đồng');
    expect(f.tolerance).toBeCloseTo(0.05e9);
  });
});

describe('Narrative against the annex', () => {
  it('finds the figure of "Tổng số trẻ em dưới 16 tuổi là 1.250 em" and its cells on 01/TE and 03/TE', () => {
    const [m] = matcher.match('Tổng số trẻ em dưới 16 tuổi là 1.250 em.');
    expect(m.value).toBe(1250);
    expect(m.cells).toEqual([
      { form: '01/TE', row: 'I.1', column: 'y2024' },
      { form: '03/TE', row: 'I.1', column: 'c1' },
    ]);
    expect(m.span.text).toContain('Tổng số trẻ em dưới 16 tuổi là 1.250 em');
  });

  it('flags a cell that contradicts the figure, not one that agrees, nor an empty one', () => {
    const found = matcher.match('Tổng số trẻ em dưới 16 tuổi là 1.250 em.');
    const cells: Record<string, number> = { '01/TE I.1 y2024': 1205 };
    const at = (c: { form: string; row: string; column: string }) =>
      cells[`${c.form} ${c.row} ${c.column}`] ?? null;
    expect(mismatches(found, at)).toEqual([
      expect.objectContaining({
        form: '01/TE',
        row: 'I.1',
        column: 'y2024',
        narrativeValue: 1250,
        cellValue: 1205,
      }),
    ]);
    cells['01/TE I.1 y2024'] = 1250;
    expect(mismatches(found, at)).toEqual([]);
  });

  it('reads money in the row\'s unit (triệu đồng) and accepts the rounding of "2,5 tỷ"', () => {
    const found = matcher.match('Kinh phí dành cho trẻ em trong dịp Tết Trung thu là 2,5 tỷ đồng.');
    expect(found.map((m) => [m.value, m.cells[0].row])).toEqual([[2500, 'IX.4']]);
    expect(mismatches(found, () => 2480)).toEqual([]);
    expect(mismatches(found, () => 2300)).toHaveLength(1);
  });

  it('does not flag a figure it cannot match with confidence', () => {
    expect(matcher.match('Phối hợp tổ chức 2 buổi khám sàng lọc cho trẻ em.')).toEqual([]);
    expect(matcher.match('Ban hành Kế hoạch số 45/KH-UBND ngày 15/3/2024.')).toEqual([]);
  });

  it('reaches precision ≥ 0.9 and recall ≥ 0.6 on the labelled set of at least 40 sentences', () => {
    const set: LabelledSentence[] = JSON.parse(
      fs.readFileSync(path.join(root, 'test/fixtures/narrative/labelled.json'), 'utf8'),
    ).sentences;
    expect(set.length).toBeGreaterThanOrEqual(40);
    const r = evaluate(defs, set);
    expect(r.precision).toBeGreaterThanOrEqual(0.9);
    expect(r.recall).toBeGreaterThanOrEqual(0.6);
  });
});
