import { Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser, hasRole } from '@app/auth';
import { DomainException } from '@app/common';
import { ReportViews } from '@app/approval';
import {
  ConsolidationService,
  IndicatorTable,
  PeriodDataService,
  TABLE_STATE_NAMES,
  sortRows,
  tableColumn,
} from '@app/consolidation';
import { FormsService } from '@app/forms';
import { PeriodStatusService, PeriodsService, countTimeliness } from '@app/reports';
import { isOut } from '@app/workflow';
import { CurrentUser } from '../auth/public.decorator';
import { Flash, WebContext, okFlash } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { DashboardCharts } from './dashboard-charts';
import { WebViews } from './web-views';

/** Upper units: who has reported for a period (on time, late, missing), and the consolidation. */
@Controller('periods')
@UseFilters(WebExceptionFilter)
export class WebPeriodsController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly periods: PeriodsService,
    private readonly status: PeriodStatusService,
    private readonly reports: ReportViews,
    private readonly consolidation: ConsolidationService,
    private readonly data: PeriodDataService,
    private readonly forms: FormsService,
    private readonly charts: DashboardCharts,
  ) {}

  /**
   * "Bảng chỉ tiêu": the lower units × chosen indicators of one form, with their state and the
   * consolidated total; sorted by a column (`sort`, `dir=desc`) without script; Excel download.
   */
  @Get(':id/table')
  async table(
    @Param('id') id: string,
    @Query() raw: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const period = await this.periods.get(id);
    const formCode = str(raw.form) || period.forms[0]?.code || '01/TE';
    const picked = Array.isArray(raw.c)
      ? raw.c.filter((x): x is string => typeof x === 'string')
      : str(raw.c)
        ? [str(raw.c)!]
        : (str(raw.columns)?.split(',').filter(Boolean) ?? []);
    const flash: Flash[] = [];
    let table: IndicatorTable | null = null;
    try {
      table = await this.data.table(user, period.id, { form: formCode, columns: picked });
    } catch (e) {
      if (!(e instanceof DomainException) || e.status === 404 || e.status === 403) throw e;
      flash.push({ kind: 'error', text: e.userMessage });
    }
    const pinned = period.forms.find((f) => f.code === formCode);
    const def = pinned
      ? await this.forms.get(pinned.code, pinned.version, undefined, period.year)
      : null;
    const chosen = new Set(table?.columns.map((c) => c.key) ?? []);
    const sort = str(raw.sort);
    const desc = raw.dir === 'desc';
    const query = (extra: Record<string, string>) =>
      new URLSearchParams([
        ['form', formCode],
        ...[...chosen].map((k) => ['c', k] as [string, string]),
        ...Object.entries(extra),
      ]).toString();
    const sortHref = (key: string) =>
      `/periods/${period.id}/table?${query({ sort: key, ...(sort === key && !desc ? { dir: 'desc' } : {}) })}`;
    const arrow = (key: string) => (sort === key ? (desc ? ' ▼' : ' ▲') : '');
    const rows = table ? sortRows(table.rows, sort, desc) : [];
    this.views.send(res, 'period-table', {
      ...(await this.context.base(req, user, 'dashboard', `Bảng chỉ tiêu ${period.label}`, flash)),
      period: { id: period.id, label: period.label, code: period.code },
      formCode,
      formChoices: period.forms.map((f) => ({ code: f.code, selected: f.code === formCode })),
      rowChoices: def
        ? def.rows.flatMap((r) =>
            def.columns.flatMap((c) => {
              const col = tableColumn(def, `${r.key}:${c.key}`);
              return col
                ? [{ key: col.key, caption: col.label, checked: chosen.has(col.key) }]
                : [];
            }),
          )
        : [],
      headers: [
        { title: 'Đơn vị', href: sortHref('name'), arrow: arrow('name') },
        { title: 'Tình trạng', href: sortHref('state'), arrow: arrow('state') },
        ...(table?.columns ?? []).map((c) => ({
          title: c.label,
          unit: c.unit,
          key: c.key,
          href: sortHref(c.key),
          arrow: arrow(c.key),
        })),
      ],
      rows: rows.map((r) => ({
        ...r,
        stateText: TABLE_STATE_NAMES[r.state],
        isMissing: r.state === 'missing',
        vals: table!.columns.map((c) => ({ key: c.key, value: r.values[c.key] ?? null })),
      })),
      totals: (table?.columns ?? []).map((c) => ({
        key: c.key,
        value: table!.total.values[c.key],
      })),
      xlsxHref: `/api/periods/${period.id}/table?${new URLSearchParams({ form: formCode, columns: [...chosen].join(','), format: 'xlsx' }).toString()}`,
      hasTable: !!table,
    });
  }

  /**
   * "Theo dõi": who has reported (on time, late, missing), the consolidation, and three charts with
   * their tables — completeness and timeliness over the periods, one indicator (`form`, `c` =
   * "row:column", default 01/TE I.1:y2024) across the lower units, and the same indicator of the
   * unit across periods.
   */
  @Get(':id/dashboard')
  async dashboard(
    @Param('id') id: string,
    @Query() raw: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    await this.sendDashboard(req, res, user, id, okFlash(str(raw.ok)), 200, {
      form: str(raw.form),
      cell: str(raw.c),
    });
  }

  /** "Tổng hợp": creates or refreshes the unit's consolidated report, then opens it. */
  @Post(':id/consolidate')
  async consolidate(
    @Param('id') id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    try {
      const reportId = await this.consolidation.consolidate(user, id);
      res.redirect(303, `/reports/${reportId}?ok=consolidated`);
    } catch (e) {
      if (!(e instanceof DomainException) || e.status === 404) throw e;
      await this.sendDashboard(
        req,
        res,
        user,
        id,
        [{ kind: 'error', text: e.userMessage }],
        e.status,
      );
    }
  }

  private async sendDashboard(
    req: Request,
    res: Response,
    user: AuthUser,
    id: string,
    flash: Flash[],
    status = 200,
    pick: { form?: string; cell?: string } = {},
  ) {
    const period = await this.periods.get(id);
    const [rows, own, history] = await Promise.all([
      this.status.status(user, period.id),
      this.reports.list(user, { periodId: period.id, orgUnitId: user.orgUnitId }),
      this.status.history(user),
    ]);
    const units = rows.map((r) => ({
      ...r,
      submitted: isOut(r.state),
      timeliness: r.submittedAt
        ? r.onTime === false
          ? 'late'
          : 'onTime'
        : r.state === 'returned'
          ? 'returned'
          : 'missing',
    }));
    const counts = countTimeliness(rows);
    const mine = own[0];
    this.views.send(
      res,
      'dashboard',
      {
        ...(await this.context.base(req, user, 'dashboard', `Theo dõi ${period.label}`, flash)),
        period: {
          id: period.id,
          label: period.label,
          code: period.code,
          cutoffFrom: period.cutoffFrom,
          cutoffTo: period.cutoffTo,
          open: period.open,
        },
        units,
        counts: { ...counts, submitted: counts.onTime + counts.late },
        charts: await this.charts.of(user, period, history, pick),
        own: mine ?? null,
        canConsolidate:
          hasRole(user, 'officer') &&
          units.length > 0 &&
          (!mine || (mine.state === 'draft' && mine.step === 'editing')),
      },
      status,
    );
  }
}
