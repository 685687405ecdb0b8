import { Module } from '@nestjs/common';
import { FormsModule } from '@app/forms';
import { OrgModule } from '@app/org';
import { PeriodsService } from './periods.service';
import { ReportAccess } from './report-access';
import { ReportsService } from './reports.service';
import { ReportWorkflowService } from './report-workflow.service';
import { InboxService } from './inbox.service';

@Module({
  imports: [FormsModule, OrgModule],
  providers: [PeriodsService, ReportsService, ReportAccess, ReportWorkflowService, InboxService],
  exports: [PeriodsService, ReportsService, ReportAccess, ReportWorkflowService, InboxService, FormsModule, OrgModule],
})
export class ReportsModule {}
