/** "05/BC-UBND": numbers below 10 take a leading zero. */
export function numberText(n: number, symbol: string): string {
  return `${String(n).padStart(2, '0')}/${symbol}`;
}

/** One series for every type of document of a unit (Nghị định 30/2020 lets the head choose). */
export const NUMBERING_SERIES = 'all';
