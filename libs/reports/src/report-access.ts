import { Injectable } from '@nestjs/common';
import { AuthUser, hasRole } from '@app/auth';
import { requireUuid } from '@app/common';
import { OrgLineage } from '@app/org';
import { isOut } from '@app/workflow';
import { Report } from './entities/report.entity';
import { ReportErrors } from './reports.errors';
import { ReportsRepository } from './reports.repository';

/**
 * Who may see and change a report. A unit's drafts are visible only to that unit; upper units see
 * what their lower units submitted; recipients what is addressed to them; admins everything. Not
 * visible answers 404 (no leak).
 */
@Injectable()
export class ReportAccess {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly lineage: OrgLineage,
  ) {}

  /**
   * Across a reorganisation the caller's unit stands for the units it replaced (OrgLineage): a
   * merged ward reads what its communes sent, Sở Y tế what was sent to Sở LĐTBXH.
   */
  async canView(user: AuthUser, report: Report): Promise<boolean> {
    if (hasRole(user, 'admin') || report.orgUnitId === user.orgUnitId) return true;
    if (isOut(report.state)) {
      const lineage = await this.lineage.of(user.orgUnitId);
      if (report.recipients.some((r) => r.orgUnitId && lineage.includes(r.orgUnitId))) return true;
      return this.lineage.holds(user.orgUnitId, report.orgUnitId);
    }
    return false;
  }

  /**
   * Which of these reports the user may see (the rules of `canView`), with one query for the
   * user's lower units however many reports there are.
   */
  async visibleIds(
    user: AuthUser,
    reports: Pick<Report, 'id' | 'orgUnitId' | 'state' | 'recipients'>[],
  ): Promise<Set<string>> {
    if (hasRole(user, 'admin')) return new Set(reports.map((r) => r.id));
    const out = new Set<string>();
    let held: Set<string> | undefined;
    let lineage: string[] | undefined;
    for (const r of reports) {
      if (r.orgUnitId === user.orgUnitId) out.add(r.id);
      else if (!isOut(r.state)) continue;
      else {
        lineage ??= await this.lineage.of(user.orgUnitId);
        held ??= await this.lineage.heldUnitIds(user.orgUnitId);
        if (held.has(r.orgUnitId)) out.add(r.id);
        else if (r.recipients.some((x) => x.orgUnitId && lineage!.includes(x.orgUnitId)))
          out.add(r.id);
      }
    }
    return out;
  }

  /** The report if the user may see it, else 404. */
  async loadVisible(user: AuthUser, id: string): Promise<Report> {
    const report = await this.reports.findById(
      requireUuid(id, () => ReportErrors.REPORT_NOT_FOUND()),
    );
    if (!report || !(await this.canView(user, report))) throw ReportErrors.REPORT_NOT_FOUND();
    return report;
  }

  /** Content changes: officers of the report's unit, while the draft is being edited. */
  assertCanEdit(user: AuthUser, report: Report): void {
    if (report.orgUnitId !== user.orgUnitId || !hasRole(user, 'officer'))
      throw ReportErrors.REPORT_EDIT_FORBIDDEN();
    assertEditable(report);
  }

  /** Whether `assertCanEdit` would let the user change the report's content. */
  canEdit(user: AuthUser, report: Report): boolean {
    return (
      report.orgUnitId === user.orgUnitId &&
      hasRole(user, 'officer') &&
      report.state === 'draft' &&
      report.step !== 'awaitingSignature'
    );
  }
}

/** Content can change only while the draft is being edited; says why otherwise. */
export function assertEditable(report: Pick<Report, 'state' | 'step'>): void {
  if (report.state !== 'draft')
    throw ReportErrors.TRANSITION_NOT_ALLOWED(
      { state: report.state },
      { extra: { state: report.state } },
    );
  if (report.step === 'awaitingSignature') {
    throw ReportErrors.TRANSITION_NOT_ALLOWED(
      { state: 'awaitingSignature' },
      { extra: { state: report.state, step: report.step } },
    );
  }
}
