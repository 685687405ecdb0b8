import { dateLine, dateWords } from './nd30-date';

describe(dateWords.name, () => {
  it.each([
    ['2024-02-05', 'ngày 05 tháng 02 năm 2024'],
    ['2024-01-31', 'ngày 31 tháng 01 năm 2024'],
    ['2024-03-01', 'ngày 01 tháng 3 năm 2024'],
    ['2024-06-12', 'ngày 12 tháng 6 năm 2024'],
    ['2024-09-09', 'ngày 09 tháng 9 năm 2024'],
    ['2024-10-10', 'ngày 10 tháng 10 năm 2024'],
    ['2024-12-31', 'ngày 31 tháng 12 năm 2024'],
    ['2024-02-29', 'ngày 29 tháng 02 năm 2024'],
  ])('writes %s as "%s" (day < 10 and months 1–2 zero-padded)', (iso, words) =>
    expect(dateWords(iso)).toBe(words),
  );

  it.each([
    '2024-2-5',
    '05/02/2024',
    '2024-13-01',
    '2023-02-29',
    '2024-04-31',
    '',
    '2024-06-12T00:00:00Z',
  ])('refuses %p', (iso) => expect(() => dateWords(iso)).toThrow(RangeError));
});

describe(dateLine.name, () => {
  it('puts the place before the date', () => {
    expect(dateLine('Hoàng Đồng', '2024-02-05')).toBe('Hoàng Đồng, ngày 05 tháng 02 năm 2024');
    expect(dateLine('Lạng Sơn', '2024-04-12')).toBe('Lạng Sơn, ngày 12 tháng 4 năm 2024');
  });
});
