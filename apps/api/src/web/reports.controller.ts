import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ReportPdfService, ReportViews, WorkflowService } from '@app/approval';
import { AuthUser, hasRole } from '@app/auth';
import { DomainException, FieldError, isUuid, parseInput } from '@app/common';
import { ProvenanceService } from '@app/consolidation';
import { OrgRepository } from '@app/org';
import { PatchReportInput, PeriodsService, ReportAccess, ReportFormsService, ReportsService } from '@app/reports';
import { REPORT_STATES, ReportState } from '@app/workflow';
import { CurrentUser } from '../auth/public.decorator';
import { sendPdf } from '../http/file-responses';
import { PatchReportSchema } from '../reports/dto/report.dto';
import { changedCells } from './report-grid';
import { ReportPageService, WEB_EVENT_TYPES, splitErrors } from './report-page.service';
import { uploadError, uploadedFile } from './web-body';
import { WebContext, okFlash } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebViews } from './web-views';

type Body = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[v.length - 1] ?? '') : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
const lf = (s: string) => s.replace(/\r\n?/g, '\n');
const defaultTitle = (label: string) => `Báo cáo kết quả công tác trẻ em ${label}`;
const recipientKey = (r: { name?: string; orgUnitId?: string }) => (r.orgUnitId ? `u:${r.orgUnitId}` : `n:${r.name}`);

/** The reports pages: list, create, the editor and viewer, its actions, PDF, Excel upload, provenance. */
@Controller('reports')
@UseFilters(WebExceptionFilter)
export class WebReportsController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly page: ReportPageService,
    private readonly reports: ReportsService,
    private readonly reportViews: ReportViews,
    private readonly reportForms: ReportFormsService,
    private readonly access: ReportAccess,
    private readonly periods: PeriodsService,
    private readonly workflow: WorkflowService,
    private readonly pdfs: ReportPdfService,
    private readonly provenance: ProvenanceService,
    private readonly org: OrgRepository,
  ) {}

  @Get()
  async list(@Query() q: Record<string, unknown>, @CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response) {
    const filters = {
      periodId: isUuid(q.periodId) ? q.periodId : undefined,
      state: (REPORT_STATES as readonly string[]).includes(str(q.state)) ? (str(q.state) as ReportState) : undefined,
      orgUnitId: isUuid(q.orgUnitId) ? q.orgUnitId : undefined,
    };
    const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
    const [rows, periods, units, descendants, own] = await Promise.all([
      this.reportViews.list(user, query),
      this.periods.list(),
      this.org.findAll(),
      this.org.descendantIds(user.orgUnitId),
      this.reportViews.list(user, { orgUnitId: user.orgUnitId }),
    ]);
    const visibleUnits = hasRole(user, 'admin') ? units : units.filter((u) => u.id === user.orgUnitId || descendants.includes(u.id));
    const periodLabels = new Map(periods.map((p) => [p.id, p.label]));
    const isOfficer = hasRole(user, 'officer');
    const periodRows = await Promise.all(
      periods
        .filter((p) => p.open)
        .map(async (p) => {
          const mine = own.find((r) => r.periodId === p.id);
          const hasLower = (await this.org.childrenOn(user.orgUnitId, p.cutoffTo)).length > 0;
          return {
            id: p.id,
            label: p.label,
            code: p.code,
            defaultTitle: defaultTitle(p.label),
            mine,
            canCreate: isOfficer && !hasLower && !mine,
            canConsolidate: isOfficer && hasLower && (!mine || (mine.state === 'draft' && mine.step === 'editing')),
            hasLower,
          };
        }),
    );
    this.views.send(res, 'reports', {
      ...(await this.context.base(req, user, 'reports', 'Báo cáo', okFlash(q.ok))),
      reports: rows.map((r) => ({ ...r, periodLabel: periodLabels.get(r.periodId) ?? '' })),
      periods: periods.map((p) => ({ id: p.id, label: p.label, selected: p.id === filters.periodId })),
      states: REPORT_STATES.map((s) => ({ value: s, selected: s === filters.state })),
      units: visibleUnits.map((u) => ({ id: u.id, name: u.name, selected: u.id === filters.orgUnitId })),
      periodRows,
      filtered: Object.keys(query).length > 0,
    });
  }

  /** "Lập báo cáo": the unit's report of a period, from the outline (or the one it already has). */
  @Post()
  async create(@Body() body: Body, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const periodId = str(body.periodId);
    const period = isUuid(periodId) ? await this.periods.get(periodId) : null;
    const title = str(body.title).trim() || (period ? defaultTitle(period.label) : '');
    try {
      const created = await this.reports.create(user, { periodId, type: 'BC', title });
      res.redirect(303, `/reports/${created.id}?ok=created`);
    } catch (e) {
      const existing = e instanceof DomainException ? (e.details.extra?.existingReportId as string | undefined) : undefined;
      if (existing) return res.redirect(303, `/reports/${existing}?ok=exists`);
      throw e;
    }
  }

  @Get(':id')
  async show(@Param('id') id: string, @Query('ok') ok: string | undefined, @CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response) {
    await this.page.send(req, res, user, id, { flash: okFlash(ok) });
  }

  /** Saves title, narrative, recipients and the changed cells, guarded by the version the page showed. */
  @Post(':id')
  async save(@Param('id') id: string, @Body() body: Body, @CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response) {
    const report = await this.access.loadVisible(user, id);
    const [stored, defs] = await Promise.all([this.reportForms.stored(report), this.reportForms.definitions(report)]);
    const version = Number(str(body.version));
    const title = str(body.title);
    const narrative = lf(str(body.narrative));
    const recipientUnitIds = list(body.recipientUnit).filter(isUuid);
    const recipientOther = lf(str(body.recipientOther));
    const { patch, typed, count } = changedCells(defs, stored, body);

    const raw: Record<string, unknown> = { version: Number.isInteger(version) ? version : 0 };
    if ('title' in body && title.trim() !== report.title) raw.title = title;
    if ('narrative' in body && narrative !== report.narrative) raw.narrative = narrative;
    if ('recipientOther' in body || 'recipientUnit' in body) {
      const units = await this.org.namesByIds(recipientUnitIds);
      const recipients = [
        ...recipientUnitIds.filter((u) => units.has(u)).map((orgUnitId) => ({ orgUnitId })),
        ...recipientOther
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .map((name) => ({ name })),
      ];
      if (recipients.map(recipientKey).join('|') !== report.recipients.map(recipientKey).join('|')) raw.recipients = recipients;
    }
    if (count > 0) raw.data = patch;
    if (Object.keys(raw).length === 1 && raw.version === report.version) return res.redirect(303, `/reports/${id}?ok=nochange`);

    try {
      // The page's fields are checked by the same schema as the API's PATCH.
      const input: PatchReportInput = parseInput(PatchReportSchema, raw);
      await this.reports.applyPatch(user, report, input);
      res.redirect(303, `/reports/${id}?ok=saved`);
    } catch (e) {
      if (!(e instanceof DomainException)) throw e;
      const typedContent = { title, narrative, recipientUnitIds, recipientOther, version: raw.version as number };
      const flash =
        e.code === 'STALE_VERSION'
          ? [
              {
                kind: 'error' as const,
                text: 'Báo cáo đã được người khác lưu sau khi bạn mở trang, nên thay đổi của bạn chưa được lưu. Các giá trị bạn vừa nhập vẫn còn trên trang; hãy chép lại phần cần giữ rồi tải lại báo cáo.',
                href: `/reports/${id}`,
                linkText: 'Tải lại bản mới nhất',
              },
            ]
          : [{ kind: 'error' as const, text: e.userMessage }];
      await this.page.send(req, res, user, id, { status: e.status, flash, ...splitErrors(e), typedCells: typed, typedContent });
    }
  }

  /** Trình ký, Ký, Phát hành, Trả lại (with its reason): the workflow service decides. */
  @Post(':id/events')
  async event(@Param('id') id: string, @Body() body: Body, @CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response) {
    const type = str(body.type);
    const comment = str(body.comment);
    if (!(WEB_EVENT_TYPES as string[]).includes(type)) {
      return this.page.send(req, res, user, id, { status: 400, flash: [{ kind: 'error', text: 'Thao tác không hợp lệ.' }] });
    }
    let after;
    try {
      after = await this.workflow.fire(user, id, {
        type: type as (typeof WEB_EVENT_TYPES)[number],
        version: Number(str(body.version)) || 0,
        ...(type === 'RETURN' ? { comment } : {}),
      });
    } catch (e) {
      if (!(e instanceof DomainException)) throw e;
      const { cellErrors, fieldErrors } = splitErrors(e);
      const stale = e.code === 'STALE_VERSION';
      return this.page.send(req, res, user, id, {
        status: e.status,
        flash: [{ kind: 'error', text: e.userMessage, ...(stale ? { href: `/reports/${id}`, linkText: 'Tải lại' } : {}) }],
        cellErrors,
        fieldErrors: fieldErrors.filter((f) => f.field !== 'comment'),
        returnComment: comment,
        returnError: fieldErrors.find((f) => f.field === 'comment')?.message ?? '',
      });
    }
    // A report returned to a lower unit is its draft again: no longer for the upper unit to see.
    const stillVisible = !(type === 'RETURN' && after.orgUnitId !== user.orgUnitId);
    res.redirect(303, stillVisible ? `/reports/${id}?ok=${type}` : `/?ok=${type}`);
  }

  /** The draft preview (marked DỰ THẢO), or the archived original once issued. */
  @Get(':id/pdf')
  async pdf(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const { pdf, fileName, archived, sha256 } = await this.pdfs.pdf(user, id);
    sendPdf(res, pdf, fileName, { status: archived ? 'archived-original' : 'draft-preview', sha256 });
  }

  /** Upload of a filled workbook of one form: replaces the form's typed-in cells, or lists each bad cell. */
  @Post(':id/forms/:code/xlsx')
  async upload(@Param('id') id: string, @Param('code') code: string, @Body() body: Body, @CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response) {
    const fail = (status: number, text: string, cellErrors: FieldError[] = []) => this.page.send(req, res, user, id, { status, flash: [{ kind: 'error', text }], cellErrors });
    const tooBig = uploadError(req);
    if (tooBig) return fail(tooBig.status, tooBig.message);
    const file = uploadedFile(req);
    if (!file || file.length === 0) return fail(400, 'Chưa chọn tệp Excel (.xlsx) để tải lên.');
    const version = Number(str(body.version));
    try {
      await this.reports.importWorkbook(user, id, code, file, Number.isInteger(version) && version > 0 ? version : undefined);
      res.redirect(303, `/reports/${id}?ok=imported`);
    } catch (e) {
      if (!(e instanceof DomainException)) throw e;
      return fail(e.status, e.userMessage, splitErrors(e).cellErrors);
    }
  }

  /** Where a consolidated cell comes from: each lower unit's report and value, the missing units. */
  @Get(':id/provenance')
  async showProvenance(@Param('id') id: string, @Query() q: Record<string, unknown>, @CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response) {
    const p = await this.provenance.provenance(user, id, { form: str(q.form), row: str(q.row), column: str(q.column) });
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
      missingUnits: p.missingUnits,
      refreshedAt: p.refreshedAt,
    });
  }
}
