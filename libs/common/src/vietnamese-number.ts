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

const fixedFormats = new Map<string, Intl.NumberFormat>();

/** A number the Vietnamese way with exactly `decimals` decimals and at least `minDigits` whole digits: 18,70; 01. */
export function formatVietnameseFixed(n: number, decimals: number, minDigits = 1): string {
  const key = `${decimals}/${minDigits}`;
  let f = fixedFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat('vi-VN', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      minimumIntegerDigits: minDigits,
      useGrouping: true,
    });
    fixedFormats.set(key, f);
  }
  return f.format(n);
}
