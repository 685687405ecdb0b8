import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ReportPdfService } from '@app/approval';
import { AuthUser } from '@app/auth';
import { DomainException } from '@app/common';
import { ProvenanceService } from '@app/consolidation';
import { ReportsService } from '@app/reports';
import { CurrentUser } from '../auth/public.decorator';
import { sendPdf } from '../http/file-responses';
import { CellError, splitErrors } from './report-page-errors';
import { ReportPageService } from './report-page.service';
import { formField, uploadError, uploadedFile } from './web-body';
import { WebContext } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebViews } from './web-views';

type Body = Record<string, unknown>;

/** A report's files and sources: its PDF, the Excel upload of a form, the provenance of a consolidated cell. */
@Controller('reports')
@UseFilters(WebExceptionFilter)
export class WebReportFilesController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly page: ReportPageService,
    private readonly reports: ReportsService,
    private readonly pdfs: ReportPdfService,
    private readonly provenance: ProvenanceService,
  ) {}

  /** The draft preview (marked DỰ THẢO), or the archived original once issued. */
  @Get(':id/pdf')
  async pdf(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const { pdf, fileName, archived, sha256 } = await this.pdfs.pdf(user, id);
    sendPdf(res, pdf, fileName, {
      status: archived ? 'archived-original' : 'draft-preview',
      sha256,
    });
  }

  /** The clerk's numbered preview before issuing (marked BẢN XEM TRƯỚC), for today. */
  @Get(':id/issue-preview')
  async issuePreview(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const { pdf, fileName } = await this.pdfs.issuePreview(user, id);
    sendPdf(res, pdf, fileName, { status: 'issue-preview' });
  }

  /** Upload of a filled workbook of one form: replaces the form's typed-in cells, or lists each bad cell. */
  @Post(':id/forms/:code/xlsx')
  async upload(
    @Param('id') id: string,
    @Param('code') code: string,
    @Body() body: Body,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const fail = (status: number, text: string, cellErrors: CellError[] = []) =>
      this.page.send(req, res, user, id, { status, flash: [{ kind: 'error', text }], cellErrors });
    const tooBig = uploadError(req);
    if (tooBig) return fail(tooBig.status, tooBig.message);
    const file = uploadedFile(req);
    if (!file || file.length === 0) return fail(400, 'Chưa chọn tệp Excel (.xlsx) để tải lên.');
    const version = Number(formField(body.version));
    try {
      await this.reports.importWorkbook(
        user,
        id,
        code,
        file,
        Number.isInteger(version) && version > 0 ? version : undefined,
      );
      res.redirect(303, `/reports/${id}?ok=imported`);
    } catch (e) {
      if (!(e instanceof DomainException)) throw e;
      return fail(e.status, e.userMessage, splitErrors(e).cellErrors);
    }
  }

  /** Where a consolidated cell comes from: each lower unit's report and value, the missing units. */
  @Get(':id/provenance')
  async showProvenance(
    @Param('id') id: string,
    @Query() q: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const p = await this.provenance.provenance(user, id, {
      form: formField(q.form),
      row: formField(q.row),
      column: formField(q.column),
    });
    this.views.send(res, 'provenance', {
      ...(await this.context.base(req, user, 'reports', 'Nguồn số liệu tổng hợp')),
      report: p.report,
      form: p.form,
      formTitle: p.cell.formTitle,
      rowLabel: `${p.cell.rowNo ? p.cell.rowNo + '. ' : ''}${p.cell.rowLabel}`,
      unit: p.cell.unit,
      columnLabel: p.cell.columnLabel,
      value: p.value,
      sources: p.sources,
      otherSources: p.otherSources,
      missingUnits: p.missingUnits,
      refreshedAt: p.refreshedAt,
    });
  }
}
