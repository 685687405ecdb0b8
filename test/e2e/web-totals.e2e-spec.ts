import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { vietnamDate } from '@app/common';
import { clickAndWait, launchBrowser, listen, screenshotter, signInPage } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

const cell = (row: string, column: string, el = 'input') =>
  `table.grid[data-form="T18W/TE"] td[data-row="${row}"][data-column="${column}"] ${el}`;

/** A form with a "Tổng" column, a "Cộng" row and a fixed text column, edited in real Chromium. */
describe('Totals on the report page (e2e)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let reportId: string;
  const shot = screenshotter('web-totals');

  beforeAll(async () => {
    t = await startTestApp();
    base = await listen(t.app);
    const admin = await t.auth('admin');
    const created = await t
      .http()
      .post('/api/forms')
      .set(admin)
      .send({
        code: 'T18W/TE',
        title: 'Trẻ em được hỗ trợ theo cơ quan',
        columns: [
          { key: 'agency', label: 'Cơ quan', type: 'text', fixed: true },
          { key: 'm', label: 'Nam' },
          { key: 'f', label: 'Nữ' },
          { key: 't', label: 'Tổng', sum: ['m', 'f'] },
        ],
        rows: [
          { key: 'A', no: '1', label: 'Hỗ trợ', unit: 'Người', text: { agency: 'Công an' } },
          { key: 'B', no: '2', label: 'Tư vấn', unit: 'Người' },
          { key: 'S', label: 'Cộng', unit: 'Người', sum: ['A', 'B'] },
        ],
        rules: [],
      });
    expect(created.status).toBe(201);
    const year = Number(vietnamDate(new Date()).slice(0, 4));
    const period = await t
      .http()
      .post('/api/periods')
      .set(admin)
      .send({
        code: 'T18-WEB',
        label: 'Kỳ thử cột tổng',
        year,
        cutoffFrom: `${year - 1}-12-15`,
        cutoffTo: `${year}-06-14`,
        forms: ['T18W/TE'],
        deadlines: [],
      });
    expect(period.status).toBe(201);
    const report = await t
      .http()
      .post('/api/reports')
      .set(await t.auth('kylua.officer'))
      .send({ periodId: period.body.id, type: 'BC', title: 'Báo cáo' });
    expect(report.status).toBe(201);
    reportId = report.body.id;
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function fill(selector: string, value: string) {
    const el = (await page.waitForSelector(selector)) as ElementHandle<HTMLInputElement>;
    await el.click({ count: 3 });
    await el.evaluate((e) => (e.value = ''));
    await el.type(value);
  }
  const text = (selector: string) => page.$eval(selector, (e) => (e as HTMLElement).innerText);

  it('adds up as the user types, shows the totals and the fixed text read-only, and saves only typed cells', async () => {
    await signInPage(page, base, 'kylua.officer');
    await page.goto(`${base}/reports/${reportId}`, { waitUntil: 'load' });

    expect(await page.$(cell('A', 't'))).toBeNull();
    expect(await page.$(cell('S', 'm'))).toBeNull();
    expect(await page.$(cell('A', 'agency'))).toBeNull();
    expect(await text(cell('A', 'agency', '.value'))).toBe('Công an');

    await fill(cell('A', 'm'), '1.200');
    await fill(cell('A', 'f'), '34');
    expect(await text(cell('A', 't', 'output'))).toBe('1.234');
    await fill(cell('B', 'm'), '6');
    expect(await text(cell('S', 'm', 'output'))).toBe('1.206');
    expect(await text(cell('S', 't', 'output'))).toBe('1.240');
    expect(await text(cell('B', 't', 'output'))).toBe('6');
    await shot(page, 'typed');

    await clickAndWait(page, '.savebar.sticky button[type="submit"]');
    expect(await text(cell('S', 't', 'output'))).toBe('1.240');
    const served = (
      await t
        .http()
        .get(`/api/reports/${reportId}`)
        .set(await t.auth('kylua.officer'))
    ).body.data['T18W/TE'];
    expect(served).toEqual({
      A: { m: 1200, f: 34, t: 1234 },
      B: { m: 6, t: 6 },
      S: { m: 1206, f: 34, t: 1240 },
    });
    await shot(page, 'saved');
  });
});
