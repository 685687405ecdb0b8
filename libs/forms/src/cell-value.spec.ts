import { parseCellValue, parseVietnameseNumber } from './cell-value';

describe(parseVietnameseNumber.name, () => {
  it.each([
    ['332.600', 332600],
    ['1.080', 1080],
    ['25,6', 25.6],
    ['1.234.567,89', 1234567.89],
    ['25.6', 25.6],
    ['1 080', 1080],
    ['0', 0],
    ['12', 12],
  ])('reads %s as %d', (raw, expected) => expect(parseVietnameseNumber(raw)).toBe(expected));

  it.each(['', 'abc', '1..2', '1,2,3', '12a', '--1'])('refuses %p', (raw) =>
    expect(parseVietnameseNumber(raw)).toBeNull(),
  );
});

describe(parseCellValue.name, () => {
  it('accepts non-negative integers for counts, from JSON or Vietnamese text', () => {
    expect(parseCellValue('integer', 1080)).toEqual({ ok: true, value: 1080 });
    expect(parseCellValue('integer', '1.080')).toEqual({ ok: true, value: 1080 });
    expect(parseCellValue('integer', '25,6')).toEqual({
      ok: false,
      message: expect.stringMatching(/số nguyên/),
    });
    expect(parseCellValue('integer', -1)).toEqual({
      ok: false,
      message: expect.stringMatching(/âm/),
    });
    expect(parseCellValue('integer', 'mười')).toMatchObject({ ok: false });
  });

  it('accepts decimals for money and 0–100 for percentages', () => {
    expect(parseCellValue('decimal', '332.600,5')).toEqual({ ok: true, value: 332600.5 });
    expect(parseCellValue('percent', '25,6')).toEqual({ ok: true, value: 25.6 });
    expect(parseCellValue('percent', 100.5)).toEqual({
      ok: false,
      message: expect.stringMatching(/0 đến 100/),
    });
  });

  it('reads Có/không and text', () => {
    expect(parseCellValue('boolean', 'Có')).toEqual({ ok: true, value: true });
    expect(parseCellValue('boolean', 'không')).toEqual({ ok: true, value: false });
    expect(parseCellValue('boolean', false)).toEqual({ ok: true, value: false });
    expect(parseCellValue('boolean', 'có lẽ')).toMatchObject({ ok: false });
    expect(parseCellValue('text', 'Ghi chú <b>')).toEqual({ ok: true, value: 'Ghi chú <b>' });
    expect(parseCellValue('text', 'x'.repeat(5000))).toMatchObject({ ok: false });
  });
});
