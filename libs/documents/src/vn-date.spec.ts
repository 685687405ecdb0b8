import { dateLine, dateWords, vietnamDate } from './vn-date';

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
  ])('writes %s as "%s" (day < 10 and months 1–2 zero-padded)', (iso, words) => expect(dateWords(iso)).toBe(words));

  it.each(['2024-2-5', '05/02/2024', '2024-13-01', '2023-02-29', '2024-04-31', '', '2024-06-12T00:00:00Z'])(
    'refuses %p',
    (iso) => expect(() => dateWords(iso)).toThrow(RangeError),
  );
});

describe(dateLine.name, () => {
  it('puts the place before the date', () => {
    expect(dateLine('Hoàng Đồng', '2024-02-05')).toBe('Hoàng Đồng, ngày 05 tháng 02 năm 2024');
    expect(dateLine('Lạng Sơn', '2024-04-12')).toBe('Lạng Sơn, ngày 12 tháng 4 năm 2024');
  });
});

describe(vietnamDate.name, () => {
  it.each([
    ['2024-06-11T16:59:59.999Z', '2024-06-11'],
    ['2024-06-11T17:00:00.000Z', '2024-06-12'],
    ['2024-12-31T17:00:00.000Z', '2025-01-01'],
    ['2024-02-28T18:30:00.000Z', '2024-02-29'],
    ['2024-06-12T10:00:00+07:00', '2024-06-12'],
  ])('gives the Vietnam calendar date of %s', (instant, day) => expect(vietnamDate(new Date(instant))).toBe(day));

  it('does not depend on the machine time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz;
        expect(vietnamDate(new Date('2024-06-11T17:30:00Z'))).toBe('2024-06-12');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('refuses an invalid Date', () => expect(() => vietnamDate(new Date('nope'))).toThrow(RangeError));
});
