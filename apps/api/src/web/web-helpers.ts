import { formatVietnameseNumber } from '@app/forms';

/**
 * Pure formatting for the web pages (registered as Handlebars helpers by WebViews, and used by the
 * controllers when they build view models). Everything a person reads is Vietnamese.
 */

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Wall-clock parts of an instant in Vietnam (UTC+7, no daylight saving), whatever the server's TZ. */
function vietnamParts(d: Date) {
  const s = new Date(d.getTime() + VIETNAM_OFFSET_MS).toISOString();
  return { y: s.slice(0, 4), m: s.slice(5, 7), d: s.slice(8, 10), hh: s.slice(11, 13), mi: s.slice(14, 16) };
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function toDate(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'string' || typeof v === 'number') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** dd/mm/yyyy: a calendar date ("2024-05-05") as is, an instant in Vietnam time. */
export function formatDate(v: unknown): string {
  if (typeof v === 'string') {
    const m = DATE_ONLY.exec(v);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  }
  const d = toDate(v);
  if (!d) return '';
  const p = vietnamParts(d);
  return `${p.d}/${p.m}/${p.y}`;
}

/** dd/mm/yyyy HH:mm in Vietnam time. */
export function formatDateTime(v: unknown): string {
  const d = toDate(v);
  if (!d) return '';
  const p = vietnamParts(d);
  return `${p.d}/${p.m}/${p.y} ${p.hh}:${p.mi}`;
}

/** A cell value as the page shows it (and as the input holds it): 1.080; 25,6; Có/Không; text. */
export function formatCell(v: unknown, maxFractionDigits = 4): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return formatVietnameseNumber(v, maxFractionDigits);
  if (typeof v === 'boolean') return v ? 'Có' : 'Không';
  return String(v);
}

export const STATE_NAMES: Record<string, string> = {
  draft: 'Đang soạn thảo',
  editing: 'Đang soạn thảo',
  awaitingSignature: 'Chờ lãnh đạo ký',
  signed: 'Đã ký, chờ phát hành',
  submitted: 'Đã phát hành, đã gửi',
  consolidated: 'Đã tổng hợp',
  missing: 'Chưa gửi',
};

/** The Vietnamese name of a report's state; a draft's step refines it. */
export function stateName(state: unknown, step?: unknown): string {
  const s = typeof state === 'string' ? state : '';
  if (s === 'draft' && step === 'awaitingSignature') return STATE_NAMES.awaitingSignature;
  return STATE_NAMES[s] ?? s;
}

export const INBOX_ACTION_NAMES: Record<string, string> = {
  sign: 'Ký',
  issue: 'Phát hành',
  revise: 'Sửa theo yêu cầu',
  review: 'Xem xét',
};

export const EVENT_NAMES: Record<string, string> = {
  REQUEST_SIGNATURE: 'Trình ký',
  SIGN: 'Ký',
  SUBMIT: 'Phát hành',
  RETURN: 'Trả lại',
  CONSOLIDATE: 'Được tổng hợp',
  CONSOLIDATION: 'Tổng hợp số liệu',
};

export const ROLE_NAMES: Record<string, string> = {
  officer: 'Chuyên viên',
  head: 'Lãnh đạo',
  clerk: 'Văn thư',
  admin: 'Quản trị',
};

export const LEVEL_NAMES: Record<string, string> = {
  ministry: 'Bộ',
  province: 'Tỉnh',
  district: 'Huyện',
  commune: 'Xã',
};

const isOptions = (v: unknown) => typeof v === 'object' && v !== null && 'hash' in v && 'data' in v;
/** Handlebars passes its options object last: drop it. */
const args = (a: unknown[]) => a.filter((x) => !isOptions(x));

/** The helpers of the web views (Handlebars calls them with its options object as the last argument). */
export const webHelpers = {
  date: (v: unknown) => formatDate(v),
  datetime: (v: unknown) => formatDateTime(v),
  num: (v: unknown) => (typeof v === 'number' ? formatVietnameseNumber(v, 2) : ''),
  cell: (v: unknown) => formatCell(v),
  stateName: (state: unknown, step: unknown) => stateName(state, isOptions(step) ? undefined : step),
  actionName: (a: unknown) => INBOX_ACTION_NAMES[String(a)] ?? String(a ?? ''),
  eventName: (e: unknown) => EVENT_NAMES[String(e)] ?? String(e ?? ''),
  roleName: (r: unknown) => ROLE_NAMES[String(r)] ?? String(r ?? ''),
  roleNames: (rs: unknown) => (Array.isArray(rs) ? rs.map((r) => ROLE_NAMES[String(r)] ?? String(r)).join(', ') : ''),
  levelName: (l: unknown) => LEVEL_NAMES[String(l)] ?? String(l ?? ''),
  /** A path segment, e.g. a form code "01/TE" → "01%2FTE" (still escaped by {{ }} afterwards). */
  enc: (v: unknown) => encodeURIComponent(v === null || v === undefined || isOptions(v) ? '' : String(v)),
  eq: (a: unknown, b: unknown) => a === b,
  ne: (a: unknown, b: unknown) => a !== b,
  not: (a: unknown) => !a,
  and: (...a: unknown[]) => args(a).every(Boolean),
  or: (...a: unknown[]) => args(a).some(Boolean),
  inc: (n: unknown) => Number(n) + 1,
};
