import { formatVietnameseNumber } from './vietnamese-number';

describe(formatVietnameseNumber.name, () => {
  it('groups thousands with dots and uses a decimal comma', () => {
    expect(formatVietnameseNumber(332600)).toBe('332.600');
    expect(formatVietnameseNumber(25.6)).toBe('25,6');
    expect(formatVietnameseNumber(1080)).toBe('1.080');
    expect(formatVietnameseNumber(0)).toBe('0');
    expect(formatVietnameseNumber(1234567.891)).toBe('1.234.567,89');
  });
});
