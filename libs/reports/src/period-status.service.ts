import { Injectable } from '@nestjs/common';
import { AuthUser, hasRole } from '@app/auth';
import { OrgLineage } from '@app/org';
import { isOut } from '@app/workflow';
import { PeriodsService, deadlineFor, onTime } from './periods.service';
import { ReportErrors } from './reports.errors';
import { ReportsRepository } from './reports.repository';

export interface UnitStatus {
  orgUnitId: string;
  code: string;
  name: string;
  reportId: string | null;
  state: string;
  submittedAt: Date | null;
  deadline: string | null;
  onTime: boolean | null;
}

/** Completeness and timeliness of a period, as an upper unit watches them. */
@Injectable()
export class PeriodStatusService {
  constructor(
    private readonly periods: PeriodsService,
    private readonly lineage: OrgLineage,
    private readonly reports: ReportsRepository,
  ) {}

  /**
   * Every lower unit of the caller's unit as the hierarchy stood on the cut-off date (for a period
   * before a reorganisation, the lower units of the predecessors the caller's unit replaced): its
   * report's state, when it came, on time or not.
   */
  async status(user: AuthUser, periodId: string): Promise<UnitStatus[]> {
    const period = await this.periods.get(periodId);
    const lower = await this.lineage.lowerUnitsOn(user.orgUnitId, period.cutoffTo);
    if (lower.length === 0 && !hasRole(user, 'admin')) throw ReportErrors.NO_LOWER_UNITS();
    const byUnit = new Map(
      (
        await this.reports.ofUnits(
          period.id,
          'BC',
          lower.map((u) => u.id),
        )
      ).map((r) => [r.orgUnitId, r]),
    );
    return lower.map((u) => {
      const r = byUnit.get(u.id);
      // A unit's own draft is not the upper unit's business: it counts as not submitted.
      const out = !!r && isOut(r.state);
      const submittedAt = out && r.submittedAt ? new Date(r.submittedAt) : null;
      const deadline = deadlineFor(period, u);
      return {
        orgUnitId: u.id,
        code: u.code,
        name: u.name,
        reportId: out ? r.id : null,
        state: out ? r.state : r ? 'draft' : 'missing',
        submittedAt,
        deadline,
        onTime: submittedAt ? onTime(submittedAt, deadline) : null,
      };
    });
  }
}
