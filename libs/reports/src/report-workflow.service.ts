import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { transition } from 'xstate';
import { z } from 'zod';
import { AuthUser } from '@app/auth';
import { DomainException, parseInput } from '@app/common';
import { OrgRepository } from '@app/org';
import { REPORT_MACHINE_VERSION, Refusal, ReportEvent, Relation, StepKey, explain, relationOf, reportMachine, toStateValue, toStepKey } from '@app/workflow';
import { Report } from './entities/report.entity';
import { ReportHistory } from './entities/report-history.entity';
import { ReportSignature } from './entities/report-signature.entity';
import { contentSha256 } from './content-hash';
import { ReportAccess } from './report-access';
import { ReportCellsRepository } from './report-cells.repository';
import { ReportView, ReportsService } from './reports.service';
import { ReportIssuerRegistry } from './report-issuer.registry';

export const EventSchema = z
  .object({
    type: z.enum(['REQUEST_SIGNATURE', 'SIGN', 'SUBMIT', 'RETURN']),
    version: z.number().int().min(1),
    comment: z.string().max(4000).optional(),
  })
  .strict();

export const stepOf = (r: Pick<Report, 'state' | 'step'>): StepKey => (r.state === 'draft' ? (r.step ?? 'editing') : r.state) as StepKey;

/**
 * Steps a report through the approval machine. Loads the report, computes the next snapshot with
 * XState's pure `transition()`, then in one transaction stores state + snapshot + machine version
 * + version (guarded by the version the client read) and an append-only history row.
 */
@Injectable()
export class ReportWorkflowService {
  private readonly logger = new Logger(ReportWorkflowService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: ReportAccess,
    private readonly org: OrgRepository,
    private readonly reports: ReportsService,
    private readonly issuers: ReportIssuerRegistry,
  ) {}

  async relation(user: AuthUser, report: Report): Promise<Relation> {
    const [reportAncestors, actorAncestors] = await Promise.all([this.org.ancestorIds(report.orgUnitId), this.org.ancestorIds(user.orgUnitId)]);
    return relationOf(user.orgUnitId, report.orgUnitId, reportAncestors, actorAncestors);
  }

  async fire(user: AuthUser, id: string, body: unknown): Promise<ReportView> {
    const input = parseInput(EventSchema, body);
    const report = await this.access.loadVisible(user, id);
    const actor = { roles: user.roles, relation: await this.relation(user, report) };
    const from = stepOf(report);
    let event: ReportEvent;
    let violations: Awaited<ReturnType<ReportsService['violations']>> = [];
    switch (input.type) {
      case 'SIGN':
        violations = from === 'awaitingSignature' ? (await this.reports.violations(report)).filter((v) => v.severity === 'error') : [];
        event = { type: 'SIGN', actor, blockingErrors: violations.length };
        break;
      case 'RETURN':
        event = {
          type: 'RETURN',
          actor,
          comment: input.comment,
          upperReportSigned: from === 'submitted' || from === 'consolidated' ? await this.upperReportSigned(report) : false,
        };
        break;
      default:
        event = { type: input.type, actor };
    }

    const snapshot = reportMachine.resolveState({ value: toStateValue(from), context: {} });
    const [next] = transition(reportMachine, snapshot, event);
    const to = toStepKey(next.value);
    if (to === from) throw this.refusal(explain(from, event) ?? { kind: 'notInThisState', message: 'Thao tác không được phép.' }, violations);
    if (input.version !== report.version) throw this.stale(report.version, input.version);

    const comment = input.type === 'RETURN' ? input.comment!.trim() : (input.comment?.trim() || null);
    const details: Record<string, unknown> = {};
    await this.ds.transaction(async (em) => {
      const state = to === 'editing' || to === 'awaitingSignature' ? 'draft' : to;
      const step = state === 'draft' ? to : null;
      const result = await em.query(
        `UPDATE report SET state = $3::varchar, step = $4::varchar, machine_snapshot = $5::jsonb, machine_version = $6, version = version + 1, updated_at = now(),
           submitted_at = CASE WHEN $3::varchar = 'submitted' THEN now() ELSE submitted_at END
         WHERE id = $1 AND version = $2 RETURNING version`,
        [report.id, input.version, state, step, JSON.stringify({ value: next.value, context: next.context }), REPORT_MACHINE_VERSION],
      );
      if ((result[0] as unknown[]).length === 0) {
        const current = await em.getRepository(Report).findOneByOrFail({ id: report.id });
        throw this.stale(current.version, input.version);
      }
      const updated: Report = { ...report, state, step, version: input.version + 1 } as Report;
      if (input.type === 'SIGN') {
        const data = await ReportCellsRepository.load(em, report.id);
        const sha256 = contentSha256({ title: report.title, narrative: report.narrative, recipients: report.recipients, data });
        await em.getRepository(ReportSignature).insert({
          reportId: report.id,
          signerId: user.id,
          signerName: user.fullName,
          positionTitle: user.positionTitle,
          signAuthority: user.signAuthority,
          signHeadTitle: user.signHeadTitle,
          signedAt: new Date(),
          contentSha256: sha256,
          reportVersion: updated.version,
        });
        details.sha256 = sha256;
      }
      if (input.type === 'RETURN' && (from === 'signed' || from === 'submitted' || from === 'consolidated')) {
        await em.query(`UPDATE report_signature SET voided_at = now(), void_reason = $2 WHERE report_id = $1 AND voided_at IS NULL`, [report.id, comment]);
      }
      if (input.type === 'SUBMIT') {
        if (!this.issuers.issuer) throw new DomainException('SERVICE_UNAVAILABLE', 'Chức năng phát hành văn bản chưa sẵn sàng.');
        Object.assign(details, await this.issuers.issuer.issue(em, updated, user));
      }
      await em.getRepository(ReportHistory).insert({
        reportId: report.id,
        actorId: user.id,
        actorName: user.fullName,
        event: input.type,
        fromState: from,
        toState: to,
        comment,
        details: (Object.keys(details).length ? details : null) as never,
      });
    });
    // Side effects after commit: only logged for now.
    this.logger.log({ msg: 'report transition', reportId: report.id, event: input.type, from, to, actorId: user.id });
    return this.reports.view(await this.ds.getRepository(Report).findOneByOrFail({ id: report.id }));
  }

  /**
   * Moves many reports of the same state at once for a system step (consolidation), checked by the
   * machine like any event: one UPDATE and one history INSERT for all of them.
   */
  async recordSystemTransitions(em: EntityManager, reportIds: string[], from: StepKey, user: AuthUser, relation: Relation, type: 'CONSOLIDATE', details?: Record<string, unknown>) {
    if (reportIds.length === 0) return;
    const event: ReportEvent = { type, actor: { roles: user.roles, relation } };
    const [next] = transition(reportMachine, reportMachine.resolveState({ value: toStateValue(from), context: {} }), event);
    const to = toStepKey(next.value);
    if (to === from) throw this.refusal(explain(from, event)!, []);
    const moved: { id: string }[] = await em.query(
      `UPDATE report SET state = $3::varchar, step = NULL, machine_snapshot = $4::jsonb, machine_version = $5, version = version + 1, updated_at = now()
        WHERE id = ANY($1::uuid[]) AND state = $2::varchar RETURNING id`,
      [reportIds, from, to, JSON.stringify({ value: next.value, context: next.context }), REPORT_MACHINE_VERSION],
    ).then((r: [{ id: string }[], number]) => r[0]);
    await em.query(
      `INSERT INTO report_history (report_id, actor_id, actor_name, event, from_state, to_state, comment, details)
       SELECT id, $2, $3, $4, $5, $6, NULL, $7::jsonb FROM unnest($1::uuid[]) AS id`,
      [moved.map((m) => m.id), user.id, user.fullName, type, from, to, details ? JSON.stringify(details) : null],
    );
  }

  /** Whether the report's direct upper unit has signed (or issued) its consolidated report of the period. */
  private async upperReportSigned(report: Report): Promise<boolean> {
    const [parent] = await this.org.ancestorIds(report.orgUnitId);
    if (!parent) return false;
    const rows = await this.ds.query(
      `SELECT 1 FROM report WHERE org_unit_id = $1 AND period_id = $2 AND kind = 'consolidated' AND state <> 'draft' LIMIT 1`,
      [parent, report.periodId],
    );
    return rows.length > 0;
  }

  async history(user: AuthUser, id: string) {
    const report = await this.access.loadVisible(user, id);
    const rows = await this.ds.getRepository(ReportHistory).find({ where: { reportId: report.id }, order: { at: 'ASC', id: 'ASC' } });
    return rows.map((h) => ({
      at: h.at,
      actor: { id: h.actorId, fullName: h.actorName },
      type: h.event,
      from: h.fromState,
      to: h.toState,
      comment: h.comment,
      ...(h.details ? { details: h.details } : {}),
    }));
  }

  private stale(current: number, sent: number) {
    return new DomainException('STALE_VERSION', `Báo cáo đã thay đổi sau khi bạn mở (phiên bản hiện tại ${current}, bạn gửi phiên bản ${sent}). Vui lòng tải lại.`, {
      extra: { currentVersion: current },
    });
  }

  private refusal(r: Refusal, violations: { form: string; row: string; column: string; message: string }[]) {
    switch (r.kind) {
      case 'forbidden':
        return new DomainException('FORBIDDEN', r.message);
      case 'reasonRequired':
        return new DomainException('VALIDATION_FAILED', r.message, { errors: [{ field: 'comment', message: r.message }] });
      case 'blockingErrors':
        return new DomainException('VALIDATION_FAILED', r.message, {
          errors: violations.map((v) => ({ form: v.form, row: v.row, column: v.column, message: v.message })),
        });
      default:
        return new DomainException('TRANSITION_NOT_ALLOWED', r.message);
    }
  }
}
