import { Injectable } from '@nestjs/common';
import { AuthUser, hasRole } from '@app/auth';
import { PERIOD_REPORT_TYPE } from '@app/documents';
import { OrgLineage } from '@app/org';
import { isOut } from '@app/workflow';
import { PeriodsService, deadlineFor, onTime } from './periods.service';
import { ReportErrors } from './reports.errors';
import { ReportHistoryRepository } from './report-history.repository';
import { ReportsRepository } from './reports.repository';
import { followedIn } from './report-requests.service';

export interface UnitStatus {
  orgUnitId: string;
  code: string;
  name: string;
  reportId: string | null;
  /** The report's state when it is out; `returned` when the upper unit sent it back and it is not out again; `draft`; `missing`. */
  state: string;
  /** A returned report: the reason, when and who (of the upper unit); null otherwise. */
  returned: { reason: string; at: Date; actorName: string } | null;
  submittedAt: Date | null;
  deadline: string | null;
  onTime: boolean | null;
}

/** How many lower units of a period submitted on time, late, or not at all (a draft is not submitted). */
export interface PeriodTimeliness {
  period: { id: string; code: string; label: string; open: boolean };
  total: number;
  onTime: number;
  late: number;
  missing: number;
}

/** Counts a period's status rows: on time, late (out after the deadline), missing (no report out). */
export function countTimeliness(rows: UnitStatus[]): Omit<PeriodTimeliness, 'period'> {
  const submitted = rows.filter((r) => r.reportId).length;
  const late = rows.filter((r) => r.reportId && r.onTime === false).length;
  return { total: rows.length, onTime: submitted - late, late, missing: rows.length - submitted };
}

/** Completeness and timeliness of a period, as an upper unit watches them. */
@Injectable()
export class PeriodStatusService {
  constructor(
    private readonly periods: PeriodsService,
    private readonly lineage: OrgLineage,
    private readonly reports: ReportsRepository,
    private readonly historyRepo: ReportHistoryRepository,
  ) {}

  /**
   * Every lower unit of the caller's unit as the hierarchy stood on the cut-off date (for a period
   * before a reorganisation, the lower units of the predecessors the caller's unit replaced): its
   * report's state, when it came, on time or not.
   */
  async status(user: AuthUser, periodId: string): Promise<UnitStatus[]> {
    const period = await this.periods.get(periodId);
    // A requested period: only the asking unit follows it, and only the units it asked.
    const lower = followedIn(
      period,
      user.orgUnitId,
      await this.lineage.lowerUnitsOn(user.orgUnitId, period.cutoffTo),
    );
    if (lower.length === 0 && !hasRole(user, 'admin')) throw ReportErrors.NO_LOWER_UNITS();
    const byUnit = new Map(
      (
        await this.reports.ofUnits(
          period.id,
          PERIOD_REPORT_TYPE,
          lower.map((u) => u.id),
        )
      ).map((r) => [r.orgUnitId, r]),
    );
    // A report the upper unit sent back stays in its sight as returned, with the reason.
    const returns = await this.historyRepo.lastReturnsFromOut(
      [...byUnit.values()].filter((r) => !isOut(r.state)).map((r) => r.id),
    );
    return lower.map((u) => {
      const r = byUnit.get(u.id);
      // A unit's own draft is not the upper unit's business: it counts as not submitted.
      const out = !!r && isOut(r.state);
      const submittedAt = out && r.submittedAt ? new Date(r.submittedAt) : null;
      const deadline = deadlineFor(period, u);
      const back = r && !out ? returns.get(r.id) : undefined;
      return {
        orgUnitId: u.id,
        code: u.code,
        name: u.name,
        reportId: out ? r.id : null,
        state: out ? r.state : back ? 'returned' : r ? 'draft' : 'missing',
        returned: back
          ? { reason: back.comment ?? '', at: back.at, actorName: back.actorName }
          : null,
        submittedAt,
        deadline,
        onTime: submittedAt ? onTime(submittedAt, deadline) : null,
      };
    });
  }

  /**
   * Completeness and timeliness of every period (open or closed) in which the caller's unit has
   * lower units, oldest cut-off first.
   */
  async history(user: AuthUser): Promise<PeriodTimeliness[]> {
    const periods = [...(await this.periods.list())].sort(
      (a, b) => a.cutoffTo.localeCompare(b.cutoffTo) || a.code.localeCompare(b.code),
    );
    const out: PeriodTimeliness[] = [];
    for (const p of periods) {
      const lower = await this.lineage.lowerUnitsOn(user.orgUnitId, p.cutoffTo);
      if (followedIn(p, user.orgUnitId, lower).length === 0) continue;
      out.push({
        period: { id: p.id, code: p.code, label: p.label, open: p.open },
        ...countTimeliness(await this.status(user, p.id)),
      });
    }
    return out;
  }
}
