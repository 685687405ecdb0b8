import { NotificationKind } from '@app/notifications';

/**
 * Who hears of a step, in terms of the report, and what they read (Vietnamese). The transition
 * effects name the notice (`notify:<kind>` in transition-effects.ts); this table says who and what.
 * The actor is never told of their own step.
 */
export type NoticeAudience =
  /** The heads of the report's unit: they sign. */
  | 'unitHeads'
  /** Its clerks: they issue. */
  | 'unitClerks'
  /** Whoever wrote it: its creator and the officer who last asked for a signature. */
  | 'drafters'
  /**
   * The officers of the units it goes to: the recipients named on it and the direct upper unit
   * (whose officers review and consolidate what comes up, the inbox's "Xem xét").
   */
  | 'receivingOfficers';

/** The notifications a workflow step makes (reminders and escalations come from the deadlines). */
export type TransitionNoticeKind = Exclude<NotificationKind, 'reminder' | 'escalation'>;

/** What the wording may use. */
export interface NoticeFacts {
  title: string;
  unitName: string;
  actorName: string;
  actorUnitName: string;
  reason: string | null;
  numberText: string | null;
}

export interface NoticeSpec {
  audience: readonly NoticeAudience[];
  title: (f: NoticeFacts) => string;
  body: (f: NoticeFacts) => string;
}

export const TRANSITION_NOTICES: Record<TransitionNoticeKind, NoticeSpec> = {
  signatureRequested: {
    audience: ['unitHeads'],
    title: (f) => `Báo cáo “${f.title}” đang chờ ký`,
    body: (f) => `${f.actorName} đã trình ký báo cáo của ${f.unitName}.`,
  },
  signed: {
    audience: ['unitClerks', 'drafters'],
    title: (f) => `Báo cáo “${f.title}” đã được ký`,
    body: (f) => `${f.actorName} đã ký báo cáo; văn thư phát hành để cấp số và gửi đi.`,
  },
  returned: {
    audience: ['drafters'],
    title: (f) => `Báo cáo “${f.title}” bị trả lại`,
    body: (f) =>
      `Báo cáo bị trả lại: ${f.reason ?? ''}\nNgười trả lại: ${f.actorName} (${f.actorUnitName}).`,
  },
  issued: {
    audience: ['drafters'],
    title: (f) => `Báo cáo “${f.title}” đã được phát hành`,
    body: (f) => `${f.actorName} đã phát hành báo cáo, số ${f.numberText ?? ''}.`,
  },
  acknowledged: {
    audience: ['drafters', 'unitClerks'],
    title: (f) => `Báo cáo “${f.title}” đã được cấp trên tiếp nhận`,
    body: (f) =>
      `${f.actorUnitName} đã tiếp nhận báo cáo${f.numberText ? ` số ${f.numberText}` : ''} của ${f.unitName}.\nNgười tiếp nhận: ${f.actorName}.`,
  },
  received: {
    audience: ['receivingOfficers'],
    title: (f) => `Văn bản đến: báo cáo “${f.title}” của ${f.unitName}`,
    body: (f) => `${f.unitName} đã gửi báo cáo số ${f.numberText ?? ''} đến đơn vị của bạn.`,
  },
};
