import { Workbook } from 'exceljs';
import { clickAndWait, launchBrowser, listen, screenshotter } from '../support/browser';
import { binary } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire, periodId } from '../support/workflow';

/**
 * The district TP Lạng Sơn sees its communes' data of the open legacy period: Hoàng Đồng and Mai Pha
 * submitted, Quảng Lạc has only a draft (missing to the district, its numbers never read).
 */
describe('Period data: indicator table, exports (e2e)', () => {
  let t: TestApp;
  let period: string;
  const reports: Record<string, string> = {};
  const DATA: Record<string, Record<string, Record<string, number>>> = {
    hoangdong: {
      POP: { y2024: 8000 },
      'I.1': { y2024: 2050 },
      'I.3': { y2024: 600 },
      'III.3': { y2024: 4 },
    },
    maipha: {
      POP: { y2024: 6400 },
      'I.1': { y2024: 1725 },
      'I.3': { y2024: 410 },
      'II.1': { y2024: 12.5 },
    },
    quanglac: { POP: { y2024: 5000 }, 'I.1': { y2024: 999 } },
  };

  async function submit(prefix: string) {
    const r = await draftReport(t, `${prefix}.officer`, `Báo cáo của ${prefix}`, {
      '01/TE': DATA[prefix],
    });
    expect((await fire(t, `${prefix}.officer`, r.id, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, `${prefix}.head`, r.id, 'SIGN')).status).toBe(200);
    expect((await fire(t, `${prefix}.clerk`, r.id, 'SUBMIT')).status).toBe(200);
    return r.id as string;
  }

  /** submitted or late, as the period's status says (the demo period's deadlines may be past). */
  const states: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    period = await periodId(t);
    reports.hoangdong = await submit('hoangdong');
    reports.maipha = await submit('maipha');
    // Quảng Lạc's draft: the district must not see its numbers.
    reports.quanglac = (
      await draftReport(t, 'quanglac.officer', 'Dự thảo Quảng Lạc', { '01/TE': DATA.quanglac })
    ).id;
    const status = await t
      .http()
      .get(`/api/periods/${period}/status`)
      .set(await t.auth('tpls.officer'));
    for (const u of status.body)
      states[u.code] = u.reportId ? (u.onTime === false ? 'late' : 'submitted') : 'missing';
    expect([states.HD, states.MP, states.QL].map((s) => s !== 'missing')).toEqual([
      true,
      true,
      false,
    ]);
  }, 180_000);
  afterAll(() => t.close());

  const table = async (user: string, query: Record<string, string>) =>
    t
      .http()
      .get(`/api/periods/${period}/table`)
      .query(query)
      .set(await t.auth(user));

  it('shows two rows of values, one row marked missing, and a total equal to the consolidated report', async () => {
    const res = await table('tpls.officer', {
      form: '01/TE',
      columns: 'POP:y2024,I.1:y2024,I.1.r:y2024,I.3:y2024,II.1:y2024',
    });
    expect(res.status).toBe(200);
    expect(res.body.columns.map((c: any) => [c.key, c.row, c.column])).toEqual([
      ['POP:y2024', 'POP', 'y2024'],
      ['I.1:y2024', 'I.1', 'y2024'],
      ['I.1.r:y2024', 'I.1.r', 'y2024'],
      ['I.3:y2024', 'I.3', 'y2024'],
      ['II.1:y2024', 'II.1', 'y2024'],
    ]);
    expect(res.body.columns[1].label).toBe('1. Số trẻ em dưới 16 tuổi');
    const byName = Object.fromEntries(res.body.rows.map((r: any) => [r.name.split(' xã ')[1], r]));
    expect(Object.keys(byName).sort()).toEqual(['Hoàng Đồng', 'Mai Pha', 'Quảng Lạc']);
    expect(byName['Hoàng Đồng']).toMatchObject({
      state: states.HD,
      reportId: reports.hoangdong,
      values: {
        'POP:y2024': 8000,
        'I.1:y2024': 2050,
        'I.1.r:y2024': 25.63,
        'I.3:y2024': 600,
        'II.1:y2024': null,
      },
    });
    expect(byName['Mai Pha'].values).toEqual({
      'POP:y2024': 6400,
      'I.1:y2024': 1725,
      'I.1.r:y2024': 26.95,
      'I.3:y2024': 410,
      'II.1:y2024': 12.5,
    });
    // Missing: no values at all (not zeros), no report id, and never the draft's 999.
    expect(byName['Quảng Lạc']).toEqual({
      orgUnitId: expect.any(String),
      code: 'QL',
      name: expect.any(String),
      state: 'missing',
      values: {},
    });
    // (Among the values: an id may well contain the digits 999.)
    const values = [...res.body.rows.map((r: any) => r.values), res.body.total.values].flatMap(
      (v: Record<string, unknown>) => Object.values(v),
    );
    expect(values).not.toContain(999);

    const consolidated = await t
      .http()
      .post('/api/consolidations')
      .set(await t.auth('tpls.officer'))
      .send({ periodId: period });
    expect(consolidated.status).toBe(201);
    const data = consolidated.body.data['01/TE'];
    const after = await table('tpls.officer', {
      form: '01/TE',
      columns: 'POP:y2024,I.1:y2024,I.1.r:y2024,I.3:y2024,II.1:y2024',
    });
    expect(after.body.total.values).toEqual({
      'POP:y2024': data.POP.y2024,
      'I.1:y2024': data['I.1'].y2024,
      'I.1.r:y2024': data['I.1.r'].y2024,
      'I.3:y2024': data['I.3'].y2024,
      'II.1:y2024': data['II.1'].y2024,
    });
    expect(after.body.total.values['I.1:y2024']).toBe(3775);
    // Consolidated reports are still out: same rows, the issued numbers shown.
    expect(after.body.rows.find((r: any) => r.code === 'HD')).toMatchObject({
      state: states.HD,
      number: '01/BC-UBND',
    });

    // The workbook holds the same numbers.
    const xlsx = await t
      .http()
      .get(`/api/periods/${period}/table`)
      .query({
        form: '01/TE',
        columns: 'POP:y2024,I.1:y2024,I.1.r:y2024,I.3:y2024,II.1:y2024',
        format: 'xlsx',
      })
      .set(await t.auth('tpls.officer'))
      .buffer(true)
      .parse(binary);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new Workbook();
    await wb.xlsx.load(xlsx.body);
    const ws = wb.worksheets[0];
    const lines: unknown[][] = [];
    ws.eachRow((row) => lines.push((row.values as unknown[]).slice(1)));
    const unitLines = Object.fromEntries(
      lines.filter((l) => ['HD', 'MP', 'QL'].includes(l[0] as string)).map((l) => [l[0], l]),
    );
    for (const r of after.body.rows)
      expect(unitLines[r.code].slice(4)).toEqual(
        after.body.columns.map((c: any) => r.values[c.key] ?? undefined),
      );
    expect(unitLines.QL[2]).toBe('Chưa gửi');
    const totalLine = lines.find((l) => l[1] === 'Tổng hợp')!;
    expect(totalLine.slice(4)).toEqual(
      after.body.columns.map((c: any) => after.body.total.values[c.key]),
    );
  });

  it('long export: one line per non-empty cell of the submitted reports, as CSV and as a workbook', async () => {
    const csv = await t
      .http()
      .get(`/api/periods/${period}/export?format=csv`)
      .set(await t.auth('tpls.officer'));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const text: string = csv.text.replace(/^\ufeff/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'Mã đơn vị,Đơn vị,Biểu,Dòng,STT,Chỉ tiêu,Cột,Giá trị,Tình trạng,Số báo cáo',
    );
    const cells = lines.slice(1).map((l) => {
      const f = l.split(',');
      return {
        unit: f[0],
        form: f[2],
        row: f[3],
        column: f.at(-4),
        value: f.at(-3),
        state: f.at(-2),
        number: f.at(-1),
      };
    });
    const expected = ['hoangdong', 'maipha'].flatMap((p) =>
      Object.entries(DATA[p]).map(([row, cols]) => ({
        unit: p === 'hoangdong' ? 'HD' : 'MP',
        form: '01/TE',
        row,
        column: 'y2024',
        value: String(cols.y2024),
        state: states[p === 'hoangdong' ? 'HD' : 'MP'] === 'late' ? 'Gửi muộn' : 'Đã gửi đúng hạn',
        number: '01/BC-UBND',
      })),
    );
    expect(cells).toHaveLength(expected.length);
    expect(cells).toEqual(expect.arrayContaining(expected));
    expect(text).not.toContain('QL,');

    const xlsx = await t
      .http()
      .get(`/api/periods/${period}/export?format=xlsx`)
      .set(await t.auth('tpls.officer'))
      .buffer(true)
      .parse(binary);
    expect(xlsx.status).toBe(200);
    const wb = new Workbook();
    await wb.xlsx.load(xlsx.body);
    expect(wb.worksheets[0].rowCount).toBe(expected.length + 1);
  });

  it('is scoped to the caller: a commune has no lower units, another district sees none of these', async () => {
    expect((await table('hoangdong.officer', { form: '01/TE' })).status).toBe(403);
    const exp = await t
      .http()
      .get(`/api/periods/${period}/export`)
      .set(await t.auth('maipha.head'));
    expect(exp.status).toBe(403);
    // The province reads its districts, not the communes' cells.
    const prov = await table('sols.officer', { form: '01/TE', columns: 'I.1:y2024' });
    expect(prov.status).toBe(200);
    expect(prov.body.rows.map((r: any) => r.code)).not.toContain('HD');
    expect((await table('tpls.officer', { form: '09/XX' })).status).toBe(422);
    expect((await table('tpls.officer', { form: '01/TE', columns: 'I:y2024' })).status).toBe(422);
  });

  it('the page shows the table, sorted by a column, a missing unit as "Chưa gửi" (Chromium)', async () => {
    const base = await listen(t.app);
    const browser = await launchBrowser();
    const shot = screenshotter('period-table');
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(`${base}/`, { waitUntil: 'load' });
      await page.type('#username', 'tpls.officer');
      await page.type('#password', 'demo');
      await clickAndWait(page, 'form[action="/login"] button[type="submit"]');
      await page.goto(`${base}/periods/${period}/dashboard`, { waitUntil: 'load' });
      await clickAndWait(page, '#open-indicator-table');
      await page.goto(
        `${base}/periods/${period}/table?form=01%2FTE&c=POP%3Ay2024&c=I.1%3Ay2024&sort=I.1%3Ay2024&dir=desc`,
        { waitUntil: 'load' },
      );
      const rows = await page.$$eval('#indicator-table tbody tr', (trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-unit'),
          ...Array.from(tr.querySelectorAll('td'))
            .slice(2)
            .map((td) => (td as HTMLElement).innerText),
        ]),
      );
      // Largest first; the missing unit last, "Chưa gửi" in its cells, never 0.
      expect(rows).toEqual([
        ['HD', '8.000', '2.050'],
        ['MP', '6.400', '1.725'],
        ['QL', 'Chưa gửi', 'Chưa gửi'],
      ]);
      const total = await page.$$eval('#indicator-table tfoot td.num', (tds) =>
        tds.map((td) => (td as HTMLElement).innerText),
      );
      expect(total).toEqual(['14.400', '3.775']);
      await shot(page, 'table-sorted');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
