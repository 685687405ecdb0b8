import Handlebars from 'handlebars';
import { formatDate, formatDateTime, formatVietnameseNumber, own } from '@app/common';
import { renderNarrative } from '@app/documents';
import { formatCell } from '@app/forms';
import { eventLabel, stateLabel } from '@app/workflow';

/**
 * The Handlebars helpers of the web pages (registered by WebViews). The formatting itself is the
 * shared one: Vietnam time (common), cells (forms), state and event names (workflow).
 */

export const INBOX_ACTION_NAMES: Record<string, string> = {
  sign: 'Ký',
  issue: 'Phát hành',
  revise: 'Sửa theo yêu cầu',
  review: 'Xem xét',
};

export const NOTIFICATION_KIND_NAMES: Record<string, string> = {
  signatureRequested: 'Chờ ký',
  signed: 'Đã ký',
  returned: 'Bị trả lại',
  issued: 'Đã phát hành',
  received: 'Văn bản đến',
  acknowledged: 'Đã tiếp nhận',
  reminder: 'Nhắc hạn',
  escalation: 'Chậm nộp',
};

export const ROLE_NAMES: Record<string, string> = {
  officer: 'Chuyên viên',
  head: 'Lãnh đạo',
  clerk: 'Văn thư',
  unitAdmin: 'Quản trị đơn vị',
  admin: 'Quản trị hệ thống',
};

export const LEVEL_NAMES: Record<string, string> = {
  ministry: 'Bộ',
  province: 'Tỉnh',
  district: 'Huyện',
  commune: 'Xã',
};

export const VALUE_TYPE_NAMES: Record<string, string> = {
  integer: 'Số nguyên',
  decimal: 'Số thập phân',
  percent: 'Tỷ lệ (%)',
  boolean: 'Có/Không',
  text: 'Văn bản',
};

export const ROW_KIND_NAMES: Record<string, string> = {
  section: 'Mục (in đậm, không số liệu)',
  heading: 'Tiêu đề nhóm (không số liệu)',
};

export const RULE_TYPE_NAMES: Record<string, string> = {
  lte: 'Dòng A ≤ dòng B',
  sum: 'Dòng A = tổng các dòng B',
  lteColumn: 'Cột A ≤ cột B',
  required: 'Bắt buộc nhập (dòng A, cột B)',
  range: 'Trong khoảng (dòng A, cột B)',
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
  stateName: (state: unknown, step: unknown) =>
    stateLabel(
      typeof state === 'string' ? state : '',
      isOptions(step) ? undefined : (step as string | undefined),
    ),
  actionName: (a: unknown) => own(INBOX_ACTION_NAMES, String(a)) ?? String(a ?? ''),
  eventName: (e: unknown) => eventLabel(String(e ?? '')),
  noticeKindName: (k: unknown) => own(NOTIFICATION_KIND_NAMES, String(k)) ?? String(k ?? ''),
  roleName: (r: unknown) => own(ROLE_NAMES, String(r)) ?? String(r ?? ''),
  roleNames: (rs: unknown) =>
    Array.isArray(rs) ? rs.map((r) => own(ROLE_NAMES, String(r)) ?? String(r)).join(', ') : '',
  levelName: (l: unknown) => own(LEVEL_NAMES, String(l)) ?? String(l ?? ''),
  valueTypeName: (t: unknown) => own(VALUE_TYPE_NAMES, String(t)) ?? String(t ?? ''),
  rowKindName: (k: unknown) => own(ROW_KIND_NAMES, String(k)) ?? String(k ?? ''),
  ruleTypeName: (t: unknown) => own(RULE_TYPE_NAMES, String(t)) ?? String(t ?? ''),
  /** A path segment, e.g. a form code "01/TE" → "01%2FTE" (still escaped by {{ }} afterwards). */
  enc: (v: unknown) =>
    encodeURIComponent(v === null || v === undefined || isOptions(v) ? '' : String(v)),
  eq: (a: unknown, b: unknown) => a === b,
  ne: (a: unknown, b: unknown) => a !== b,
  not: (a: unknown) => !a,
  and: (...a: unknown[]) => args(a).every(Boolean),
  or: (...a: unknown[]) => args(a).some(Boolean),
  inc: (n: unknown) => Number(n) + 1,
  /** A narrative (report, compiled part) as the documents lay it out: renderNarrative escapes every character typed. */
  narrativeHtml: (v: unknown) =>
    new Handlebars.SafeString(renderNarrative(typeof v === 'string' ? v : '')),
};
