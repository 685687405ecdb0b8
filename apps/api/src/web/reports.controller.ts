import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser, hasRole } from '@app/auth';
import { DomainException, isUuid } from '@app/common';
import { NotAWorkbookError, importFormWorkbook } from '@app/forms';
import { OrgRepository } from '@app/org';
import { ConsolidationService, PeriodsService, REPORT_STATES, ReportAccess, ReportWorkflowService, ReportsService } from '@app/reports';
import { DocumentsService } from '@app/documents';
import { sendPdf } from '../documents/documents.controller';
import { CurrentUser } from '../auth/public.decorator';
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

/** The reports pages: list, create, the editor and viewer, its actions, PDF, Excel upload, provenance. */
@Controller('reports')
@UseFilters(WebExceptionFilter)
export class WebReportsController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly page: ReportPageService,
    private readonly reports: ReportsService,
    private readonly access: ReportAccess,
    private readonly periods: PeriodsService,
    private readonly workflow: ReportWorkflowService,
    private readonly consolidation: ConsolidationService,
    private readonly documents: DocumentsService,
    private readonly org: OrgRepository,
  ) {}

  @Get()
  async list(@Query() q: Record<string, unknown>, @CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response) {
    const filters = {
      periodId: isUuid(q.periodId) ? q.periodId : undefined,
      state: (REPORT_STATES as readonly string[]).includes(str(q.state)) ? str(q.state) : undefined,
      orgUnitId: isUuid(q.orgUnitId) ? q.orgUnitId : undefined,
    };
    const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
    const [rows, periods, units, descendants, own] = await Promise.all([
      this.reports.list(user, query),
      this.periods.list(),
      this.org.findAll(),
      this.org.descendantIds(user.orgUnitId),
      this.reports.list(user, { orgUnitId: user.orgUnitId }),
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
    const view = await this.reports.view(report);
    const defs = await this.page.definitions(report);
    const version = Number(str(body.version));
    const title = str(body.title);
    const narrative = lf(str(body.narrative));
    const recipientUnitIds = list(body.recipientUnit).filter(isUuid);
    const recipientOther = lf(str(body.recipientOther));
    const { patch, typed, count } = changedCells(defs, view.data, body);

    const input: Record<string, unknown> = { version: Number.isInteger(version) ? version : 0 };
    if ('title' in body && title.trim() !== view.title) input.title = title;
    if ('narrative' in body && narrative !== view.narrative) input.narrative = narrative;
    if ('recipientOther' in body || 'recipientUnit' in body) {
      const units = await this.org.findAll();
      const recipients = [
        ...units.filter((u) => recipientUnitIds.includes(u.id)).map((u) => ({ orgUnitId: u.id })),
        ...recipientOther
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .map((name) => ({ name })),
      ];
      const key = (r: { name?: string; orgUnitId?: string }) => (r.orgUnitId ? `u:${r.orgUnitId}` : `n:${r.name}`);
      if (recipients.map(key).join('|') !== view.recipients.map(key).join('|')) input.recipients = recipients;
    }
    if (count > 0) input.data = patch;
    if (Object.keys(input).length === 1 && input.version === view.version) return res.redirect(303, `/reports/${id}?ok=nochange`);

    try {
      await this.reports.patch(user, id, input);
      res.redirect(303, `/reports/${id}?ok=saved`);
    } catch (e) {
      if (!(e instanceof DomainException)) throw e;
      const typedContent = { title, narrative, recipientUnitIds, recipientOther, version: input.version as number };
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
    const report = await this.access.loadVisible(user, id);
    if (!(WEB_EVENT_TYPES as string[]).includes(type)) {
      return this.page.send(req, res, user, id, { status: 400, flash: [{ kind: 'error', text: 'Thao tác không hợp lệ.' }] });
    }
    try {
      await this.workflow.fire(user, id, { type, version: Number(str(body.version)) || 0, ...(type === 'RETURN' ? { comment } : {}) });
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
    const stillVisible = !(type === 'RETURN' && report.orgUnitId !== user.orgUnitId);
    res.redirect(303, stillVisible ? `/reports/${id}?ok=${type}` : `/?ok=${type}`);
  }

  /** The draft preview (marked DỰ THẢO), or the archived original once issued. */
  @Get(':id/pdf')
  async pdf(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const { pdf, fileName, archived } = await this.documents.reportPdf(user, id);
    res.setHeader('X-Document-Status', archived ? 'archived-original' : 'draft-preview');
    sendPdf(res, pdf, fileName);
  }

  /** Upload of a filled workbook of one form: replaces the form's typed-in cells, or lists each bad cell. */
  @Post(':id/forms/:code/xlsx')
  async upload(@Param('id') id: string, @Param('code') code: string, @Body() body: Body, @CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response) {
    const report = await this.access.loadVisible(user, id);
    const fail = (status: number, text: string, cellErrors = [] as { form: string; row: string; column: string; cell: string; message: string }[]) =>
      this.page.send(req, res, user, id, { status, flash: [{ kind: 'error', text }], cellErrors });
    try {
      this.access.assertCanEdit(user, report);
      const def = await this.reports.formOf(report, code);
      const tooBig = uploadError(req);
      if (tooBig) return fail(tooBig.status, tooBig.message);
      const file = uploadedFile(req);
      if (!file || file.length === 0) return fail(400, 'Chưa chọn tệp Excel (.xlsx) để tải lên.');
      let imported;
      try {
        imported = await importFormWorkbook(def, file);
      } catch (e) {
        if (e instanceof NotAWorkbookError) return fail(400, e.message || 'Tệp tải lên không phải là bảng tính Excel (.xlsx).');
        throw e;
      }
      if (imported.errors.length) return fail(422, `Bảng tính có ${imported.errors.length} ô không hợp lệ; chưa nhập dữ liệu nào.`, imported.errors);
      const version = Number(str(body.version));
      await this.reports.replaceForm(user, id, def.code, imported.data, Number.isInteger(version) && version > 0 ? version : undefined);
      res.redirect(303, `/reports/${id}?ok=imported`);
    } catch (e) {
      if (!(e instanceof DomainException)) throw e;
      return fail(e.status, e.userMessage, splitErrors(e).cellErrors as never);
    }
  }

  /** Where a consolidated cell comes from: each lower unit's report and value, the missing units. */
  @Get(':id/provenance')
  async provenance(@Param('id') id: string, @Query() q: Record<string, unknown>, @CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response) {
    const report = await this.access.loadVisible(user, id);
    const p = await this.consolidation.provenance(user, id, { form: str(q.form), row: str(q.row), column: str(q.column) });
    const def = await this.reports.formOf(report, p.form);
    const row = def.rows.find((r) => r.key === p.row);
    const col = def.columns.find((c) => c.key === p.column);
    this.views.send(res, 'provenance', {
      ...(await this.context.base(req, user, 'reports', 'Nguồn số liệu tổng hợp')),
      report: { id: report.id, title: report.title },
      form: def.code,
      formTitle: def.title,
      rowLabel: row ? `${row.no ? row.no + '. ' : ''}${row.label}` : p.row,
      unit: row?.unit ?? col?.unit ?? '',
      columnLabel: col?.label ?? p.column,
      value: p.value,
      sources: p.sources,
      missingUnits: p.missingUnits,
      refreshedAt: p.refreshedAt,
    });
  }
}
