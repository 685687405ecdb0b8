import { Injectable } from '@nestjs/common';
import { PeriodsService, Report, ReportFormsService, reportOutline } from '@app/reports';
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
  ) {}

  async problems(report: Report): Promise<SubmissionProblem[]> {
    const stored = await this.reportForms.stored(report);
    const [defs, violations, period] = await Promise.all([
      this.reportForms.definitions(report),
      this.reportForms.violations(report, stored),
      this.periods.get(report.periodId),
    ]);
    return submissionProblems({
      defs,
      stored,
      violations,
      narrative: report.narrative,
      outline: `${reportOutline(period)}\n${report.consolidation?.completeness ?? ''}`,
    });
  }
}
