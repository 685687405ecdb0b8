import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { IncomingRegisterService } from '@app/archive';
import { AuthUser } from '@app/auth';
import { ResolvedSigning } from '@app/documents';
import {
  Report,
  ReportRequestsService,
  ReportSignaturesRepository,
  SigningRequest,
} from '@app/reports';
import { VerifiedSignerCms } from '@app/signatures';
import { StepKey } from '@app/workflow';
import { HeadSigning } from './head-signing.service';
import { IssuingService } from './issuing.service';
import { IssueReservation } from './signing-requests.service';
import { EffectName } from './transition-effects';
import { TransitionNotices } from './transition-notices.service';
import type { WorkflowEventInput } from './workflow.service';

/** What a step's effects see and add to its history row. */
export interface StepContext {
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
  /** Token mode: the signer's signature that arrived for this step, verified, and the signed PDF. */
  deferred?: { request: SigningRequest; pdf: Buffer; verified: VerifiedSignerCms };
}

/**
 * What each effect a step declares (transition-effects.ts) does: the signature recorded or voided,
 * the document issued, the incoming entry acknowledged, a requested period opened, the log line,
 * the notices. WorkflowService runs them in or after the step's transaction.
 */
@Injectable()
export class StepEffects {
  private readonly logger = new Logger(StepEffects.name);

  private readonly effects: Record<EffectName, (ctx: StepContext) => Promise<void>> = {
    recordSignature: async (ctx) =>
      void (ctx.details.sha256 = await this.headSigning.record(ctx.em, ctx.report, ctx.actor, {
        signing: ctx.signing,
        deferred: ctx.deferred,
      })),
    voidSignatures: (ctx) => this.signatures.voidActive(ctx.em, ctx.report.id, ctx.comment),
    issueDocument: async (ctx) =>
      void Object.assign(
        ctx.details,
        ctx.deferred
          ? await this.issuing.issueSigned(
              ctx.em,
              ctx.report,
              ctx.actor,
              ctx.deferred.request.details as unknown as IssueReservation,
              ctx.deferred.pdf,
            )
          : await this.issuing.issue(ctx.em, ctx.report, ctx.actor, {
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
      const period = await this.reportRequests.openPeriod(
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
    private readonly signatures: ReportSignaturesRepository,
    private readonly issuing: IssuingService,
    private readonly notices: TransitionNotices,
    private readonly headSigning: HeadSigning,
    private readonly incoming: IncomingRegisterService,
    private readonly reportRequests: ReportRequestsService,
  ) {}

  run(name: EffectName, ctx: StepContext): Promise<void> {
    return this.effects[name](ctx);
  }
}
