import { transition } from 'xstate';
import { relationOf } from './relation';
import {
  REPORT_EVENT_TYPES,
  ReportEvent,
  ReportEventType,
  Relation,
  STEP_KEYS,
  StepKey,
  WorkflowRole,
  explain,
} from './report-workflow.rules';
import { reportMachine, toStateValue, toStepKey } from './report.machine';

// A fixed 4-level tree, as DHIS2 tests its approvals: ministry → province → district → two communes,
// plus an unrelated province.
const PARENT: Record<string, string | undefined> = {
  M: undefined,
  P: 'M',
  D: 'P',
  C1: 'D',
  C2: 'D',
  Q: 'M',
};
const ancestors = (u: string): string[] => {
  const out: string[] = [];
  for (let p = PARENT[u]; p; p = PARENT[p]) out.push(p);
  return out;
};

/** What is allowed, written out independently of the rules table. */
const ALLOWED: Record<string, string[]> = {
  'editing:REQUEST_SIGNATURE': ['officer@same'],
  'awaitingSignature:SIGN': ['head@same'],
  'awaitingSignature:RETURN': ['head@same'],
  'signed:SUBMIT': ['clerk@same'],
  'signed:RETURN': ['head@same', 'clerk@same'],
  'submitted:RETURN': ['officer@parent', 'head@parent'],
  'submitted:CONSOLIDATE': ['officer@parent'],
  'submitted:ACKNOWLEDGE': ['officer@parent', 'head@parent'],
  'consolidated:RETURN': ['officer@parent', 'head@parent'],
};

const NEXT: Record<string, StepKey> = {
  'editing:REQUEST_SIGNATURE': 'awaitingSignature',
  'awaitingSignature:SIGN': 'signed',
  'awaitingSignature:RETURN': 'editing',
  'signed:SUBMIT': 'submitted',
  'signed:RETURN': 'editing',
  'submitted:RETURN': 'editing',
  'submitted:CONSOLIDATE': 'consolidated',
  'submitted:ACKNOWLEDGE': 'submitted',
  'consolidated:RETURN': 'editing',
};

const ROLES: WorkflowRole[] = ['officer', 'head', 'clerk', 'admin'];

function event(type: ReportEventType, role: WorkflowRole, relation: Relation): ReportEvent {
  const actor = { roles: [role], relation };
  switch (type) {
    case 'SIGN':
      return { type, actor, blockingErrors: 0 };
    case 'RETURN':
      return { type, actor, comment: 'Số liệu dòng 1.1 chưa khớp', upperReportSigned: false };
    case 'ACKNOWLEDGE':
      return { type, actor, alreadyAcknowledged: false };
    default:
      return { type, actor };
  }
}

function step(state: StepKey, ev: ReportEvent): StepKey {
  const snapshot = reportMachine.resolveState({ value: toStateValue(state), context: {} });
  const [next] = transition(reportMachine, snapshot, ev);
  return toStepKey(next.value);
}

/** Whether the machine takes a transition for the event (a staying one included). */
const takes = (state: StepKey, ev: ReportEvent) =>
  reportMachine.resolveState({ value: toStateValue(state), context: {} }).can(ev);

describe('reportMachine: every state × event × role × relation', () => {
  const cases: [StepKey, ReportEventType, WorkflowRole, string, string][] = [];
  for (const state of STEP_KEYS)
    for (const type of REPORT_EVENT_TYPES)
      for (const role of ROLES)
        for (const reportUnit of ['C1', 'D'])
          for (const actorUnit of Object.keys(PARENT))
            cases.push([state, type, role, reportUnit, actorUnit]);

  it.each(cases)(
    '%s × %s by %s: report of %s, actor of %s',
    (state, type, role, reportUnit, actorUnit) => {
      const relation = relationOf(
        actorUnit,
        reportUnit,
        ancestors(reportUnit),
        ancestors(actorUnit),
      );
      const key = `${state}:${type}`;
      const allowed = (ALLOWED[key] ?? []).includes(`${role}@${relation}`);
      const ev = event(type, role, relation);
      const next = step(state, ev);
      expect(takes(state, ev)).toBe(allowed);
      if (allowed) {
        expect(next).toBe(NEXT[key]);
        expect(explain(state, ev)).toBeNull();
      } else {
        expect(next).toBe(state);
        const why = explain(state, ev)!;
        expect(why.kind).toBe(ALLOWED[key] ? 'forbidden' : 'notInThisState');
        expect(why.message).toMatch(/[À-ỹ]/);
      }
    },
  );
});

describe(relationOf.name, () => {
  it('places every unit relative to a commune report', () => {
    const rel = (a: string) => relationOf(a, 'C1', ancestors('C1'), ancestors(a));
    expect(['C1', 'D', 'P', 'M', 'C2', 'Q'].map(rel)).toEqual([
      'same',
      'parent',
      'ancestor',
      'ancestor',
      'sibling',
      'unrelated',
    ]);
    expect(relationOf('C1', 'D', ancestors('D'), ancestors('C1'))).toBe('child');
  });
});

describe('refusals that carry a reason', () => {
  const head = { roles: ['head'] as WorkflowRole[], relation: 'same' as Relation };
  it('refuses RETURN without a reason', () => {
    expect(step('awaitingSignature', { type: 'RETURN', actor: head, comment: '  ' })).toBe(
      'awaitingSignature',
    );
    expect(explain('awaitingSignature', { type: 'RETURN', actor: head })).toEqual({
      kind: 'reasonRequired',
      message: 'Trả lại báo cáo phải ghi rõ lý do.',
    });
  });

  it('refuses SIGN while blocking validation errors exist', () => {
    const ev: ReportEvent = { type: 'SIGN', actor: head, blockingErrors: 2 };
    expect(step('awaitingSignature', ev)).toBe('awaitingSignature');
    expect(explain('awaitingSignature', ev)).toEqual({
      kind: 'blockingErrors',
      message: expect.stringMatching(/2 lỗi/),
    });
  });

  it('refuses an upper-level RETURN once the upper unit has signed its consolidated report', () => {
    const ev: ReportEvent = {
      type: 'RETURN',
      actor: { roles: ['officer'], relation: 'parent' },
      comment: 'Sai số liệu',
      upperReportSigned: true,
    };
    expect(step('submitted', ev)).toBe('submitted');
    expect(explain('submitted', ev)?.kind).toBe('upperSigned');
  });
});

describe('ACKNOWLEDGE', () => {
  const actor = { roles: ['officer'] as WorkflowRole[], relation: 'parent' as Relation };
  it('keeps a submitted report submitted and is refused a second time', () => {
    expect(takes('submitted', { type: 'ACKNOWLEDGE', actor })).toBe(true);
    expect(step('submitted', { type: 'ACKNOWLEDGE', actor })).toBe('submitted');
    const again = { type: 'ACKNOWLEDGE' as const, actor, alreadyAcknowledged: true };
    expect(takes('submitted', again)).toBe(false);
    expect(explain('submitted', again)?.kind).toBe('alreadyAcknowledged');
  });
});
