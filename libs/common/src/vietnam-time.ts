/**
 * Time as people in Vietnam read it (Asia/Ho_Chi_Minh, UTC+7, no daylight saving), whatever the
 * server's time zone: the issue date of a document, deadlines, the dates shown on pages.
 */
const PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export interface VietnamParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

/** The wall-clock parts of an instant in Vietnam (zero-padded strings). */
export function vietnamParts(d: Date): VietnamParts {
  if (Number.isNaN(d.getTime())) throw new RangeError('vietnamParts: invalid Date');
  const out: Record<string, string> = {};
  for (const p of PARTS.formatToParts(d)) out[p.type] = p.value;
  return {
    year: out.year,
    month: out.month,
    day: out.day,
    hour: out.hour,
    minute: out.minute,
    second: out.second,
  };
}

/** The calendar date (YYYY-MM-DD) of an instant in Vietnam. */
export function vietnamDate(d: Date = new Date()): string {
  const p = vietnamParts(d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The year of an instant in Vietnam. */
export const vietnamYear = (d: Date = new Date()): number => Number(vietnamParts(d).year);

/** The last millisecond of a calendar day (YYYY-MM-DD) in Vietnam: a deadline holds until then. */
export const endOfVietnamDay = (isoDate: string): number =>
  Date.parse(`${isoDate}T23:59:59.999+07:00`);

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function toDate(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'string' || typeof v === 'number') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** dd/mm/yyyy: a calendar date ("2024-05-05") as it is, an instant in Vietnam time; '' for anything else. */
export function formatDate(v: unknown): string {
  if (typeof v === 'string') {
    const m = DATE_ONLY.exec(v);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  }
  const d = toDate(v);
  if (!d) return '';
  const p = vietnamParts(d);
  return `${p.day}/${p.month}/${p.year}`;
}

/** dd/mm/yyyy HH:mm in Vietnam time; '' for anything that is not a time. */
export function formatDateTime(v: unknown): string {
  const d = toDate(v);
  if (!d) return '';
  const p = vietnamParts(d);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}
