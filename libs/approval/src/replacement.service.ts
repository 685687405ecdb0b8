import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ArchiveService, DocumentMarksService } from '@app/archive';
import { AuthUser, hasRole } from '@app/auth';
import { validationFailed } from '@app/common';
import {
  CreateReportInput,
  PeriodsService,
  ReportCellsRepository,
  ReportErrors,
  ReportView,
  ReportsRepository,
  ReportsService,
} from '@app/reports';
import { isOut } from '@app/workflow';
import { ApprovalErrors } from './approval.errors';

/**
 * A replacement (thay thế) of an issued report: `POST /api/reports` with `replaces`. A new draft of
 * the same unit, period and type, starting from the replaced report's content and cells; the old
 * report steps aside (it no longer counts for the period), and once the new one is issued the old
 * original is marked as replaced by it (DocumentMarksService.markReplaced, in the issuing step).
 */
@Injectable()
export class ReplacementService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly archive: ArchiveService,
    private readonly marks: DocumentMarksService,
    private readonly reportsRepo: ReportsRepository,
    private readonly cells: ReportCellsRepository,
    private readonly reports: ReportsService,
    private readonly periods: PeriodsService,
  ) {}

  async create(
    user: AuthUser,
    input: CreateReportInput & { replaces: string },
  ): Promise<ReportView> {
    if (!hasRole(user, 'officer')) throw ReportErrors.REPORT_CREATE_FORBIDDEN();
    const doc = await this.archive.get(user, input.replaces);
    if (doc.orgUnitId !== user.orgUnitId) throw ApprovalErrors.REPLACE_FORBIDDEN();
    const old = (await this.reportsRepo.findById(doc.reportId))!;
    if (old.periodId !== input.periodId || old.type !== input.type)
      throw validationFailed([
        { field: 'replaces', message: 'Văn bản thay thế phải cùng kỳ báo cáo và loại văn bản.' },
      ]);
    // A closed period takes no new report and no edit: a replacement there could never be issued.
    const period = await this.periods.get(old.periodId);
    if (!period.open) throw ReportErrors.PERIOD_CLOSED({ label: period.label });
    const latest = (await this.archive.latest([old.id])).get(old.id);
    const marks = (await this.marks.of([doc.id])).get(doc.id);
    if (marks?.replacedBy || old.supersededByReportId || latest?.documentId !== doc.id)
      throw ApprovalErrors.DOCUMENT_ALREADY_REPLACED();
    // A report returned after issue is issued again, which replaces its earlier original by itself.
    if (!isOut(old.state)) throw ApprovalErrors.REPLACE_REPORT_REOPENED();
    const saved = await this.ds.transaction(async (em) => {
      const created = await this.reportsRepo.insertReplacement(em, old.id, {
        orgUnitId: old.orgUnitId,
        periodId: old.periodId,
        type: old.type,
        kind: old.kind,
        title: input.title,
        narrative: old.narrative,
        recipients: old.recipients,
        forms: old.forms,
        consolidation: old.consolidation,
        createdBy: user.id,
        replacesDocumentId: doc.id,
      });
      if (!created) throw ApprovalErrors.DOCUMENT_ALREADY_REPLACED();
      await this.cells.copy(em, old.id, created.id);
      return created;
    });
    return this.reports.view(saved);
  }
}
