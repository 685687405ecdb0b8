import { formatDate, formatDateTime, vietnamDate } from './vietnam-time';

describe(vietnamDate.name, () => {
  it.each([
    ['2024-06-11T16:59:59.999Z', '2024-06-11'],
    ['2024-06-11T17:00:00.000Z', '2024-06-12'],
    ['2024-12-31T17:00:00.000Z', '2025-01-01'],
    ['2024-02-28T18:30:00.000Z', '2024-02-29'],
    ['2024-06-12T10:00:00+07:00', '2024-06-12'],
  ])('gives the Vietnam calendar date of %s', (instant, day) =>
    expect(vietnamDate(new Date(instant))).toBe(day),
  );

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

  it('refuses an invalid Date', () =>
    expect(() => vietnamDate(new Date('nope'))).toThrow(RangeError));
});

describe(formatDate.name, () => {
  it('formats dates as dd/mm/yyyy in Vietnam time, whatever the server time zone', () => {
    expect(formatDate('2024-05-05')).toBe('05/05/2024'); // a calendar date stays as it is
    expect(formatDate(new Date('2024-06-14T18:30:00Z'))).toBe('15/06/2024'); // 01:30 on the 15th in Hà Nội
    expect(formatDate('2024-06-14T16:59:00.000Z')).toBe('14/06/2024');
    expect(formatDateTime(new Date('2024-06-14T18:30:00Z'))).toBe('15/06/2024 01:30');
    expect(formatDate(null)).toBe('');
    expect(formatDate('not a date')).toBe('');
  });
});
