import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser, hasRole } from '@app/auth';
import { forbidden } from '@app/common';
import { OrgRepository, OrgUnit } from '@app/org';
import { PeriodDeadline } from './entities/period.entity';
import { PeriodsService } from './periods.service';

export type InboxAction = 'sign' | 'issue' | 'revise' | 'review';

export interface InboxItem {
  reportId: string;
  title: string;
  orgUnitId: string;
  orgUnitName: string;
  periodId: string;
  periodLabel: string;
  state: string;
  step: string | null;
  action: InboxAction;
  since: Date;
  ageDays: number;
  deadline: string | null;
  overdue: boolean;
  comment: string | null;
}

const DAY = 86_400_000;

/** The period's deadline for a unit of the given level, if it has one. */
export function deadlineFor(deadlines: PeriodDeadline[], level: string): string | null {
  return deadlines.find((d) => d.level === level)?.date ?? null;
}

/** Submitted by the end (Vietnam time, UTC+7) of the deadline day. */
export function onTime(submittedAt: Date, deadline: string | null): boolean | null {
  if (!deadline) return null;
  return submittedAt.getTime() <= Date.parse(`${deadline}T23:59:59.999+07:00`);
}

@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly org: OrgRepository,
    private readonly periods: PeriodsService,
  ) {}

  /**
   * What waits for the caller: a head what awaits their signature, a clerk what awaits issuing,
   * an officer what was returned to them (with the reason), an upper unit what its lower units
   * submitted. Newest first.
   */
  async inbox(user: AuthUser): Promise<InboxItem[]> {
    const wanted: string[] = [];
    const params: unknown[] = [user.orgUnitId];
    if (hasRole(user, 'head')) wanted.push(`(r.org_unit_id = $1 AND r.state = 'draft' AND r.step = 'awaitingSignature')`);
    if (hasRole(user, 'clerk')) wanted.push(`(r.org_unit_id = $1 AND r.state = 'signed')`);
    if (hasRole(user, 'officer')) wanted.push(`(r.org_unit_id = $1 AND r.state = 'draft' AND r.step = 'editing' AND h.event = 'RETURN')`);
    if (hasRole(user, 'officer', 'head')) wanted.push(`(u.parent_id = $1 AND r.state = 'submitted')`);
    if (wanted.length === 0) return [];
    const rows: {
      id: string; title: string; org_unit_id: string; unit_name: string; level: string; period_id: string; state: string; step: string | null;
      since: Date; event: string | null; comment: string | null;
    }[] = await this.ds.query(
      `SELECT r.id, r.title, r.org_unit_id, u.name AS unit_name, u.level, r.period_id, r.state, r.step,
              coalesce(h.at, r.updated_at) AS since, h.event, h.comment
         FROM report r
         JOIN org_unit u ON u.id = r.org_unit_id
         LEFT JOIN LATERAL (SELECT at, event, comment FROM report_history WHERE report_id = r.id ORDER BY at DESC, id DESC LIMIT 1) h ON true
        WHERE (r.org_unit_id = $1 OR r.org_unit_id IN (SELECT id FROM org_unit WHERE parent_id = $1))
          AND r.state <> 'consolidated'
          AND (${wanted.join(' OR ')})
        ORDER BY since DESC
        LIMIT 500`,
      params,
    );
    if (rows.length === 0) return [];
    const periods = new Map((await this.periods.byIds([...new Set(rows.map((r) => r.period_id))])).map((p) => [p.id, p]));
    const now = Date.now();
    return rows.map((r) => {
      const period = periods.get(r.period_id);
      const deadline = period ? deadlineFor(period.deadlines, r.level) : null;
      const own = r.org_unit_id === user.orgUnitId;
      const action: InboxAction = !own ? 'review' : r.state === 'signed' ? 'issue' : r.step === 'awaitingSignature' ? 'sign' : 'revise';
      const since = new Date(r.since);
      return {
        reportId: r.id,
        title: r.title,
        orgUnitId: r.org_unit_id,
        orgUnitName: r.unit_name,
        periodId: r.period_id,
        periodLabel: period?.label ?? '',
        state: r.state,
        step: r.state === 'draft' ? r.step : null,
        action,
        since,
        ageDays: Math.floor((now - since.getTime()) / DAY),
        deadline,
        overdue: deadline !== null && action !== 'review' && now > Date.parse(`${deadline}T23:59:59.999+07:00`),
        comment: action === 'revise' ? r.comment : null,
      };
    });
  }

  /** Completeness and timeliness: every lower unit of the caller's unit (valid on the cut-off date). */
  async periodStatus(user: AuthUser, periodId: string) {
    const period = await this.periods.get(periodId);
    const lower = await this.org.childrenOn(user.orgUnitId, period.cutoffTo);
    if (lower.length === 0 && !hasRole(user, 'admin')) throw forbidden('Đơn vị của bạn không có đơn vị cấp dưới trong kỳ báo cáo này.');
    const reports: { id: string; org_unit_id: string; state: string; step: string | null; submitted_at: Date | null }[] = lower.length
      ? await this.ds.query(
          `SELECT id, org_unit_id, state, step, submitted_at FROM report WHERE period_id = $1 AND type = 'BC' AND org_unit_id = ANY($2::uuid[])`,
          [period.id, lower.map((u) => u.id)],
        )
      : [];
    const byUnit = new Map(reports.map((r) => [r.org_unit_id, r]));
    return lower.map((u: OrgUnit) => {
      const r = byUnit.get(u.id);
      // A unit's own draft is not the upper unit's business: it counts as not submitted.
      const submitted = r && (r.state === 'submitted' || r.state === 'consolidated');
      const submittedAt = submitted && r.submitted_at ? new Date(r.submitted_at) : null;
      return {
        orgUnitId: u.id,
        code: u.code,
        name: u.name,
        reportId: submitted ? r.id : null,
        state: submitted ? r.state : r ? 'draft' : 'missing',
        submittedAt,
        deadline: deadlineFor(period.deadlines, u.level),
        onTime: submittedAt ? onTime(submittedAt, deadlineFor(period.deadlines, u.level)) : null,
      };
    });
  }
}
