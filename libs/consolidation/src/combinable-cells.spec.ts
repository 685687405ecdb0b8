import { FormData, FormDefinition } from '@app/forms';
import { combinableCells, combineCell } from './combinable-cells';

const def: FormDefinition = {
  code: 'KT/TE',
  version: 1,
  title: 'Biểu thử',
  columns: [{ key: 'y', label: 'Năm' }],
  rows: [
    { key: 'POP', label: 'Dân số', type: 'integer' },
    { key: 'C', label: 'Trẻ em', type: 'integer' },
    { key: 'R', label: 'Tỷ lệ', type: 'percent', ratio: { numerator: 'C', denominator: 'POP' } },
    { key: 'B', label: 'Có mô hình', type: 'boolean', consolidate: 'countTrue' },
    { key: 'T', label: 'Ghi chú', type: 'text' },
  ],
  rules: [],
};
const cell = (row: string) => [def, def.rows.find((r) => r.key === row)!, def.columns[0]] as const;

describe(combineCell.name, () => {
  const datas: FormData[] = [
    { POP: { y: 1000 }, C: { y: 250 }, B: { y: true }, T: { y: 'a' } },
    { POP: { y: 3000 }, C: { y: 500 }, B: { y: false } },
    { C: { y: 50 }, B: { y: 2 } }, // a lower consolidation holds its count of "Có" as a number
  ];

  it('sums, counts "Có" and recomputes a ratio from the combined parts, as consolidation does', () => {
    expect(combineCell(...cell('POP'), datas)).toBe(4000);
    expect(combineCell(...cell('C'), datas)).toBe(800);
    expect(combineCell(...cell('B'), datas)).toBe(3);
    expect(combineCell(...cell('R'), datas)).toBe(20);
  });

  it('gives null for a cell that is not combined or that no source holds', () => {
    expect(combineCell(...cell('T'), datas)).toBeNull();
    expect(combineCell(...cell('C'), [])).toBeNull();
  });
});

describe('totals in consolidation', () => {
  const sums: FormDefinition = {
    code: 'S/TE',
    version: 1,
    title: 'Tổng',
    columns: [
      { key: 'm', label: 'Nam' },
      { key: 'f', label: 'Nữ' },
      { key: 't', label: 'Tổng', sum: ['m', 'f'] },
    ],
    rows: [
      { key: 'A', label: 'A' },
      { key: 'B', label: 'B' },
      { key: 'S', label: 'Cộng', sum: ['A', 'B'] },
    ],
    rules: [],
  };
  const at = (row: string, col: string) =>
    [
      sums,
      sums.rows.find((r) => r.key === row)!,
      sums.columns.find((c) => c.key === col)!,
    ] as const;

  it('are not combined as cells but recomputed from the combined parts', () => {
    expect(combinableCells(sums).map((c) => `${c.row}.${c.column}`)).toEqual([
      'A.m',
      'A.f',
      'B.m',
      'B.f',
    ]);
    const datas: FormData[] = [{ A: { m: 1, f: 2 }, B: { m: 3 } }, { A: { f: 10 } }];
    expect(combineCell(...at('A', 't'), datas)).toBe(13);
    expect(combineCell(...at('S', 'm'), datas)).toBe(4);
    expect(combineCell(...at('S', 't'), datas)).toBe(16);
  });
});
