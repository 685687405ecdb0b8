import { EVENT_NAMES, STEP_NAMES } from './labels';

/**
 * Who may do what to a report, in which state. Pure: no Nest, no database. The machine's guards
 * and the service's explanations both come from this one table, so they cannot disagree.
 */
/** A person's roles as the rules see them (only officer, head and clerk take part in the workflow). */
export type WorkflowRole = 'officer' | 'head' | 'clerk' | 'unitAdmin' | 'admin';

/** The actor's unit seen from the report's unit. */
export type Relation = 'same' | 'parent' | 'ancestor' | 'child' | 'sibling' | 'unrelated';

export interface Actor {
  roles: readonly WorkflowRole[];
  relation: Relation;
}

export type ReportEvent =
  | { type: 'REQUEST_SIGNATURE'; actor: Actor }
  | { type: 'SIGN'; actor: Actor; blockingErrors: number }
  | { type: 'SUBMIT'; actor: Actor }
  | { type: 'RETURN'; actor: Actor; comment?: string; upperReportSigned?: boolean }
  | { type: 'CONSOLIDATE'; actor: Actor }
  /** The direct upper unit confirms it received a submitted report; the state stays. */
  | { type: 'ACKNOWLEDGE'; actor: Actor; alreadyAcknowledged?: boolean };

export type ReportEventType = ReportEvent['type'];
export const REPORT_EVENT_TYPES: ReportEventType[] = [
  'REQUEST_SIGNATURE',
  'SIGN',
  'SUBMIT',
  'RETURN',
  'CONSOLIDATE',
  'ACKNOWLEDGE',
];

/** The leaf states people talk about. */
export type StepKey = 'editing' | 'awaitingSignature' | 'signed' | 'submitted' | 'consolidated';
export const STEP_KEYS: StepKey[] = [
  'editing',
  'awaitingSignature',
  'signed',
  'submitted',
  'consolidated',
];

export type RefusalKind =
  | 'forbidden'
  | 'reasonRequired'
  | 'blockingErrors'
  | 'upperSigned'
  | 'alreadyAcknowledged'
  | 'notInThisState';
export interface Refusal {
  kind: RefusalKind;
  message: string;
}

const has = (a: Actor, relation: Relation, ...roles: WorkflowRole[]) =>
  a.relation === relation && roles.some((r) => a.roles.includes(r));
const forbidden = (message: string): Refusal => ({ kind: 'forbidden', message });
const hasReason = (e: ReportEvent) =>
  e.type === 'RETURN' && typeof e.comment === 'string' && e.comment.trim().length > 0;
const REASON_REQUIRED: Refusal = {
  kind: 'reasonRequired',
  message: 'Trả lại báo cáo phải ghi rõ lý do.',
};

type Rule = (e: ReportEvent) => Refusal | null;

/** `${state}:${event}` → the check of that transition; a missing key means the event has no meaning there. */
export const WORKFLOW_RULES: Partial<Record<`${StepKey}:${ReportEventType}`, Rule>> = {
  'editing:REQUEST_SIGNATURE': (e) =>
    has(e.actor, 'same', 'officer')
      ? null
      : forbidden('Chỉ chuyên viên của đơn vị lập báo cáo mới được trình ký.'),
  'awaitingSignature:SIGN': (e) => {
    if (!has(e.actor, 'same', 'head'))
      return forbidden('Chỉ lãnh đạo của đơn vị lập báo cáo mới được ký.');
    if (e.type === 'SIGN' && e.blockingErrors > 0) {
      return {
        kind: 'blockingErrors',
        message: `Chưa thể ký: biểu mẫu còn ${e.blockingErrors} lỗi số liệu phải sửa.`,
      };
    }
    return null;
  },
  'awaitingSignature:RETURN': (e) =>
    !has(e.actor, 'same', 'head')
      ? forbidden('Chỉ lãnh đạo của đơn vị mới được trả lại báo cáo đang chờ ký.')
      : hasReason(e)
        ? null
        : REASON_REQUIRED,
  'signed:SUBMIT': (e) =>
    has(e.actor, 'same', 'clerk')
      ? null
      : forbidden('Chỉ văn thư của đơn vị mới được phát hành báo cáo.'),
  'signed:RETURN': (e) =>
    !has(e.actor, 'same', 'head', 'clerk')
      ? forbidden('Chỉ lãnh đạo hoặc văn thư của đơn vị mới được trả lại báo cáo đã ký.')
      : hasReason(e)
        ? null
        : REASON_REQUIRED,
  'submitted:RETURN': returnFromUpper,
  'consolidated:RETURN': returnFromUpper,
  'submitted:ACKNOWLEDGE': (e) => {
    if (!has(e.actor, 'parent', 'officer', 'head'))
      return forbidden(
        'Chỉ chuyên viên hoặc lãnh đạo của đơn vị cấp trên trực tiếp mới được tiếp nhận báo cáo đã gửi.',
      );
    if (e.type === 'ACKNOWLEDGE' && e.alreadyAcknowledged)
      return { kind: 'alreadyAcknowledged', message: 'Báo cáo này đã được tiếp nhận.' };
    return null;
  },
  'submitted:CONSOLIDATE': (e) =>
    has(e.actor, 'parent', 'officer')
      ? null
      : forbidden('Chỉ chuyên viên của đơn vị cấp trên trực tiếp mới được tổng hợp báo cáo.'),
};

function returnFromUpper(e: ReportEvent): Refusal | null {
  if (!has(e.actor, 'parent', 'officer', 'head'))
    return forbidden(
      'Chỉ chuyên viên hoặc lãnh đạo của đơn vị cấp trên trực tiếp mới được trả lại báo cáo đã gửi.',
    );
  if (!hasReason(e)) return REASON_REQUIRED;
  if (e.type === 'RETURN' && e.upperReportSigned) {
    return {
      kind: 'upperSigned',
      message: 'Không thể trả lại: đơn vị cấp trên đã ký báo cáo tổng hợp có sử dụng báo cáo này.',
    };
  }
  return null;
}

/** Why `event` is refused in `state`, or null when it is allowed. */
export function explain(state: StepKey, event: ReportEvent): Refusal | null {
  const rule = WORKFLOW_RULES[`${state}:${event.type}`];
  if (!rule) {
    return {
      kind: 'notInThisState',
      message: `Không thể ${EVENT_NAMES[event.type].verb} khi báo cáo ${STEP_NAMES[state].phrase}.`,
    };
  }
  return rule(event);
}
