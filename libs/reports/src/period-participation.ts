import { Injectable } from '@nestjs/common';
import { AuthUser, hasRole } from '@app/auth';
import { Clock, endOfVietnamDay } from '@app/common';
import { OrgLineage, OrgRepository, isValidOn } from '@app/org';
import { ReportingPeriod } from './entities/period.entity';
import { Report } from './entities/report.entity';
import { PeriodsService, deadlineFor } from './periods.service';
import { ReportsRepository } from './reports.repository';

/** An open period as one unit takes part in it. */
export interface PeriodPart {
  period: ReportingPeriod;
  /** The unit's own report of the period, if it has one. */
  mine: Report | undefined;
  /** The unit had lower units on the period's cut-off date (it consolidates rather than reports). */
  hasLower: boolean;
  /** The unit existed on the cut-off date, or stands for predecessors that had lower units then. */
  takesPart: boolean;
  /** The unit's deadline for the period. */
  deadline: string | null;
}

/** A report a unit's officer still has to make: its own (create) or the consolidated one. */
export interface ReportToMake {
  periodId: string;
  periodLabel: string;
  kind: 'create' | 'consolidate';
  deadline: string | null;
  overdue: boolean;
}

/**
 * Which open periods a unit takes part in, and how: a period follows the hierarchy of its cut-off
 * date (OrgLineage), so a unit founded later, or one that has lower units only through the units
 * it replaced, is judged on that date.
 */
@Injectable()
export class PeriodParticipation {
  constructor(
    private readonly periods: PeriodsService,
    private readonly lineage: OrgLineage,
    private readonly org: OrgRepository,
    private readonly reports: ReportsRepository,
    private readonly clock: Clock,
  ) {}

  async openPeriodsOf(orgUnitId: string): Promise<PeriodPart[]> {
    const [periods, unit, own] = await Promise.all([
      this.periods.list(),
      this.org.findById(orgUnitId),
      this.reports.list({ orgUnitId }),
    ]);
    const parts = await Promise.all(
      periods
        .filter((p) => p.open)
        .map(async (p) => {
          const hasLower = (await this.lineage.lowerUnitsOn(orgUnitId, p.cutoffTo)).length > 0;
          return {
            period: p,
            mine: own.find((r) => r.periodId === p.id),
            hasLower,
            takesPart: hasLower || !unit || isValidOn(unit, p.cutoffTo),
            deadline: unit ? deadlineFor(p, unit) : null,
          };
        }),
    );
    return parts.filter((p) => p.takesPart);
  }

  /** For an officer: the open periods whose report of the unit is not made yet, soonest deadline first. */
  async toMake(user: AuthUser): Promise<ReportToMake[]> {
    if (!hasRole(user, 'officer')) return [];
    const now = this.clock.now();
    return (await this.openPeriodsOf(user.orgUnitId))
      .filter((p) => !p.mine)
      .map((p) => ({
        periodId: p.period.id,
        periodLabel: p.period.label,
        kind: p.hasLower ? ('consolidate' as const) : ('create' as const),
        deadline: p.deadline,
        overdue: p.deadline !== null && now.getTime() > endOfVietnamDay(p.deadline),
      }))
      .sort((a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999'));
  }
}
