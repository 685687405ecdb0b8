import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { IncomingRegisterService } from '@app/archive';
import { AuthUser } from '@app/auth';
import { Clock } from '@app/common';
import {
  ResolvedSigning,
  SignAuthority,
  collectiveName,
  documentType,
  resolveSigning,
} from '@app/documents';
import { OrgRepository } from '@app/org';
import {
  Report,
  ReportAccess,
  ReportCellsRepository,
  ReportFormsService,
  ReportRequestsService,
  ReportSignaturesRepository,
  ReportTransitions,
  ReportView,
  ReportsRepository,
  contentSha256,
  nextStep,
  staleVersion,
} from '@app/reports';
import { SigningCredentialsService } from '@app/signatures';
import { Relation, ReportEvent, StepKey, isOut, relationOf, stepOf } from '@app/workflow';
import { ApprovalErrors, refusalError } from './approval.errors';
import { IssuingService } from './issuing.service';
import { ReportViews } from './report-views.service';
import { EffectName, effectsOf } from './transition-effects';
import { TransitionNotices } from './transition-notices.service';

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

/** What a step's effects see and add to its history row. */
interface StepContext {
  em: EntityManager;
  report: Report;
  actor: AuthUser;
  event: WorkflowEventInput['type'];
  from: StepKey;
  to: StepKey;
  comment: string | null;
  input: WorkflowEventInput;
  /** SIGN: the authority and head title this signature prints. */
  signing?: ResolvedSigning;
  /** Recorded with the history row. */
  details: Record<string, unknown>;
}

/**
 * Steps a report through the approval machine: loads it, computes the next step with XState's pure
 * `transition()`, then in one transaction stores state and version (guarded by the version the actor
 * read), runs the step's declared effects (transition-effects.ts) and appends the history row.
 */
@Injectable()
export class WorkflowService {
  private readonly logger = new Logger(WorkflowService.name);

  private readonly effects: Record<EffectName, (ctx: StepContext) => Promise<void>> = {
    recordSignature: (ctx) => this.recordSignature(ctx),
    voidSignatures: (ctx) => this.signatures.voidActive(ctx.em, ctx.report.id, ctx.comment),
    issueDocument: async (ctx) =>
      void Object.assign(
        ctx.details,
        await this.issuing.issue(ctx.em, ctx.report, ctx.actor, {
          issueDate: ctx.input.issueDate,
          filingUnit: ctx.input.filingUnit,
        }),
      ),
    acknowledgeIncoming: (ctx) =>
      this.incoming.acknowledgeReport(ctx.em, ctx.report.id, ctx.actor.orgUnitId, ctx.actor),
    openRequestedPeriod: async (ctx) => {
      const issued = ctx.details as {
        documentId?: string;
        numberText?: string;
        issueDate?: string;
      };
      if (!ctx.report.request || !issued.documentId) return;
      const period = await this.requests.openPeriod(
        ctx.em,
        ctx.report,
        {
          documentId: issued.documentId,
          numberText: issued.numberText!,
          issueDate: issued.issueDate!,
        },
        ctx.actor,
      );
      if (period) ctx.details.requestedPeriodId = period.id;
    },
    logTransition: async (ctx) =>
      this.logger.log({
        msg: 'report transition',
        reportId: ctx.report.id,
        event: ctx.event,
        from: ctx.from,
        to: ctx.to,
        actorId: ctx.actor.id,
      }),
    'notify:signatureRequested': (ctx) => this.notices.notify(ctx, 'signatureRequested'),
    'notify:signed': (ctx) => this.notices.notify(ctx, 'signed'),
    'notify:returned': (ctx) => this.notices.notify(ctx, 'returned'),
    'notify:issued': (ctx) => this.notices.notify(ctx, 'issued'),
    'notify:received': (ctx) => this.notices.notify(ctx, 'received'),
    'notify:acknowledged': (ctx) => this.notices.notify(ctx, 'acknowledged'),
  };

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: ReportAccess,
    private readonly org: OrgRepository,
    private readonly reports: ReportsRepository,
    private readonly reportForms: ReportFormsService,
    private readonly cells: ReportCellsRepository,
    private readonly signatures: ReportSignaturesRepository,
    private readonly transitions: ReportTransitions,
    private readonly issuing: IssuingService,
    private readonly views: ReportViews,
    private readonly notices: TransitionNotices,
    private readonly credentials: SigningCredentialsService,
    private readonly clock: Clock,
    private readonly incoming: IncomingRegisterService,
    private readonly requests: ReportRequestsService,
  ) {}

  /**
   * What a head should know before pressing Ký, for the page: the refusal of their position's
   * default signing authority (SIGN would answer it, 422), and whether they hold a valid signing
   * certificate (without one SIGN succeeds, but issuing is refused until an admin adds one).
   */
  async signingReadiness(
    user: AuthUser,
    report: Report,
  ): Promise<{ authorityRefusal: string | null; hasCertificate: boolean }> {
    const [resolved, hasCertificate] = await Promise.all([
      this.resolveSigning(user, report),
      this.credentials.hasValid('user', user.id),
    ]);
    return { authorityRefusal: 'refused' in resolved ? resolved.refused : null, hasCertificate };
  }

  /** The actor's unit seen from the report's unit. */
  async relation(user: AuthUser, report: Pick<Report, 'orgUnitId'>): Promise<Relation> {
    const [reportAncestors, actorAncestors] = await Promise.all([
      this.org.ancestorIds(report.orgUnitId),
      this.org.ancestorIds(user.orgUnitId),
    ]);
    return relationOf(user.orgUnitId, report.orgUnitId, reportAncestors, actorAncestors);
  }

  async fire(user: AuthUser, id: string, input: WorkflowEventInput): Promise<ReportView> {
    const report = await this.access.loadVisible(user, id);
    // A report replaced by a later one (POST /api/reports with replaces) no longer moves.
    if (report.supersededByReportId) throw ApprovalErrors.REPORT_SUPERSEDED();
    const from = stepOf(report);
    const { event, violations } = await this.event(user, report, from, input);
    const step = nextStep(from, event);
    if ('refusal' in step) throw refusalError(step.refusal, violations);
    if (input.version !== report.version) throw staleVersion(report.version, input.version);
    const ctx = {
      report,
      actor: user,
      event: input.type,
      from,
      to: step.to,
      comment: input.type === 'RETURN' ? input.comment!.trim() : input.comment?.trim() || null,
      input,
      signing: input.type === 'SIGN' ? await this.signing(user, report, input) : undefined,
      details: {},
    };
    await this.ds.transaction(async (em) => {
      const version = await this.transitions.move(em, {
        reportId: report.id,
        expectedVersion: input.version,
        to: step.to,
        acknowledge: input.type === 'ACKNOWLEDGE',
      });
      const inTx: StepContext = { ...ctx, em, report: { ...report, version } as Report };
      for (const name of effectsOf(inTx, 'inTransaction')) await this.effects[name](inTx);
      await this.transitions.record(em, {
        ...inTx,
        reportId: report.id,
        details: Object.keys(inTx.details).length ? inTx.details : null,
      });
    });
    for (const name of effectsOf(ctx, 'afterCommit'))
      await this.effects[name]({ ...ctx, em: this.ds.manager });
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

  /** The authority of a signature: the one asked for, when the signer's position allows it (422 naming the allowed ones otherwise). */
  private async signing(
    user: AuthUser,
    report: Report,
    input: WorkflowEventInput,
  ): Promise<ResolvedSigning> {
    const resolved = await this.resolveSigning(user, report, input.authority);
    if ('refused' in resolved)
      throw ApprovalErrors.SIGN_AUTHORITY_NOT_ALLOWED(
        { message: resolved.refused },
        { errors: [{ field: 'authority', message: resolved.refused }] },
      );
    return resolved;
  }

  private async resolveSigning(user: AuthUser, report: Report, authority?: SignAuthority) {
    const unit = (await this.org.findById(report.orgUnitId))!;
    return resolveSigning(
      {
        unitKind: unit.kind,
        collectiveName: collectiveName(unit),
        positionTitle: user.positionTitle,
        headTitle: user.signHeadTitle,
        defaultAuthority: user.signAuthority,
      },
      authority,
    );
  }

  /** The head's signature of exactly what they saw: the SHA-256 of the report's canonical content. */
  private async recordSignature(ctx: StepContext): Promise<void> {
    const { em, report, actor } = ctx;
    const data = await this.cells.load(report.id, em);
    const sha256 = contentSha256({
      title: report.title,
      narrative: report.narrative,
      recipients: report.recipients,
      data,
    });
    await this.signatures.insert(em, {
      reportId: report.id,
      signerId: actor.id,
      signerName: actor.fullName,
      positionTitle: actor.positionTitle,
      signAuthority: ctx.signing?.authority ?? actor.signAuthority,
      signHeadTitle: ctx.signing?.headTitle ?? actor.signHeadTitle,
      signedAt: this.clock.now(),
      contentSha256: sha256,
      reportVersion: report.version,
    });
    ctx.details.sha256 = sha256;
  }
}
