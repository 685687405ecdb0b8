import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser } from '@app/auth';
import { DomainException } from '@app/common';
import { exportFormWorkbook, importFormWorkbook, NotAWorkbookError } from '@app/forms';
import { PeriodsService, ReportAccess, ReportWorkflowService, ReportsService } from '@app/reports';
import { DocumentsService } from '@app/documents';
import { sendPdf } from '../documents/documents.controller';
import { CurrentUser } from '../auth/public.decorator';
import { sendXlsx } from '../http/xlsx';

@Controller('api/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly access: ReportAccess,
    private readonly periods: PeriodsService,
    private readonly workflow: ReportWorkflowService,
    private readonly documents: DocumentsService,
  ) {}

  /** A marked draft preview before issue, the archived original after. */
  @Get(':id/pdf')
  async pdf(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const { pdf, fileName, archived } = await this.documents.reportPdf(user, id);
    res.setHeader('X-Document-Status', archived ? 'archived-original' : 'draft-preview');
    sendPdf(res, pdf, fileName);
  }

  /** A workflow event: {type, version, comment?} → the updated report. */
  @Post(':id/events')
  @HttpCode(200)
  event(@Param('id') id: string, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.workflow.fire(user, id, body);
  }

  @Get(':id/history')
  history(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.workflow.history(user, id);
  }

  @Post()
  create(@Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.reports.create(user, body);
  }

  @Get()
  list(@Query() query: unknown, @CurrentUser() user: AuthUser) {
    return this.reports.list(user, query);
  }

  @Get(':id')
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.reports.get(user, id);
  }

  @Patch(':id')
  patch(@Param('id') id: string, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.reports.patch(user, id, body);
  }

  @Get(':id/validation')
  validation(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.reports.validation(user, id);
  }

  /** The form as a workbook laid out like the paper form, with the report's data. */
  @Get(':id/forms/:code/xlsx')
  async exportForm(@Param('id') id: string, @Param('code') code: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const report = await this.access.loadVisible(user, id);
    const def = await this.reports.formOf(report, code);
    const data = (await this.reports.formData(report))[def.code] ?? {};
    const [period, view] = await Promise.all([this.periods.get(report.periodId), this.reports.view(report)]);
    const buf = await exportFormWorkbook(def, data, { unitName: view.orgUnitName, periodLabel: period.label, reportTitle: report.title });
    sendXlsx(res, buf, `${def.code.replace('/', '-')}-${period.code}.xlsx`);
  }

  /** Imports a filled workbook of the same layout: it replaces the form's typed-in cells. */
  @Put(':id/forms/:code/xlsx')
  @HttpCode(200)
  async importForm(
    @Param('id') id: string,
    @Param('code') code: string,
    @Query('version') version: string | undefined,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
  ) {
    const report = await this.access.loadVisible(user, id);
    this.access.assertCanEdit(user, report);
    const def = await this.reports.formOf(report, code);
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      throw new DomainException('BAD_REQUEST', 'Cần gửi tệp Excel (.xlsx) trong nội dung yêu cầu.');
    }
    let imported;
    try {
      imported = await importFormWorkbook(def, req.body);
    } catch (e) {
      if (e instanceof NotAWorkbookError) throw new DomainException('BAD_REQUEST', e.message || 'Tệp gửi lên không phải là bảng tính Excel (.xlsx).');
      throw e;
    }
    if (imported.errors.length) {
      throw new DomainException('VALIDATION_FAILED', 'Bảng tính có ô không hợp lệ; chưa nhập dữ liệu nào.', { errors: imported.errors });
    }
    const expected = version !== undefined && /^\d+$/.test(version) ? Number(version) : undefined;
    return this.reports.replaceForm(user, id, def.code, imported.data, expected);
  }
}
