import { Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser, hasRole } from '@app/auth';
import { DomainException } from '@app/common';
import { ReportViews } from '@app/approval';
import {
  ConsolidationService,
  IndicatorTable,
  PeriodDataService,
  IndicatorPoint,
  IndicatorsService,
  TABLE_STATE_NAMES,
  defaultColumnKeys,
  sortRows,
  tableColumn,
} from '@app/consolidation';
import { FormsService } from '@app/forms';
import {
  PeriodStatusService,
  PeriodTimeliness,
  PeriodsService,
  ReportingPeriod,
  countTimeliness,
} from '@app/reports';
import { isOut } from '@app/workflow';
import { CurrentUser } from '../auth/public.decorator';
import { Flash, WebContext, okFlash } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
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
    private readonly indicators: IndicatorsService,
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
      timeliness: r.submittedAt ? (r.onTime === false ? 'late' : 'onTime') : 'missing',
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
        charts: await this.charts(user, period, history, pick),
        own: mine ?? null,
        canConsolidate:
          hasRole(user, 'officer') &&
          units.length > 0 &&
          (!mine || (mine.state === 'draft' && mine.step === 'editing')),
      },
      status,
    );
  }

  /** The dashboard's charts, each with the numbers its table shows (the page draws them with Chart.js). */
  private async charts(
    user: AuthUser,
    period: ReportingPeriod,
    history: PeriodTimeliness[],
    pick: { form?: string; cell?: string },
  ) {
    // (a) Completeness and timeliness per period: a stacked bar.
    const historyLabels = distinctLabels(history.map((h) => h.period));
    history = history.map((h, i) => ({ ...h, period: { ...h.period, label: historyLabels[i] } }));
    const timeliness = {
      rows: history.map((h) => ({ ...h, current: h.period.id === period.id })),
      spec: JSON.stringify({
        type: 'bar',
        stacked: true,
        labels: history.map((h) => h.period.label),
        datasets: [
          { label: 'Đúng hạn', data: history.map((h) => h.onTime), color: '#2e7d32' },
          { label: 'Gửi muộn', data: history.map((h) => h.late), color: '#ef8f00' },
          { label: 'Chưa gửi', data: history.map((h) => h.missing), color: '#9e9e9e' },
        ],
        yTitle: 'Số đơn vị',
        integer: true,
      }),
    };

    // (b) One indicator across the lower units: 01/TE I.1:y2024 unless another is picked.
    const formCode = period.forms.some((f) => f.code === pick.form)
      ? pick.form!
      : period.forms.some((f) => f.code === '01/TE')
        ? '01/TE'
        : period.forms[0]?.code;
    const pinned = period.forms.find((f) => f.code === formCode);
    const def = pinned
      ? await this.forms.get(pinned.code, pinned.version, undefined, period.year)
      : null;
    const cellKey = def
      ? [pick.cell, 'I.1:y2024', ...defaultColumnKeys(def)].find(
          (k): k is string => !!k && !!tableColumn(def, k),
        )
      : undefined;
    const table =
      def && cellKey
        ? await this.data.table(user, period.id, { form: def.code, columns: [cellKey] })
        : null;
    const column = table?.columns[0] ?? null;
    const indicator = table &&
      column && {
        form: table.form,
        key: column.key,
        label: column.label,
        unit: column.unit,
        rows: table.rows.map((r) => ({
          name: r.name,
          code: r.code,
          reportId: r.reportId,
          stateText: TABLE_STATE_NAMES[r.state],
          isMissing: r.state === 'missing',
          value: r.values[column.key] ?? null,
        })),
        total: table.total.values[column.key] ?? null,
        spec: JSON.stringify({
          type: 'bar',
          labels: table.rows.map((r) => r.name),
          datasets: [
            {
              label: `${column.label}${column.unit ? ` (${column.unit})` : ''}`,
              data: table.rows.map((r) => r.values[column.key] ?? null),
              color: '#1f5fa8',
            },
          ],
          yTitle: column.unit,
        }),
      };
    const choices = def
      ? def.rows.flatMap((r) =>
          def.columns.flatMap((c) => {
            const col = tableColumn(def, `${r.key}:${c.key}`);
            return col ? [{ key: col.key, caption: col.label, selected: col.key === cellKey }] : [];
          }),
        )
      : [];

    // (c) The same indicator of the caller's unit across periods (the cross-period API), with a link to the full page.
    let points: IndicatorPoint[] = [];
    let seriesError: string | null = null;
    const [row, col] = column ? [column.row, column.column] : ['', ''];
    const query = {
      form: formCode ?? '',
      row,
      column: col,
      orgUnitId: user.orgUnitId,
      from: period.year - 2,
      to: period.year,
    };
    if (column)
      try {
        points = await this.indicators.series(user, query);
      } catch (e) {
        if (!(e instanceof DomainException)) throw e;
        seriesError = e.userMessage;
      }
    const pointLabels = distinctLabels(points.map((p) => ({ label: p.label, code: p.periodCode })));
    const series = {
      rows: points.map((p, i) => ({
        label: pointLabels[i],
        comparable: p.comparable,
        value: p.comparable ? p.value : null,
        complete: p.complete,
      })),
      spec: JSON.stringify({
        type: 'line',
        labels: pointLabels,
        datasets: [
          {
            label: column ? `${column.label}${column.unit ? ` (${column.unit})` : ''}` : '',
            data: points.map((p) => (p.comparable ? p.value : null)),
            color: '#6a1b9a',
          },
        ],
        yTitle: column?.unit ?? '',
      }),
      error: seriesError,
      href: `/indicators?${new URLSearchParams({ ...query, from: String(query.from), to: String(query.to) }).toString()}`,
    };

    return {
      timeliness,
      indicator,
      series,
      formChoices: period.forms.map((f) => ({ code: f.code, selected: f.code === formCode })),
      cellChoices: choices,
    };
  }
}

/** Periods' labels for a chart: two periods of one label (say an ad-hoc one of the same months) carry their codes. */
function distinctLabels(periods: { label: string; code: string }[]): string[] {
  const count = new Map<string, number>();
  for (const p of periods) count.set(p.label, (count.get(p.label) ?? 0) + 1);
  return periods.map((p) => (count.get(p.label)! > 1 ? `${p.label} (${p.code})` : p.label));
}
