import { setup } from 'xstate';
import { ReportEvent, StepKey, WORKFLOW_RULES } from './report-workflow.rules';

/** Bump when the machine's states change, so stored snapshots can be migrated. */
export const REPORT_MACHINE_VERSION = 1;

/**
 * The approval process of a report: draft (editing → awaitingSignature) → signed → submitted →
 * consolidated, with returns that carry a reason and the upper unit's acknowledgement of a
 * submitted report (a transition that keeps the state). Pure XState v5; stepped with `transition()`.
 */
export const reportMachine = setup({
  types: {
    context: {} as Record<string, never>,
    events: {} as ReportEvent,
  },
  guards: {
    allowed: ({ event }, params: { rule: keyof typeof WORKFLOW_RULES }) =>
      WORKFLOW_RULES[params.rule]?.(event) === null,
  },
}).createMachine({
  id: 'report',
  initial: 'draft',
  context: {},
  states: {
    draft: {
      initial: 'editing',
      states: {
        editing: {
          on: {
            REQUEST_SIGNATURE: {
              target: 'awaitingSignature',
              guard: { type: 'allowed', params: { rule: 'editing:REQUEST_SIGNATURE' } },
            },
          },
        },
        awaitingSignature: {
          on: {
            SIGN: {
              target: '#report.signed',
              guard: { type: 'allowed', params: { rule: 'awaitingSignature:SIGN' } },
            },
            RETURN: {
              target: 'editing',
              guard: { type: 'allowed', params: { rule: 'awaitingSignature:RETURN' } },
            },
          },
        },
      },
    },
    signed: {
      on: {
        SUBMIT: {
          target: 'submitted',
          guard: { type: 'allowed', params: { rule: 'signed:SUBMIT' } },
        },
        RETURN: {
          target: '#report.draft.editing',
          guard: { type: 'allowed', params: { rule: 'signed:RETURN' } },
        },
      },
    },
    submitted: {
      on: {
        CONSOLIDATE: {
          target: 'consolidated',
          guard: { type: 'allowed', params: { rule: 'submitted:CONSOLIDATE' } },
        },
        RETURN: {
          target: '#report.draft.editing',
          guard: { type: 'allowed', params: { rule: 'submitted:RETURN' } },
        },
        // Receipt confirmed by the upper unit: a transition to itself (the step records when).
        ACKNOWLEDGE: {
          target: '#report.submitted',
          guard: { type: 'allowed', params: { rule: 'submitted:ACKNOWLEDGE' } },
        },
      },
    },
    consolidated: {
      on: {
        RETURN: {
          target: '#report.draft.editing',
          guard: { type: 'allowed', params: { rule: 'consolidated:RETURN' } },
        },
      },
    },
  },
});

/** The stored state (state column + step column) of a machine snapshot value. */
export function toStepKey(value: unknown): StepKey {
  if (typeof value === 'string') return value as StepKey;
  const draft = (value as { draft?: string }).draft;
  return (draft ?? 'editing') as StepKey;
}

/** The snapshot value of a stored state and step. */
export function toStateValue(step: StepKey): string | { draft: string } {
  return step === 'editing' || step === 'awaitingSignature' ? { draft: step } : step;
}
