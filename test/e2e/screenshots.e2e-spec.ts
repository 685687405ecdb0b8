import type { Browser, Page } from 'puppeteer-core';
import {
  clickAndWait,
  launchBrowser,
  listen,
  pageText,
  screenshotter,
  signInPage,
} from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The main pages as people see them, on a desktop (1366×900) and a phone (390×844), in real
 * Chromium on the demo data; the pictures (test-artifacts/screens) are the ones the README shows
 * from docs/screenshots. Each page is also checked for what it must show.
 */
describe('The main pages, desktop and phone (e2e, screenshots)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let reportId: string;
  let periodId: string;
  const shot = screenshotter('screens');

  beforeAll(async () => {
    t = await startTestApp();
    base = await listen(t.app);
    const officer = await t.auth('luongvantri.officer');
    const periods = (await t.http().get('/api/periods').set(officer)).body;
    const current = periods.find(
      (p: any) => /^\d{4}-(H1|CN)$/.test(p.code) && p.code !== '2024-H1',
    );
    periodId = current.id;
    const created = await t
      .http()
      .post('/api/reports')
      .set(officer)
      .send({ periodId, type: 'BC', title: 'Báo cáo kết quả công tác trẻ em' });
    expect(created.status).toBe(201);
    reportId = created.body.id;
    await t
      .http()
      .patch(`/api/reports/${reportId}`)
      .set(officer)
      .send({
        version: created.body.version,
        data: { '01/TE': { POP: { y2024: 18250 }, 'I.1': { y2024: 4310 } } },
      })
      .expect(200);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(username: string, viewport: { width: number; height: number }) {
    const page = await browser.createBrowserContext().then((c) => c.newPage());
    await page.setViewport({
      ...viewport,
      isMobile: viewport.width < 500,
      hasTouch: viewport.width < 500,
    });
    await signInPage(page, base, username);
    return page;
  }
  const desktop = { width: 1366, height: 900 };
  const phone = { width: 390, height: 844 };

  async function visit(page: Page, url: string, name: string, expected: string) {
    await page.goto(`${base}${url}`, { waitUntil: 'load' });
    expect(await pageText(page)).toContain(expected);
    await shot(page, name, { fullPage: false });
  }

  it('an officer’s inbox, reports, editor (with a form tab) and archive search without accents', async () => {
    for (const [size, viewport] of [
      ['desktop', desktop],
      ['phone', phone],
    ] as const) {
      const page = await signedIn('luongvantri.officer', viewport);
      await visit(page, '/', `${size}-inbox`, 'Việc cần làm');
      await visit(page, '/reports', `${size}-reports`, 'Báo cáo kết quả công tác trẻ em');
      await visit(page, `/reports/${reportId}#form-0`, `${size}-editor`, 'Biểu 01/TE');
      // "hoang dong", typed without accents, finds Hoàng Đồng's documents (the ward's predecessor).
      await page.goto(`${base}/archive`, { waitUntil: 'load' });
      await page.type('input[name="q"]', 'hoang dong');
      await clickAndWait(page, 'form.filters button[type="submit"]');
      const found = await pageText(page);
      expect(found).toContain('Hoàng Đồng');
      expect(found).toMatch(/\d{2}\/BC-UBND/);
      await shot(page, `${size}-archive-search`, { fullPage: false });
      await page.close();
    }
  });

  it('the province’s dashboard of its wards and its notifications', async () => {
    const page = await signedIn('syt.officer', desktop);
    await visit(page, `/periods/${periodId}/dashboard`, 'desktop-dashboard', 'Lương Văn Tri');
    await visit(page, '/notifications', 'desktop-notifications', 'Thông báo');
    await page.close();
  });
});
