import { Injectable } from '@nestjs/common';
import { AuthUser } from '@app/auth';
import { exportFormWorkbook } from '@app/forms';
import { OrgRepository } from '@app/org';
import { PeriodsService, ReportAccess, ReportFormsService } from '@app/reports';

/** A report's form as an Excel workbook laid out like the paper form (API and web pages). */
@Injectable()
export class ReportWorkbooks {
  constructor(
    private readonly access: ReportAccess,
    private readonly reportForms: ReportFormsService,
    private readonly periods: PeriodsService,
    private readonly org: OrgRepository,
  ) {}

  async export(
    user: AuthUser,
    reportId: string,
    formCode: string,
  ): Promise<{ bytes: Buffer; fileName: string }> {
    const report = await this.access.loadVisible(user, reportId);
    const def = await this.reportForms.formOf(report, formCode);
    const [stored, period, names] = await Promise.all([
      this.reportForms.stored(report),
      this.periods.get(report.periodId),
      this.org.namesByIds([report.orgUnitId]),
    ]);
    const data = (await this.reportForms.withComputed(report, stored))[def.code] ?? {};
    const bytes = await exportFormWorkbook(def, data, {
      unitName: names.get(report.orgUnitId),
      periodLabel: period.label,
      reportTitle: report.title,
    });
    return { bytes, fileName: `${def.code.replace('/', '-')}-${period.code}.xlsx` };
  }
}
