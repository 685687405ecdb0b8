import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '@app/auth';
import { Clock } from '@app/common';
import { ResolvedSigning, SignAuthority, documentType } from '@app/documents';
import { OrgRepository } from '@app/org';
import {
  Report,
  ReportAccess,
  ReportCellsRepository,
  ReportFormsService,
  ReportTransitions,
  ReportView,
  ReportsRepository,
  nextStep,
  staleVersion,
} from '@app/reports';
import { Relation, ReportEvent, StepKey, isOut, relationOf, stepOf } from '@app/workflow';
import { ApprovalErrors, refusalError } from './approval.errors';
import { HeadSigning } from './head-signing.service';
import { ReportViews } from './report-views.service';
import { SigningRequestsService } from './signing-requests.service';
import { effectsOf } from './transition-effects';
import { StepContext, StepEffects } from './step-effects.service';

export interface WorkflowEventInput {
  type: 'REQUEST_SIGNATURE' | 'SIGN' | 'SUBMIT' | 'RETURN' | 'ACKNOWLEDGE';
  /** The version the actor read. */
  version: number;
  /** The reason of a RETURN (required there). */
  comment?: string;
  /** SIGN: the authority of this signature (signing-authority.ts); the signer's default otherwise. */
  authority?: SignAuthority;
  /** SUBMIT: the issue date, YYYY-MM-DD (today by default; never after today, never before signing). */
  issueDate?: string;
  /** SUBMIT: this document's filing unit in "- Lưu: VT, …" (the unit's by default). */
  filingUnit?: string;
}

/**
 * Steps a report through the approval machine: loads it, computes the next step with XState's pure
 * `transition()`, then in one transaction stores state and version (guarded by the version the actor
 * read), runs the step's declared effects (transition-effects.ts) and appends the history row.
 */
@Injectable()
export class WorkflowService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: ReportAccess,
    private readonly org: OrgRepository,
    private readonly reports: ReportsRepository,
    private readonly reportForms: ReportFormsService,
    private readonly cells: ReportCellsRepository,
    private readonly transitions: ReportTransitions,
    private readonly views: ReportViews,
    private readonly headSigning: HeadSigning,
    private readonly requests: SigningRequestsService,
    private readonly clock: Clock,
    private readonly stepEffects: StepEffects,
  ) {}

  /** What a head should know before pressing Ký, for the page (HeadSigning.readiness). */
  signingReadiness(user: AuthUser, report: Report) {
    return this.headSigning.readiness(user, report);
  }

  /** The actor's unit seen from the report's unit. */
  async relation(user: AuthUser, report: Pick<Report, 'orgUnitId'>): Promise<Relation> {
    const [reportAncestors, actorAncestors] = await Promise.all([
      this.org.ancestorIds(report.orgUnitId),
      this.org.ancestorIds(user.orgUnitId),
    ]);
    return relationOf(user.orgUnitId, report.orgUnitId, reportAncestors, actorAncestors);
  }

  /**
   * A workflow event. In a unit signing with tokens, SIGN (the head) and SUBMIT (the clerk) only
   * prepare the signature the server waits for (the report shows `pendingSignature`); the step
   * happens when the signer's CMS arrives (completeSignature).
   */
  async fire(user: AuthUser, id: string, input: WorkflowEventInput): Promise<ReportView> {
    const report = await this.access.loadVisible(user, id);
    const ctx = await this.checkedStep(user, report, input);
    const unit = (await this.org.findById(report.orgUnitId))!;
    if ((input.type === 'SIGN' || input.type === 'SUBMIT') && unit.signingMode === 'token') {
      await this.ds.transaction((em) =>
        input.type === 'SIGN'
          ? this.requests.requestHeadSignature(em, report, user, ctx.signing!)
          : this.requests.requestOrganisationSignature(em, report, user, {
              issueDate: input.issueDate,
              filingUnit: input.filingUnit,
            }),
      );
      return this.views.of(report);
    }
    return this.commit(ctx);
  }

  /**
   * The signer's CMS for the report's pending request (token mode): checked (the request, the
   * signer, the signature: SigningRequestsService.accept), then the waiting step happens with it,
   * in one transaction. Any refusal → 422, nothing changed.
   */
  async completeSignature(
    user: AuthUser,
    id: string,
    body: { requestId: string; cms: string },
  ): Promise<ReportView> {
    const report = await this.access.loadVisible(user, id);
    const pending = await this.requests.pendingRequest(report.id, body.requestId);
    const asked = pending.details as unknown as ResolvedSigning;
    const input: WorkflowEventInput =
      pending.role === 'head'
        ? { type: 'SIGN', version: report.version, authority: asked.authority ?? undefined }
        : { type: 'SUBMIT', version: report.version };
    const ctx = await this.checkedStep(user, report, input);
    // The signature prints what the head chose when asking for it.
    if (pending.role === 'head') ctx.signing = asked;
    return this.commit(ctx, (em) =>
      this.requests.accept(em, user, report, body.requestId, body.cms),
    );
  }

  /** The step an event asks for, once the machine allows it and the version is the one read. */
  private async checkedStep(
    user: AuthUser,
    report: Report,
    input: WorkflowEventInput,
  ): Promise<Omit<StepContext, 'em'>> {
    // A report replaced by a later one (POST /api/reports with replaces) no longer moves.
    if (report.supersededByReportId) throw ApprovalErrors.REPORT_SUPERSEDED();
    const from = stepOf(report);
    const { event, violations } = await this.event(user, report, from, input);
    const step = nextStep(from, event);
    if ('refusal' in step) throw refusalError(step.refusal, violations);
    if (input.version !== report.version) throw staleVersion(report.version, input.version);
    return {
      report,
      actor: user,
      event: input.type,
      from,
      to: step.to,
      comment: input.type === 'RETURN' ? input.comment!.trim() : input.comment?.trim() || null,
      input,
      signing:
        input.type === 'SIGN'
          ? await this.headSigning.authority(user, report, input.authority)
          : undefined,
      details: {},
    };
  }

  /**
   * Stores the step in one transaction: state and version (guarded by the version read), the
   * signature that arrived (token mode), the step's effects, the history row; a pending request
   * of the report is done with (completed, or cancelled by any other step).
   */
  private async commit(
    ctx: Omit<StepContext, 'em'>,
    accept?: (em: EntityManager) => Promise<NonNullable<StepContext['deferred']>>,
  ): Promise<ReportView> {
    const { report } = ctx;
    await this.ds.transaction(async (em) => {
      const deferred = accept ? await accept(em) : undefined;
      const version = await this.transitions.move(em, {
        reportId: report.id,
        expectedVersion: ctx.input.version,
        to: ctx.to,
        acknowledge: ctx.input.type === 'ACKNOWLEDGE',
      });
      const inTx: StepContext = { ...ctx, em, report: { ...report, version } as Report, deferred };
      for (const name of effectsOf(inTx, 'inTransaction')) await this.stepEffects.run(name, inTx);
      await this.transitions.record(em, {
        ...inTx,
        reportId: report.id,
        details: Object.keys(inTx.details).length ? inTx.details : null,
      });
      if (deferred) await this.requests.complete(em, deferred.request.id);
      else await this.requests.cancel(em, report.id);
    });
    for (const name of effectsOf(ctx, 'afterCommit'))
      await this.stepEffects.run(name, { ...ctx, em: this.ds.manager });
    return this.views.of((await this.reports.findById(report.id))!);
  }

  /** The machine's event, with what its guards need: blocking rule errors for SIGN, whether the upper unit signed for RETURN, whether ACKNOWLEDGE was already done. */
  private async event(user: AuthUser, report: Report, from: StepKey, input: WorkflowEventInput) {
    const actor = { roles: user.roles, relation: await this.relation(user, report) };
    switch (input.type) {
      case 'SIGN': {
        // A letter's or plan's annexes are blank forms for the lower units: their rules never block.
        const violations =
          from === 'awaitingSignature' && documentType(report.type).annexRulesBlock
            ? (await this.reportForms.violations(report, await this.cells.load(report.id))).filter(
                (v) => v.severity === 'error',
              )
            : [];
        return {
          event: { type: 'SIGN', actor, blockingErrors: violations.length } as ReportEvent,
          violations,
        };
      }
      case 'RETURN': {
        const [parent] = isOut(from) ? await this.org.ancestorIds(report.orgUnitId) : [];
        const upperReportSigned = parent
          ? await this.reports.hasSignedConsolidated(parent, report.periodId)
          : false;
        return {
          event: {
            type: 'RETURN',
            actor,
            comment: input.comment,
            upperReportSigned,
          } as ReportEvent,
          violations: [],
        };
      }
      case 'ACKNOWLEDGE':
        return {
          event: {
            type: 'ACKNOWLEDGE',
            actor,
            alreadyAcknowledged: report.acknowledgedAt !== null,
          } as ReportEvent,
          violations: [],
        };
      default:
        return { event: { type: input.type, actor } as ReportEvent, violations: [] };
    }
  }
}
