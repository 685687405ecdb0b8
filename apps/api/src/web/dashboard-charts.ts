import { Injectable } from '@nestjs/common';
import { AuthUser } from '@app/auth';
import { DomainException } from '@app/common';
import {
  IndicatorPoint,
  IndicatorsService,
  PeriodDataService,
  TABLE_STATE_NAMES,
  defaultColumnKeys,
  tableColumn,
} from '@app/consolidation';
import { FormsService } from '@app/forms';
import { PeriodTimeliness, ReportingPeriod } from '@app/reports';

/**
 * The period dashboard's three charts, each with the numbers its table shows (the page draws them
 * with Chart.js): timeliness over the periods, one indicator across the lower units, the same
 * indicator of the unit across periods.
 */
@Injectable()
export class DashboardCharts {
  constructor(
    private readonly data: PeriodDataService,
    private readonly forms: FormsService,
    private readonly indicators: IndicatorsService,
  ) {}

  /** The dashboard's charts, each with the numbers its table shows (the page draws them with Chart.js). */
  async of(
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
