import { FormDefinition } from '@app/forms';
import { buildGrid, cellKey, changedCells } from './report-grid';

const def: FormDefinition = {
  code: '01/TE',
  version: 1,
  title: 'THỐNG KÊ',
  columns: [
    { key: 'y2024', label: 'Năm 2024' },
    { key: 'note', label: 'Ghi chú', type: 'text' },
  ],
  rows: [
    { key: 'I', no: 'I', label: 'Dân số trẻ em', kind: 'section' },
    { key: 'POP', label: 'Tổng dân số', unit: 'Người', type: 'integer', extra: true },
    { key: 'I.1', no: '1', label: 'Số trẻ em dưới 16 tuổi', unit: 'Người', type: 'integer' },
    {
      key: 'I.1.r',
      label: 'Tỷ lệ',
      unit: '%',
      type: 'percent',
      ratio: { numerator: 'I.1', denominator: 'POP' },
    },
    { key: 'B', no: '2', label: 'Có quỹ', unit: 'Có/không', type: 'boolean' },
  ],
  rules: [],
};

describe(buildGrid.name, () => {
  it('lays out the form like the paper one: sections without cells, inputs, a computed ratio wired to its operands', () => {
    const grid = buildGrid(
      0,
      def,
      {
        POP: { y2024: 8000 },
        'I.1': { y2024: 2050 },
        'I.1.r': { y2024: 25.63 },
        B: { y2024: true },
      },
      { editable: true },
    );
    expect(grid.rows.map((r) => r.kind)).toEqual(['section', 'value', 'value', 'value', 'value']);
    expect(grid.rows[0].cells).toEqual([]);
    expect(grid.rows[1].cells[0]).toMatchObject({
      kind: 'input',
      id: 'c-0-1-0',
      value: '8.000',
      inputMode: 'numeric',
    });
    expect(grid.rows[3].cells[0]).toMatchObject({
      kind: 'ratio',
      value: '25,63',
      numId: 'c-0-2-0',
      denId: 'c-0-1-0',
    });
    // A text column is text in every row, even a ratio row.
    expect(grid.rows[3].cells[1]).toMatchObject({ kind: 'text' });
    expect(grid.rows[4].cells[0]).toMatchObject({ kind: 'bool', value: 'Có' });
  });

  it('puts messages on their cells and keeps what the user typed', () => {
    const messages = new Map([
      [
        cellKey('01/TE', 'I.1', 'y2024'),
        [{ severity: 'error' as const, message: 'Phải là số nguyên (đơn vị đếm).' }],
      ],
    ]);
    const grid = buildGrid(0, def, {}, { editable: true, messages, typed: { 'c-0-2-0': '12,5' } });
    expect(grid.rows[2].cells[0]).toMatchObject({
      value: '12,5',
      error: true,
      describedBy: 'c-0-2-0-msg',
    });
    expect(grid.errorCount).toBe(1);
  });

  it('shows values only, with provenance links, when the data cannot be typed', () => {
    const grid = buildGrid(
      1,
      def,
      { 'I.1': { y2024: 2050 } },
      { editable: false, provenanceHref: (r, c) => `/p?row=${r}&column=${c}` },
    );
    expect(grid.rows[2].cells[0]).toMatchObject({
      kind: 'value',
      value: '2.050',
      href: '/p?row=I.1&column=y2024',
    });
  });
});

describe(changedCells.name, () => {
  it('sends only the cells that differ from what the page showed, as typed; ignores computed and unknown fields', () => {
    const data = { '01/TE': { POP: { y2024: 8000 }, 'I.1': { y2024: 2050 } } };
    const { patch, count, typed } = changedCells([def], data, {
      'c-0-1-0': '8.000', // unchanged
      'c-0-2-0': '2.100',
      'c-0-2-1': 'ghi chú',
      'c-0-3-0': '99', // a ratio: never typed
      'c-0-4-0': 'Không',
      'c-9-0-0': '1', // no such form
      title: 'x',
    });
    expect(patch).toEqual({
      '01/TE': { 'I.1': { y2024: '2.100', note: 'ghi chú' }, B: { y2024: 'Không' } },
    });
    expect(count).toBe(3);
    expect(typed['c-0-1-0']).toBe('8.000');
  });

  it('clears a cell emptied by the user', () => {
    const { patch } = changedCells(
      [def],
      { '01/TE': { POP: { y2024: 8000 } } },
      { 'c-0-1-0': '  ' },
    );
    expect(patch).toEqual({ '01/TE': { POP: { y2024: null } } });
  });
});

describe('totals and a fixed text column on the page', () => {
  const sums: FormDefinition = {
    code: 'S/TE',
    version: 1,
    title: 'Tổng',
    columns: [
      { key: 'agency', label: 'Cơ quan', type: 'text', fixed: true },
      { key: 'm', label: 'Nam' },
      { key: 't', label: 'Tổng', sum: ['m'] },
    ],
    rows: [
      { key: 'A', label: 'A', text: { agency: 'Công an' } },
      { key: 'B', label: 'B' },
      { key: 'S', label: 'Cộng', sum: ['A', 'B'] },
    ],
    rules: [],
  };

  it('shows totals read-only, wired to their parts, and the fixed text as text', () => {
    const grid = buildGrid(0, sums, { A: { m: 2, t: 2 }, S: { m: 2, t: 2 } }, { editable: true });
    const [a, , s] = grid.rows;
    expect(a.cells.map((c) => c.kind)).toEqual(['fixed', 'input', 'sum']);
    expect(a.cells[0].value).toBe('Công an');
    expect(a.cells[2]).toMatchObject({ value: '2', partIds: 'c-0-0-1', pass: 2 });
    expect(s.cells.map((c) => c.kind)).toEqual(['fixed', 'sum', 'sum']);
    expect(s.cells[1]).toMatchObject({ partIds: 'c-0-0-1 c-0-1-1', pass: 1 });
    // A posted total or fixed text is ignored, as a ratio is.
    const { patch } = changedCells([sums], {}, { 'c-0-0-0': 'x', 'c-0-0-2': '9', 'c-0-2-1': '9' });
    expect(patch).toEqual({});
  });
});
