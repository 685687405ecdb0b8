import { Injectable } from '@nestjs/common';
import { AuthUser, hasRole } from '@app/auth';
import { Clock, endOfVietnamDay } from '@app/common';
import { PERIOD_REPORT_TYPE } from '@app/documents';
import { OrgLineage, OrgRepository, isValidOn } from '@app/org';
import { ReportingPeriod } from './entities/period.entity';
import { Report } from './entities/report.entity';
import { PeriodsService, deadlineFor } from './periods.service';
import { ReportsRepository } from './reports.repository';
import { followedIn, reportsIn } from './report-requests.service';

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
  /** The letter (công văn, plan) that asked for this report, with its PDF; null for a regular period. */
  request: RequestToAnswer | null;
}

/** An issued request for reports as the units asked find it. */
export interface RequestToAnswer {
  documentId: string;
  docType: string;
  numberText: string;
  issueDate: string;
  issuerName: string;
  subject: string;
  /** The issued letter's PDF (readable by the units it is addressed to). */
  pdfUrl: string;
}

/** The request of a requested period as its units find it; null for a regular period. */
export function requestToAnswer(period: ReportingPeriod): RequestToAnswer | null {
  const r = period.request;
  if (!r || !period.requestDocumentId) return null;
  return {
    documentId: period.requestDocumentId,
    docType: r.docType,
    numberText: r.numberText,
    issueDate: r.issueDate,
    issuerName: r.issuerName,
    subject: r.subject,
    pdfUrl: `/api/documents/${period.requestDocumentId}/pdf`,
  };
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
          // A requested period: the asking unit follows it, the units asked report in it.
          const lower = followedIn(
            p,
            orgUnitId,
            await this.lineage.lowerUnitsOn(orgUnitId, p.cutoffTo),
          );
          const hasLower = lower.length > 0;
          return {
            period: p,
            mine: own.find((r) => r.periodId === p.id && r.type === PERIOD_REPORT_TYPE),
            hasLower,
            takesPart:
              hasLower || ((!unit || isValidOn(unit, p.cutoffTo)) && reportsIn(p, orgUnitId)),
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
        request: requestToAnswer(p.period),
      }))
      .sort((a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999'));
  }
}
