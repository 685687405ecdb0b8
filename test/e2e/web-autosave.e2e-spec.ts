import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { launchBrowser, listen, screenshotter, signInPage } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport } from '../support/workflow';

const input = (form: string, row: string, column: string) =>
  `table.grid td[data-form="${form}"][data-row="${row}"][data-column="${column}"] input`;

/** The report editor saves by itself (issue 19), in real Chromium against the real server. */
describe('Autosave of the report editor (e2e)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let reportId: string;
  const dialogs: string[] = [];
  const shot = screenshotter('web-autosave');

  beforeAll(async () => {
    t = await startTestApp();
    base = await listen(t.app);
    reportId = (await draftReport(t, 'maipha.officer')).id;
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 1366, height: 900 });
    page.on('dialog', async (d) => {
      dialogs.push(d.type());
      await d.dismiss(); // "stay on the page"
    });
    await signInPage(page, base, 'maipha.officer');
    await page.goto(`${base}/reports/${reportId}`, { waitUntil: 'load' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function type(selector: string, value: string) {
    const el = (await page.waitForSelector(selector)) as ElementHandle<HTMLInputElement>;
    await el.click({ count: 3 });
    await el.evaluate((e) => (e.value = ''));
    await el.type(value);
  }
  const state = () => page.$eval('#autosave-state', (e) => e.textContent ?? '');
  async function waitForState(pattern: RegExp) {
    try {
      await page.waitForFunction(
        (src) => new RegExp(src).test(document.getElementById('autosave-state')!.textContent ?? ''),
        { timeout: 10_000 },
        pattern.source,
      );
    } catch (e) {
      throw new Error(`autosave state "${await state()}", expected ${pattern}`, { cause: e });
    }
  }
  const stored = async () =>
    (
      await t
        .http()
        .get(`/api/reports/${reportId}`)
        .set(await t.auth('maipha.officer'))
    ).body;

  it('saves a typed cell in the background, without loading the page, and it is there after a reload', async () => {
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await type(input('01/TE', 'POP', 'y2024'), '7.900'); // the draft holds 8.000
    await waitForState(/Đã tự động lưu lúc/);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    const report = await stored();
    expect(report.data['01/TE'].POP.y2024).toBe(7900);
    // The page's forms carry the new version: the plain save and the workflow buttons still work.
    expect(await page.$eval('#report-save input[name="version"]', (e) => Number(e.value))).toBe(
      report.version,
    );
    await shot(page, 'saved');
    await page.reload({ waitUntil: 'load' });
    expect(
      await page.$eval(input('01/TE', 'POP', 'y2024'), (e) => (e as HTMLInputElement).value),
    ).toBe('7.900');
  });

  it('keeps an invalid cell as typed and marked, and still saves the narrative and the other cells', async () => {
    await type(input('01/TE', 'I.1', 'y2024'), '12,5'); // children are counted in whole numbers
    await type(input('01/TE', 'I.2', 'y2024'), '300');
    await type('#narrative', 'I. ĐẶC ĐIỂM TÌNH HÌNH\n\nĐã lưu tự động dù có ô sai.');
    await waitForState(/1 ô chưa lưu được/);
    const report = await stored();
    expect(report.narrative).toContain('Đã lưu tự động dù có ô sai.');
    expect(report.data['01/TE']['I.2'].y2024).toBe(300);
    expect(report.data['01/TE']['I.1'].y2024).toBe(2050); // as the draft held it
    const td = `table.grid td[data-form="01/TE"][data-row="I.1"][data-column="y2024"]`;
    expect(await page.$eval(td, (e) => e.className)).toContain('has-error');
    expect(await page.$eval(`${td} .cell-msg`, (e) => e.textContent)).toMatch(/số nguyên/);
    expect(
      await page.$eval(input('01/TE', 'I.1', 'y2024'), (e) => (e as HTMLInputElement).value),
    ).toBe('12,5');
    await shot(page, 'invalid-kept');
  });

  it('asks before leaving while a change is not saved', async () => {
    const before = dialogs.length;
    await page.goto(`${base}/inbox`, { waitUntil: 'load' }).catch(() => undefined);
    expect(dialogs.slice(before)).toEqual(['beforeunload']);
    expect(page.url()).toContain(`/reports/${reportId}`);
    // Corrected, it is saved, and leaving no longer asks.
    await type(input('01/TE', 'I.1', 'y2024'), '2.100');
    await waitForState(/Đã tự động lưu lúc/);
    expect((await stored()).data['01/TE']['I.1'].y2024).toBe(2100);
    await page.goto(`${base}/inbox`, { waitUntil: 'load' });
    expect(dialogs.length).toBe(before + 1);
    expect(page.url()).toContain('/inbox');
  });

  it('saves on top of someone else’s save, and marks the one cell both changed', async () => {
    await page.goto(`${base}/reports/${reportId}`, { waitUntil: 'load' });
    const current = await stored();
    // Another session saves two cells after the page was opened.
    const other = await t
      .http()
      .patch(`/api/reports/${reportId}`)
      .set(await t.auth('maipha.officer'))
      .send({
        version: current.version,
        data: { '01/TE': { 'I.3': { y2024: 11 }, POP: { y2024: 9000 } } },
      });
    expect(other.status).toBe(200);
    await type(input('01/TE', 'POP', 'y2024'), '8.500'); // both changed it
    await type(input('01/TE', 'I.2', 'y2024'), '310'); // only this page
    await waitForState(/1 ô chưa lưu được/);
    const report = await stored();
    expect(report.data['01/TE'].POP.y2024).toBe(9000);
    expect(report.data['01/TE']['I.2'].y2024).toBe(310);
    expect(report.data['01/TE']['I.3'].y2024).toBe(11);
    const td = `table.grid td[data-form="01/TE"][data-row="POP"][data-column="y2024"]`;
    expect(await page.$eval(td, (e) => e.className)).toContain('has-conflict');
    expect(await page.$eval(`${td} .cell-msg`, (e) => e.textContent)).toContain('9.000');
    // The cell the other session changed alone now shows its value.
    expect(
      await page.$eval(input('01/TE', 'I.3', 'y2024'), (e) => (e as HTMLInputElement).value),
    ).toBe('11');
    await shot(page, 'conflict');
    // Typed again, the user's value wins.
    await type(input('01/TE', 'POP', 'y2024'), '8.500');
    await waitForState(/Đã tự động lưu lúc/);
    expect((await stored()).data['01/TE'].POP.y2024).toBe(8500);
    expect(await state()).not.toContain('chưa lưu');
  });
});
