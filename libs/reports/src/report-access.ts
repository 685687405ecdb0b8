import { Injectable } from '@nestjs/common';
import { AuthUser, hasRole } from '@app/auth';
import { requireUuid } from '@app/common';
import { OrgRepository } from '@app/org';
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
    private readonly org: OrgRepository,
  ) {}

  async canView(user: AuthUser, report: Report): Promise<boolean> {
    if (hasRole(user, 'admin') || report.orgUnitId === user.orgUnitId) return true;
    if (isOut(report.state)) {
      if (report.recipients.some((r) => r.orgUnitId === user.orgUnitId)) return true;
      return (await this.org.ancestorIds(report.orgUnitId)).includes(user.orgUnitId);
    }
    return false;
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
