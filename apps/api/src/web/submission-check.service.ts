import { Injectable } from '@nestjs/common';
import { documentType } from '@app/documents';
import { OrgRepository } from '@app/org';
import { PeriodsService, Report, ReportFormsService, draftOutline } from '@app/reports';
import { SubmissionProblem, submissionProblems } from './report-workflow-view';

/**
 * What Trình ký warns of for a report (report-workflow-view.ts says what counts), read once for
 * both the page that shows the warning and the post that checks it was confirmed.
 */
@Injectable()
export class SubmissionCheck {
  constructor(
    private readonly reportForms: ReportFormsService,
    private readonly periods: PeriodsService,
    private readonly org: OrgRepository,
  ) {}

  async problems(report: Report): Promise<SubmissionProblem[]> {
    const stored = await this.reportForms.stored(report);
    const [defs, violations, period, unit] = await Promise.all([
      this.reportForms.definitions(report),
      this.reportForms.violations(report, stored),
      this.periods.get(report.periodId),
      this.org.findById(report.orgUnitId),
    ]);
    // A letter's or plan's annexes are blank forms for the lower units: nothing to warn of there.
    const annexes = documentType(report.type).annexRulesBlock;
    return submissionProblems({
      defs: annexes ? defs : [],
      stored,
      violations: annexes ? violations : [],
      narrative: report.narrative,
      outline: `${draftOutline(report.type, period, unit?.name ?? '')}\n${report.consolidation?.completeness ?? ''}`,
    });
  }
}
