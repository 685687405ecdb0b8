const formats = new Map<number, Intl.NumberFormat>();

/** A number the Vietnamese way: 332.600; 25,6; 1.080 (at most `maxFractionDigits` decimals, no trailing zeros). */
export function formatVietnameseNumber(n: number, maxFractionDigits = 2): string {
  let f = formats.get(maxFractionDigits);
  if (!f) {
    f = new Intl.NumberFormat('vi-VN', {
      maximumFractionDigits: maxFractionDigits,
      useGrouping: true,
    });
    formats.set(maxFractionDigits, f);
  }
  return f.format(n);
}
