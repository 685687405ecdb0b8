import { Module } from '@nestjs/common';
import { FormsModule } from '@app/forms';
import { OrgModule } from '@app/org';
import { PeriodsService } from './periods.service';
import { ReportAccess } from './report-access';
import { ReportsService } from './reports.service';

@Module({
  imports: [FormsModule, OrgModule],
  providers: [PeriodsService, ReportsService, ReportAccess],
  exports: [PeriodsService, ReportsService, ReportAccess, FormsModule],
})
export class ReportsModule {}
