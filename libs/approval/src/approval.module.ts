import { Module } from '@nestjs/common';
import { ArchiveModule } from '@app/archive';
import { ConsolidationModule } from '@app/consolidation';
import { NotificationsModule } from '@app/notifications';
import { ReportsModule } from '@app/reports';
import { IssuingService } from './issuing.service';
import { PreviewRenders } from './preview-renders';
import { ReportDocumentService } from './report-document.service';
import { ReportDocxService } from './report-docx.service';
import { ReportPdfService } from './report-pdf.service';
import { ReplacementService } from './replacement.service';
import { ReportViews } from './report-views.service';
import { TransitionNotices } from './transition-notices.service';
import { WorkflowService } from './workflow.service';
import { IssueStamping } from './issue-stamping';
import { HeadSigning } from './head-signing.service';
import { StepEffects } from './step-effects.service';
import { SigningRequestsService } from './signing-requests.service';

/** The approval and issuing of reports, above reports, documents and the archive (renderer and signatures are global). */
@Module({
  imports: [ReportsModule, ArchiveModule, ConsolidationModule, NotificationsModule],
  providers: [
    WorkflowService,
    IssuingService,
    ReportDocumentService,
    ReportPdfService,
    ReportDocxService,
    PreviewRenders,
    ReportViews,
    TransitionNotices,
    ReplacementService,
    SigningRequestsService,
    IssueStamping,
    HeadSigning,
    StepEffects,
  ],
  exports: [
    WorkflowService,
    ReplacementService,
    SigningRequestsService,
    ReportPdfService,
    ReportDocxService,
    ReportViews,
    ReportDocumentService,
    ReportsModule,
    ArchiveModule,
    ConsolidationModule,
    NotificationsModule,
  ],
})
export class ApprovalModule {}
