import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { FormsModule } from '@app/forms';
import { OrgModule } from '@app/org';
import { UsersModule } from '@app/auth';
import { InboxService } from './inbox.service';
import { PeriodParticipation } from './period-participation';
import { PeriodStatusService } from './period-status.service';
import { PeriodsRepository } from './periods.repository';
import { PeriodsService } from './periods.service';
import { ReportAccess } from './report-access';
import { ReportCellsRepository } from './report-cells.repository';
import { ReportFormsService } from './report-forms.service';
import { ReportHistoryRepository } from './report-history.repository';
import { ReportSignaturesRepository } from './report-signatures.repository';
import { ReportTransitions } from './report-transitions.service';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { ReportRequestsService } from './report-requests.service';
import { SigningRequestsRepository } from './signing-requests.repository';

const EXPORTED = [
  PeriodsService,
  PeriodStatusService,
  ReportsService,
  ReportAccess,
  ReportFormsService,
  ReportTransitions,
  InboxService,
  PeriodParticipation,
  ReportRequestsService,
  ReportsRepository,
  ReportCellsRepository,
  ReportSignaturesRepository,
  SigningRequestsRepository,
];

/** Reporting periods, reports, their cells, signatures and history: who may see and change them. */
@Module({
  imports: [AuditModule, FormsModule, OrgModule, UsersModule],
  providers: [...EXPORTED, PeriodsRepository, ReportHistoryRepository],
  exports: [...EXPORTED, FormsModule, OrgModule, UsersModule],
})
export class ReportsModule {}
