import { Injectable } from '@nestjs/common';
import { AuthUser, hasRole } from '@app/auth';
import { endOfVietnamDay } from '@app/common';
import { OrgDirectory, OrgRepository } from '@app/org';
import { PeriodParticipation } from './period-participation';
import { PeriodsService, deadlineFor } from './periods.service';
import { InboxWanted, ReportHistoryRepository } from './report-history.repository';

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

/** What waits for one person, per kind. */
export interface InboxCounts {
  sign: number;
  issue: number;
  revise: number;
  review: number;
  /** Reports of open periods still to be made (officers). */
  toMake: number;
  total: number;
}

const DAY = 86_400_000;

/** What waits for each person. */
@Injectable()
export class InboxService {
  constructor(
    private readonly history: ReportHistoryRepository,
    private readonly org: OrgRepository,
    private readonly directory: OrgDirectory,
    private readonly periods: PeriodsService,
    private readonly participation: PeriodParticipation,
  ) {}

  /** How much waits for the caller, per kind (the page header's counts). */
  async counts(user: AuthUser): Promise<InboxCounts> {
    const [items, toMake] = await Promise.all([this.inbox(user), this.participation.toMake(user)]);
    const of = (a: InboxAction) => items.filter((i) => i.action === a).length;
    const counts = {
      sign: of('sign'),
      issue: of('issue'),
      revise: of('revise'),
      review: of('review'),
      toMake: toMake.length,
    };
    return { ...counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
  }

  /**
   * What waits for the caller: a head what awaits their signature, a clerk what awaits issuing,
   * an officer what was returned to them (with the reason), an upper unit what its lower units
   * submitted. Newest first.
   */
  async inbox(user: AuthUser): Promise<InboxItem[]> {
    const own = [user.orgUnitId];
    const wanted: InboxWanted[] = [];
    if (hasRole(user, 'head'))
      wanted.push({ unitIds: own, state: 'draft', step: 'awaitingSignature' });
    if (hasRole(user, 'clerk')) wanted.push({ unitIds: own, state: 'signed' });
    if (hasRole(user, 'officer'))
      wanted.push({ unitIds: own, state: 'draft', step: 'editing', lastEvent: 'RETURN' });
    if (wanted.length === 0) return [];
    const children = hasRole(user, 'officer', 'head')
      ? await this.directory.childIds(user.orgUnitId)
      : [];
    if (children.length) wanted.push({ unitIds: children, state: 'submitted' });
    const rows = await this.history.inboxRows([...own, ...children], wanted);
    if (rows.length === 0) return [];
    const [periods, units] = await Promise.all([
      this.periods
        .byIds([...new Set(rows.map((r) => r.periodId))])
        .then((ps) => new Map(ps.map((p) => [p.id, p]))),
      this.org
        .findByIds(rows.map((r) => r.orgUnitId))
        .then((us) => new Map(us.map((u) => [u.id, u]))),
    ]);
    const now = Date.now();
    // A closed period is over: nothing of it waits for anyone (the demo's 2024-H1, its reports issued).
    return rows
      .filter((r) => periods.get(r.periodId)?.open !== false)
      .map((r) => {
        const period = periods.get(r.periodId);
        const unit = units.get(r.orgUnitId);
        const deadline = period && unit ? deadlineFor(period, unit) : null;
        const action: InboxAction =
          r.orgUnitId !== user.orgUnitId
            ? 'review'
            : r.state === 'signed'
              ? 'issue'
              : r.step === 'awaitingSignature'
                ? 'sign'
                : 'revise';
        return {
          reportId: r.id,
          title: r.title,
          orgUnitId: r.orgUnitId,
          orgUnitName: unit?.name ?? '',
          periodId: r.periodId,
          periodLabel: period?.label ?? '',
          state: r.state,
          step: r.state === 'draft' ? r.step : null,
          action,
          since: r.since,
          ageDays: Math.floor((now - r.since.getTime()) / DAY),
          deadline,
          overdue: deadline !== null && action !== 'review' && now > endOfVietnamDay(deadline),
          comment: action === 'revise' ? r.comment : null,
        };
      });
  }
}
