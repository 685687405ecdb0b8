import { Module } from '@nestjs/common';
import { FormsModule } from '@app/forms';
import { OrgModule } from '@app/org';
import { PeriodsService } from './periods.service';
import { ReportAccess } from './report-access';
import { ReportsService } from './reports.service';
import { ReportWorkflowService } from './report-workflow.service';
import { ReportIssuerRegistry } from './report-issuer.registry';
import { InboxService } from './inbox.service';
import { ConsolidationService } from './consolidation.service';

@Module({
  imports: [FormsModule, OrgModule],
  providers: [PeriodsService, ReportsService, ReportAccess, ReportWorkflowService, InboxService, ReportIssuerRegistry, ConsolidationService],
  exports: [ConsolidationService, PeriodsService, ReportsService, ReportAccess, ReportWorkflowService, InboxService, ReportIssuerRegistry, FormsModule, OrgModule],
})
export class ReportsModule {}
