import type { ReportEventType, StepKey } from './report-workflow.rules';

/** The stored states of a report; a draft is further `editing` or `awaitingSignature`. */
export const REPORT_STATES = ['draft', 'signed', 'submitted', 'consolidated'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

/** The states of a report that is out: issued and sent up (and possibly consolidated). */
export const OUT_STATES = ['submitted', 'consolidated'] as const satisfies readonly ReportState[];

/** Whether a report in this state has been issued and sent up. */
export const isOut = (state: string): boolean => (OUT_STATES as readonly string[]).includes(state);

/** The step people talk about, from the stored state and draft step. */
export const stepOf = (r: { state: string; step?: string | null }): StepKey =>
  (r.state === 'draft' ? (r.step ?? 'editing') : r.state) as StepKey;

/** How a step is named: `label` on its own (a badge, a column), `phrase` inside a sentence. */
export const STEP_NAMES: Record<StepKey, { label: string; phrase: string }> = {
  editing: { label: 'Đang soạn thảo', phrase: 'đang soạn thảo' },
  awaitingSignature: { label: 'Chờ lãnh đạo ký', phrase: 'đang chờ lãnh đạo ký' },
  signed: { label: 'Đã ký, chờ phát hành', phrase: 'đã được ký, chờ phát hành' },
  submitted: { label: 'Đã phát hành, đã gửi', phrase: 'đã phát hành và gửi đi' },
  consolidated: { label: 'Đã tổng hợp', phrase: 'đã được cấp trên tổng hợp' },
};

/** The label of a state (a draft's step refines it); `missing` is a unit that has no report, `returned` one the upper unit sent back. */
export function stateLabel(state: string, step?: string | null): string {
  if (state === 'missing') return 'Chưa gửi';
  if (state === 'returned') return 'Đã trả lại';
  if (state === 'draft')
    return STEP_NAMES[step === 'awaitingSignature' ? 'awaitingSignature' : 'editing'].label;
  return STEP_NAMES[state as StepKey]?.label ?? state;
}

/** How an event is named: `label` in a history line or a button, `verb` inside a sentence. */
export const EVENT_NAMES: Record<
  ReportEventType | 'CONSOLIDATION',
  { label: string; verb: string }
> = {
  REQUEST_SIGNATURE: { label: 'Trình ký', verb: 'trình ký' },
  SIGN: { label: 'Ký', verb: 'ký' },
  SUBMIT: { label: 'Phát hành', verb: 'phát hành' },
  RETURN: { label: 'Trả lại', verb: 'trả lại' },
  CONSOLIDATE: { label: 'Được tổng hợp', verb: 'tổng hợp' },
  ACKNOWLEDGE: { label: 'Tiếp nhận', verb: 'tiếp nhận' },
  CONSOLIDATION: { label: 'Tổng hợp số liệu', verb: 'tổng hợp số liệu' },
};

export const eventLabel = (event: string): string =>
  EVENT_NAMES[event as ReportEventType]?.label ?? event;
