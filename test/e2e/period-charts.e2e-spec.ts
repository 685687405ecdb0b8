import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'puppeteer-core';
import { clickAndWait, launchBrowser, listen, screenshotter } from '../support/browser';
import { pdfText } from '../support/pdf';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire, periodId } from '../support/workflow';

/**
 * The period's dashboard of the district TP Lạng Sơn draws three charts with Chart.js, each with
 * a table of the same numbers: completeness and timeliness over the periods, an indicator across
 * the communes (Hoàng Đồng and Mai Pha submitted, Quảng Lạc only a draft), and the same indicator of
 * the district across periods. Checked in real Chromium: the charts' data, their tables, printing.
 */
describe('Period dashboard charts (e2e)', () => {
  let t: TestApp;
  let period: string;
  let closedPeriod: string;
  let tplsId: string;
  let year: number;
  const DATA: Record<string, Record<string, Record<string, number>>> = {
    hoangdong: { POP: { y2024: 8000 }, 'I.1': { y2024: 2050 }, 'I.3': { y2024: 600 } },
    maipha: { POP: { y2024: 6400 }, 'I.1': { y2024: 1725 }, 'I.3': { y2024: 410 } },
    quanglac: { POP: { y2024: 5000 }, 'I.1': { y2024: 999 } },
  };

  async function submit(prefix: string, id?: string) {
    const reportId =
      id ??
      (await draftReport(t, `${prefix}.officer`, `Báo cáo ${prefix}`, { '01/TE': DATA[prefix] }))
        .id;
    for (const [who, ev] of [
      [`${prefix}.officer`, 'REQUEST_SIGNATURE'],
      [`${prefix}.head`, 'SIGN'],
      [`${prefix}.clerk`, 'SUBMIT'],
    ])
      expect((await fire(t, who, reportId, ev)).status).toBe(200);
  }

  beforeAll(async () => {
    t = await startTestApp();
    period = await periodId(t);
    await submit('hoangdong');
    await submit('maipha');
    await draftReport(t, 'quanglac.officer', 'Dự thảo Quảng Lạc', { '01/TE': DATA.quanglac });
    // The district consolidates and sends its report up: its own I.1 across periods has a value.
    const c = await t
      .http()
      .post('/api/consolidations')
      .set(await t.auth('tpls.officer'))
      .send({ periodId: period });
    expect(c.status).toBe(201);
    await submit('tpls', c.body.id);
    // A closed period of an earlier year in which nobody reported.
    const p = await t
      .http()
      .post('/api/periods')
      .set(await t.auth('admin'))
      .send({
        code: 'CHART-2023',
        label: 'Năm 2023 (thử biểu đồ)',
        year: 2023,
        cutoffFrom: '2022-12-15',
        cutoffTo: '2023-12-14',
        forms: ['01/TE'],
        deadlines: [],
      });
    expect(p.status).toBe(201);
    closedPeriod = p.body.id;
    const close = await t
      .http()
      .patch(`/api/periods/${closedPeriod}`)
      .set(await t.auth('admin'))
      .send({ closed: true });
    expect(close.status).toBe(200);
    tplsId = (
      await t
        .http()
        .get('/api/auth/me')
        .set(await t.auth('tpls.officer'))
    ).body.orgUnitId;
    year = (
      await t
        .http()
        .get(`/api/periods/${period}`)
        .set(await t.auth('admin'))
    ).body.year;
  }, 240_000);
  afterAll(() => t.close());

  const api = async (url: string, user = 'tpls.officer') =>
    (
      await t
        .http()
        .get(url)
        .set(await t.auth(user))
    ).body;

  /** The chart of a canvas as Chart.js holds it: labels and each dataset's label and data. */
  const chartOf = (page: Page, id: string) =>
    page.$eval(`#${id}`, (canvas) => {
      const chart = (window as any).Chart.getChart(canvas);
      if (!chart) return null;
      return {
        type: chart.config.type as string,
        labels: chart.data.labels as string[],
        datasets: chart.data.datasets.map((d: any) => ({ label: d.label, data: d.data })) as {
          label: string;
          data: (number | null)[];
        }[],
        height: (canvas as HTMLCanvasElement).getBoundingClientRect().height,
      };
    });

  /** A table's body rows as the reader sees them (header cell first). */
  const tableOf = (page: Page, id: string) =>
    page.$$eval(`#${id} tbody tr`, (trs) =>
      trs.map((tr) =>
        Array.from(tr.querySelectorAll('th, td')).map((c) => (c as HTMLElement).innerText.trim()),
      ),
    );

  /** "2.050" → 2050; "Chưa gửi", "—" → null (as the page writes numbers). */
  const num = (s: string) => {
    const v = s.replace(/\./g, '').replace(',', '.');
    return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : null;
  };

  it('draws each chart with its data and a table of the same numbers, and prints them (Chromium)', async () => {
    const base = await listen(t.app);
    const browser = await launchBrowser();
    const shot = screenshotter('period-charts');
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('response', (r) => {
        if (r.status() >= 400 && !r.url().endsWith('/favicon.ico'))
          errors.push(`${r.status()} ${r.url()}`);
      });
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(`${base}/`, { waitUntil: 'load' });
      await page.type('#username', 'tpls.officer');
      await page.type('#password', 'demo');
      await clickAndWait(page, 'form[action="/login"] button[type="submit"]');
      await page.goto(`${base}/periods/${period}/dashboard`, { waitUntil: 'networkidle0' });

      // (a) Completeness and timeliness per period: a stacked bar, one stack per period.
      const periods: any[] = await api('/api/periods', 'admin');
      const timeliness = (await chartOf(page, 'chart-timeliness'))!;
      expect(timeliness.type).toBe('bar');
      expect(timeliness.datasets.map((d) => d.label)).toEqual(['Đúng hạn', 'Gửi muộn', 'Chưa gửi']);
      const tRows = await tableOf(page, 'table-timeliness');
      expect(tRows.map((r) => r[0].replace(/\s*\(đã đóng\)$/, ''))).toEqual(timeliness.labels);
      tRows.forEach((r, i) => {
        expect(r.slice(1, 4).map(num)).toEqual(timeliness.datasets.map((d) => d.data[i]));
        expect(num(r[4])).toBe(r.slice(1, 4).reduce((s, x) => s + num(x)!, 0));
      });
      // A label shared by two periods is shown with the period's code.
      const labelOf = (id: string) => {
        const p = periods.find((x) => x.id === id);
        return timeliness.labels.includes(p.label) ? p.label : `${p.label} (${p.code})`;
      };
      // This period: as its status says (two out, on time or late; Quảng Lạc's draft is missing).
      const status: any[] = await api(`/api/periods/${period}/status`);
      const at = timeliness.labels.indexOf(labelOf(period));
      expect(at).toBeGreaterThanOrEqual(0);
      const out = status.filter((s) => s.reportId);
      expect(timeliness.datasets.map((d) => d.data[at])).toEqual([
        out.filter((s) => s.onTime !== false).length,
        out.filter((s) => s.onTime === false).length,
        status.length - out.length,
      ]);
      expect(status.length - out.length).toBe(1);
      expect(out.length).toBe(2);
      // The closed period: nobody reported, every lower unit missing.
      const closedAt = timeliness.labels.indexOf(labelOf(closedPeriod));
      expect(closedAt).toBeGreaterThanOrEqual(0);
      const closedStatus: any[] = await api(`/api/periods/${closedPeriod}/status`);
      expect(timeliness.datasets.map((d) => d.data[closedAt])).toEqual([0, 0, closedStatus.length]);
      expect(tRows[closedAt][0]).toContain('(đã đóng)');

      // (b) 01/TE I.1 across the communes: a bar per commune, none for the missing one (never 0).
      const indicator = (await chartOf(page, 'chart-indicator'))!;
      expect(indicator.type).toBe('bar');
      const table = await api(`/api/periods/${period}/table?form=01%2FTE&columns=I.1:y2024`);
      expect(indicator.labels).toEqual(table.rows.map((r: any) => r.name));
      expect(indicator.datasets).toHaveLength(1);
      expect(indicator.datasets[0].label).toBe('1. Số trẻ em dưới 16 tuổi (Người)');
      expect(indicator.datasets[0].data).toEqual(
        table.rows.map((r: any) => r.values['I.1:y2024'] ?? null),
      );
      const byCode = Object.fromEntries(
        table.rows.map((r: any, i: number) => [r.code, indicator.datasets[0].data[i]]),
      );
      expect(byCode).toEqual({ HD: 2050, MP: 1725, QL: null });
      const iRows = await tableOf(page, 'table-indicator');
      expect(iRows.map((r) => r[0])).toEqual(indicator.labels);
      expect(iRows.map((r) => num(r[2]))).toEqual(indicator.datasets[0].data);
      expect(iRows.find((r) => r[0].includes('Quảng Lạc'))![2]).toBe('Chưa gửi');
      expect(
        await page.$eval('#table-indicator tfoot td.num', (td) => (td as HTMLElement).innerText),
      ).toBe('3.775');

      // (c) The district's I.1 across periods, as GET /api/indicators gives it, with a link to the page.
      const series = (await chartOf(page, 'chart-series'))!;
      expect(series.type).toBe('line');
      const points: any[] = await api(
        `/api/indicators?form=01%2FTE&row=I.1&column=y2024&orgUnitId=${tplsId}&from=${year - 2}&to=${year}`,
      );
      const shared = (p: any) => points.filter((q) => q.label === p.label).length > 1;
      expect(series.labels).toEqual(
        points.map((p) => (shared(p) ? `${p.label} (${p.periodCode})` : p.label)),
      );
      expect(series.datasets[0].data).toEqual(points.map((p) => (p.comparable ? p.value : null)));
      expect(series.datasets[0].data[series.labels.indexOf(labelOf(period))]).toBe(3775);
      const sRows = await tableOf(page, 'table-series');
      expect(sRows.map((r) => r[0])).toEqual(series.labels);
      expect(sRows.map((r) => num(r[1]))).toEqual(series.datasets[0].data);
      const href = await page.$eval('#open-indicators', (a) => a.getAttribute('href')!);
      expect(href).toContain('/indicators?');
      expect(new URLSearchParams(href.split('?')[1]).get('orgUnitId')).toBe(tplsId);

      for (const c of [timeliness, indicator, series]) expect(c.height).toBeGreaterThan(100);
      expect(errors).toEqual([]);
      const dir = path.dirname(await shot(page, 'dashboard'));
      // The charts as one sees them on screen (a viewport, not the whole page).
      await page.$eval('#charts', (el) => el.scrollIntoView());
      await page.screenshot({ path: path.join(dir, '01b-charts-viewport.png') });

      // Another indicator picked: 01/TE I.3 (the chart and the table follow).
      await page.select('#chart-cell', 'I.3:y2024');
      await clickAndWait(page, '#chart-filters button[type="submit"]');
      const other = (await chartOf(page, 'chart-indicator'))!;
      const otherTable = await api(`/api/periods/${period}/table?form=01%2FTE&columns=I.3:y2024`);
      expect(other.datasets[0].data).toEqual(
        otherTable.rows.map((r: any) => r.values['I.3:y2024'] ?? null),
      );
      expect((await tableOf(page, 'table-indicator')).map((r) => num(r[2]))).toEqual(
        other.datasets[0].data,
      );

      // Printing: the charts and their tables are on paper, the choices are not.
      await page.goto(`${base}/periods/${period}/dashboard`, { waitUntil: 'networkidle0' });
      await page.emulateMediaType('print');
      const printed = await page.evaluate(() =>
        [
          'chart-timeliness',
          'chart-indicator',
          'chart-series',
          'table-timeliness',
          'table-indicator',
          'table-series',
          'chart-filters',
        ].map((id) => {
          const el = document.getElementById(id)!;
          const r = el.getBoundingClientRect();
          return [id, getComputedStyle(el).display !== 'none' && r.height > 0];
        }),
      );
      expect(Object.fromEntries(printed)).toEqual({
        'chart-timeliness': true,
        'chart-indicator': true,
        'chart-series': true,
        'table-timeliness': true,
        'table-indicator': true,
        'table-series': true,
        'chart-filters': false,
      });
      // On paper each chart fits the width of the page (the print stylesheet scales the canvas).
      const pdf = Buffer.from(
        await page.pdf({
          format: 'A4',
          printBackground: true,
          margin: { top: '15mm', bottom: '15mm', left: '20mm', right: '15mm' },
        }),
      );
      await shot(page, 'print-media');
      const pdfFile = path.join(dir, 'dashboard.pdf');
      fs.writeFileSync(pdfFile, pdf);
      const text = pdfText(pdf);
      for (const s of [
        'Tình hình gửi báo cáo qua các kỳ',
        'Đúng hạn',
        'Số trẻ em dưới 16 tuổi',
        '3.775',
        '2.050',
        '1.725',
      ])
        expect(text).toContain(s);
      // Each chart is on paper too (Chromium prints a canvas as drawings): its axis title or ticks.
      expect(text).toContain('Số đơn vị'); // (a)'s axis
      expect(text).toContain('2.500'); // (b)'s ticks (the values are 2.050 and 1.725)
      expect(text).toContain('4.000'); // (c)'s ticks (the value is 3.775)
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '60',
        pdfFile,
        path.join(path.dirname(pdfFile), 'print-page'),
      ]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
