import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  ReplacementService,
  ReportDocxService,
  ReportPdfService,
  ReportViews,
  WorkflowService,
} from '@app/approval';
import { AuthUser } from '@app/auth';
import { ReportsService } from '@app/reports';
import { CurrentUser } from '../auth/public.decorator';
import { Roles } from '../auth/roles.guard';
import { ApiErrors } from '../http/api-errors.decorator';
import { DOCX_MIME, XLSX_MIME, sendDocx, sendPdf, sendXlsx } from '../http/file-responses';
import { ReportWorkbooks } from './report-workbooks.service';
import {
  CreateReportDto,
  ImportDocxQueryDto,
  ImportWorkbookQueryDto,
  ReportPdfQueryDto,
  ListReportsQueryDto,
  PatchReportDto,
  ReportEventDto,
} from './dto/report.dto';

@ApiTags('reports')
@Controller('api/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly views: ReportViews,
    private readonly workflow: WorkflowService,
    private readonly pdfs: ReportPdfService,
    private readonly workbooks: ReportWorkbooks,
    private readonly replacements: ReplacementService,
    private readonly docx: ReportDocxService,
  ) {}

  /**
   * A new draft for the caller's unit (from the report outline); a second one for the same period →
   * 409 with `existingReportId`. With `replaces` (an issued document of the unit): its replacement.
   */
  @Post()
  @Roles('officer')
  @ApiErrors(401, 403, 404, 409, 422)
  create(@Body() body: CreateReportDto, @CurrentUser() user: AuthUser) {
    const { replaces } = body;
    if (replaces) return this.replacements.create(user, { ...body, replaces });
    return this.reports.create(user, body);
  }

  /** The reports the caller may see. */
  @Get()
  @ApiErrors(401, 422)
  list(@Query() query: ListReportsQueryDto, @CurrentUser() user: AuthUser) {
    return this.views.list(user, query);
  }

  /** A report with its data (ratios computed), signatures and, once issued, its number. */
  @Get(':id')
  @ApiErrors(401, 404)
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.views.get(user, id);
  }

  /** Content changes of a draft, all or nothing: a stale `version` → 409, bad cells → 422 listing each. */
  @Patch(':id')
  @ApiErrors(401, 403, 404, 409, 422)
  patch(@Param('id') id: string, @Body() body: PatchReportDto, @CurrentUser() user: AuthUser) {
    return this.reports.patch(user, id, body);
  }

  /** The form rules over every numeric column. */
  @Get(':id/validation')
  @ApiErrors(401, 404)
  validation(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.reports.validation(user, id);
  }

  /** A workflow event: `{type, version, comment?}` → the updated report. */
  @Post(':id/events')
  @HttpCode(200)
  @ApiErrors(401, 403, 404, 409, 422, 429, 503)
  event(@Param('id') id: string, @Body() body: ReportEventDto, @CurrentUser() user: AuthUser) {
    return this.workflow.fire(user, id, body);
  }

  /** Who did what and why. */
  @Get(':id/history')
  @ApiErrors(401, 404)
  history(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.reports.history(user, id);
  }

  /**
   * A marked draft preview before issue, the archived original after; `preview=issue` (a clerk, a
   * signed report): the original as it will be issued, with the next number, marked BẢN XEM TRƯỚC.
   */
  @Get(':id/pdf')
  @ApiErrors(401, 403, 404, 409, 422, 429, 503)
  async pdf(
    @Param('id') id: string,
    @Query() query: ReportPdfQueryDto,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ) {
    const { pdf, fileName, archived, sha256, issuePreview } =
      query.preview === 'issue'
        ? await this.pdfs.issuePreview(user, id, {
            issueDate: query.issueDate,
            filingUnit: query.filingUnit,
          })
        : await this.pdfs.pdf(user, id);
    sendPdf(res, pdf, fileName, {
      status: archived ? 'archived-original' : issuePreview ? 'issue-preview' : 'draft-preview',
      sha256,
    });
  }

  /** The form as a workbook laid out like the paper form, with the report's data. */
  @Get(':id/forms/:code/xlsx')
  @ApiErrors(401, 404)
  async exportForm(
    @Param('id') id: string,
    @Param('code') code: string,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ) {
    const { bytes, fileName } = await this.workbooks.export(user, id, code);
    sendXlsx(res, bytes, fileName);
  }

  /** Imports a filled workbook of the same layout (the body is the .xlsx): it replaces the form's typed-in cells. */
  @Put(':id/forms/:code/xlsx')
  @HttpCode(200)
  @ApiConsumes(XLSX_MIME, 'application/octet-stream')
  @ApiErrors(400, 401, 403, 404, 409, 413, 422)
  importForm(
    @Param('id') id: string,
    @Param('code') code: string,
    @Query() query: ImportWorkbookQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
  ) {
    const workbook = Buffer.isBuffer(req.body) ? req.body : undefined;
    return this.reports.importWorkbook(
      user,
      id,
      code,
      workbook,
      query.version !== undefined ? Number(query.version) : undefined,
    );
  }

  /** The report as Word (.docx, the decree's layout): the copy of its issued original, or the draft as it is. */
  @Get(':id/docx')
  @ApiErrors(401, 404, 409)
  async exportDocx(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const { bytes, fileName, status } = await this.docx.ofReport(user, id);
    sendDocx(res, bytes, fileName, status);
  }

  /**
   * Imports the narrative of an edited Word copy of a draft (the body is the .docx): `preview=1`
   * answers the paragraph-level changes only; otherwise they are saved under `version`.
   */
  @Put(':id/docx')
  @HttpCode(200)
  @ApiConsumes(DOCX_MIME, 'application/octet-stream')
  @ApiErrors(400, 401, 403, 404, 409, 413, 422)
  importDocx(
    @Param('id') id: string,
    @Query() query: ImportDocxQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
  ) {
    return this.docx.importNarrative(user, id, Buffer.isBuffer(req.body) ? req.body : undefined, {
      version: query.version !== undefined ? Number(query.version) : undefined,
      preview: query.preview === '1' || query.preview === 'true',
    });
  }
}
