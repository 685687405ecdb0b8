import { Injectable } from '@nestjs/common';
import { transition } from 'xstate';
import { EntityManager } from 'typeorm';
import { AuthUser } from '@app/auth';
import { Clock } from '@app/common';
import {
  REPORT_MACHINE_VERSION,
  Refusal,
  ReportEvent,
  StepKey,
  explain,
  reportMachine,
  toStateValue,
  toStepKey,
} from '@app/workflow';
import { ReportHistoryRepository } from './report-history.repository';
import { ReportsRepository } from './reports.repository';
import { staleVersion } from './reports.service';

/** The stored columns of a step. */
export function storedState(step: StepKey): { state: string; step: string | null } {
  const draft = step === 'editing' || step === 'awaitingSignature';
  return { state: draft ? 'draft' : step, step: draft ? step : null };
}

/** Where `event` takes a report in `from` by the pure machine, or why it is refused. */
export function nextStep(
  from: StepKey,
  event: ReportEvent,
): { to: StepKey } | { refusal: Refusal } {
  const snapshot = reportMachine.resolveState({ value: toStateValue(from), context: {} });
  // `can` also sees a transition that stays in its state (ACKNOWLEDGE).
  if (snapshot.can(event)) {
    const [next] = transition(reportMachine, snapshot, event);
    return { to: toStepKey(next.value) };
  }
  return {
    refusal: explain(from, event) ?? {
      kind: 'notInThisState',
      message: 'Thao tác không được phép.',
    },
  };
}

export interface TransitionRecord {
  reportId: string;
  from: StepKey;
  to: StepKey;
  actor: Pick<AuthUser, 'id' | 'fullName'>;
  event: string;
  comment: string | null;
  details: Record<string, unknown> | null;
}

/** Persists workflow steps: the report's state and version, and an append-only history row, in the caller's transaction. */
@Injectable()
export class ReportTransitions {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly history: ReportHistoryRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Moves the report if it still has the version the actor read (else 409, nothing written); the new
   * version. Leaving the states that are out forgets an acknowledgement; ACKNOWLEDGE stamps it.
   */
  async move(
    em: EntityManager,
    t: { reportId: string; expectedVersion: number; to: StepKey; acknowledge?: boolean },
  ): Promise<number> {
    const version = await this.reports.transition(
      em,
      t.reportId,
      t.expectedVersion,
      storedState(t.to),
      REPORT_MACHINE_VERSION,
      this.clock.now(),
      t.acknowledge ?? false,
    );
    if (version === null) {
      const current = await this.reports.findById(t.reportId, em);
      throw staleVersion(current?.version ?? 0, t.expectedVersion);
    }
    return version;
  }

  /** Who took the report's latest `event` step (the officer who last asked for a signature …). */
  lastActorOf(em: EntityManager, reportId: string, event: string): Promise<string | null> {
    return this.history.lastActorId(em, reportId, event);
  }

  /** The history row of a step already made. */
  async record(em: EntityManager, t: TransitionRecord): Promise<void> {
    await this.history.append(em, t.reportId, {
      actorId: t.actor.id,
      actorName: t.actor.fullName,
      event: t.event,
      fromState: t.from,
      toState: t.to,
      comment: t.comment,
      details: t.details,
      at: this.clock.now(),
    });
  }

  /**
   * A system step (consolidation) of many reports in the same state at once, checked by the machine
   * like any event: one UPDATE and one history INSERT for all of them.
   */
  async moveMany(
    em: EntityManager,
    reportIds: string[],
    from: StepKey,
    event: ReportEvent,
    actor: Pick<AuthUser, 'id' | 'fullName'>,
    details?: Record<string, unknown>,
  ) {
    if (reportIds.length === 0) return;
    const step = nextStep(from, event);
    if ('refusal' in step)
      throw new Error(`system step ${event.type} refused in ${from}: ${step.refusal.message}`);
    const moved = await this.reports.transitionMany(
      em,
      reportIds,
      from,
      step.to,
      REPORT_MACHINE_VERSION,
      this.clock.now(),
    );
    await this.history.appendMany(em, moved, {
      actorId: actor.id,
      actorName: actor.fullName,
      event: event.type,
      fromState: from,
      toState: step.to,
      comment: null,
      details: details ?? null,
      at: this.clock.now(),
    });
  }
}
