import { ReportEventType, StepKey } from '@app/workflow';
import type { TransitionNoticeKind } from './transition-notices';

/**
 * What a transition does besides moving the report's state, declared next to the transitions the
 * way commerce engines declare an order process and its hooks: matched by event, source state and
 * target state. `inTransaction` effects run inside the transition's transaction, in this order, and
 * any failure rolls the whole step back; `afterCommit` effects run once it is committed.
 */
export type EffectName =
  | 'recordSignature'
  | 'voidSignatures'
  | 'issueDocument'
  | 'openRequestedPeriod'
  | 'logTransition'
  /** The upper unit's receipt of the report also acknowledges its incoming register entry. */
  | 'acknowledgeIncoming'
  /** In-app notifications of the step: who and what in transition-notices.ts. */
  | `notify:${TransitionNoticeKind}`;

export interface TransitionEffect {
  event?: ReportEventType;
  from?: readonly StepKey[];
  to?: StepKey;
  phase: 'inTransaction' | 'afterCommit';
  run: EffectName;
}

export const TRANSITION_EFFECTS: readonly TransitionEffect[] = [
  // The head signs exactly what they saw: signer, authority and the SHA-256 of the content.
  { event: 'SIGN', phase: 'inTransaction', run: 'recordSignature' },
  // A signed report sent back (by its unit or by the upper unit) loses its signature.
  {
    event: 'RETURN',
    from: ['signed', 'submitted', 'consolidated'],
    phase: 'inTransaction',
    run: 'voidSignatures',
  },
  // Issuing: number, final PDF, both digital signatures, the frozen original — or nothing.
  { event: 'SUBMIT', to: 'submitted', phase: 'inTransaction', run: 'issueDocument' },
  // An issued request for reports (CV, KH with `request`) opens its period for the units asked.
  { event: 'SUBMIT', to: 'submitted', phase: 'inTransaction', run: 'openRequestedPeriod' },
  // Who must act next hears of it, in the same transaction (after issuing: the number is known).
  { event: 'REQUEST_SIGNATURE', phase: 'inTransaction', run: 'notify:signatureRequested' },
  { event: 'SIGN', phase: 'inTransaction', run: 'notify:signed' },
  { event: 'RETURN', phase: 'inTransaction', run: 'notify:returned' },
  { event: 'SUBMIT', to: 'submitted', phase: 'inTransaction', run: 'notify:issued' },
  { event: 'SUBMIT', to: 'submitted', phase: 'inTransaction', run: 'notify:received' },
  // The upper unit's receipt (ACKNOWLEDGE keeps the state; the step stamps acknowledged_at).
  { event: 'ACKNOWLEDGE', phase: 'inTransaction', run: 'acknowledgeIncoming' },
  { event: 'ACKNOWLEDGE', phase: 'inTransaction', run: 'notify:acknowledged' },
  { phase: 'afterCommit', run: 'logTransition' },
];

/** The effects of one step, in declaration order. */
export function effectsOf(
  step: { event: ReportEventType; from: StepKey; to: StepKey },
  phase: TransitionEffect['phase'],
): EffectName[] {
  return TRANSITION_EFFECTS.filter(
    (e) =>
      e.phase === phase &&
      (!e.event || e.event === step.event) &&
      (!e.from || e.from.includes(step.from)) &&
      (!e.to || e.to === step.to),
  ).map((e) => e.run);
}
