import { clickAndWait, launchBrowser, listen, pageText, screenshotter } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire } from '../support/workflow';

/** A report whose narrative states one figure and its annex another: a warning to the officer and the head, never a block. */
describe('Narrative versus annex (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);
  afterAll(() => t.close());

  const NARRATIVE =
    'I. KẾT QUẢ THỰC HIỆN\n\n1. Tình hình trẻ em\nTổng số trẻ em dưới 16 tuổi là 1.250 em, trong đó trẻ em dưới 6 tuổi là 410 em.\n';

  async function withNarrative(under16: number, unit = 'hoangdong') {
    const r = await draftReport(t, `${unit}.officer`, 'Báo cáo công tác trẻ em', {
      '01/TE': { POP: { y2024: 5000 }, 'I.1': { y2024: under16 }, 'I.2': { y2024: 410 } },
    });
    const res = await t
      .http()
      .patch(`/api/reports/${r.id}`)
      .set(await t.auth(`${unit}.officer`))
      .send({ version: r.version, narrative: NARRATIVE });
    expect(res.status).toBe(200);
    return res.body;
  }

  const validation = async (id: string, user = 'hoangdong.officer') =>
    (
      await t
        .http()
        .get(`/api/reports/${id}/validation`)
        .set(await t.auth(user))
    ).body.filter((v: any) => v.source === 'narrative');

  it('warns when the narrative says 1.250 and 01/TE holds 1.205 (API, editor, head before signing); never blocks', async () => {
    const report = await withNarrative(1205);
    expect(await validation(report.id)).toEqual([
      expect.objectContaining({
        source: 'narrative',
        severity: 'warning',
        form: '01/TE',
        row: 'I.1',
        column: 'y2024',
        narrativeValue: 1250,
        cellValue: 1205,
        text: expect.stringContaining('Tổng số trẻ em dưới 16 tuổi là 1.250 em'),
      }),
    ]);

    const base = await listen(t.app);
    const browser = await launchBrowser();
    const shot = screenshotter('narrative-check');
    try {
      const login = async (username: string) => {
        const ctx = await browser.createBrowserContext();
        const page = await ctx.newPage();
        await page.setViewport({ width: 1280, height: 900 });
        await page.goto(`${base}/`, { waitUntil: 'load' });
        await page.type('#username', username);
        await page.type('#password', 'demo');
        await clickAndWait(page, 'form[action="/login"] button[type="submit"]');
        return page;
      };
      const officer = await login('hoangdong.officer');
      await officer.goto(`${base}/reports/${report.id}`, { waitUntil: 'load' });
      const items = await officer.$$eval('#narrative-check-list li', (lis) =>
        lis.map((li) => ({
          text: (li as HTMLElement).innerText,
          cell: [
            li.getAttribute('data-form'),
            li.getAttribute('data-row'),
            li.getAttribute('data-column'),
          ],
          href: li.querySelector('a')?.getAttribute('href'),
        })),
      );
      expect(items).toHaveLength(1);
      expect(items[0].cell).toEqual(['01/TE', 'I.1', 'y2024']);
      expect(items[0].text).toContain('Tổng số trẻ em dưới 16 tuổi là 1.250 em');
      expect(items[0].text).toMatch(/nội dung ghi 1\.250, phụ lục ghi 1\.205/);
      // The link leads to the cell, which carries the same warning.
      expect(items[0].href).toMatch(/^#c-\d+-\d+-\d+$/);
      expect(await officer.$(items[0].href!)).not.toBeNull();
      expect(await pageText(officer)).toContain('Nội dung báo cáo có 1 số liệu khác với phụ lục');
      await officer.$eval('#narrative-checks', (el) => el.scrollIntoView());
      await shot(officer, 'officer-editor');

      // Not blocking: the officer asks for a signature, the head sees the warning and signs.
      expect((await fire(t, 'hoangdong.officer', report.id, 'REQUEST_SIGNATURE')).status).toBe(200);
      const head = await login('hoangdong.head');
      await head.goto(`${base}/reports/${report.id}`, { waitUntil: 'load' });
      const headText = await pageText(head);
      expect(headText).toContain('Nội dung báo cáo có 1 số liệu khác với phụ lục');
      expect(headText).toMatch(/nội dung ghi 1\.250, phụ lục ghi 1\.205/);
      expect(
        await head.$('form[action$="/events"] input[name="type"][value="SIGN"]'),
      ).not.toBeNull();
      await shot(head, 'head-before-signing');
      expect((await fire(t, 'hoangdong.head', report.id, 'SIGN')).status).toBe(200);
    } finally {
      await browser.close();
    }
  }, 90_000);

  it('shows nothing when the narrative agrees with its annex', async () => {
    const report = await withNarrative(1250, 'maipha');
    expect(await validation(report.id, 'maipha.officer')).toEqual([]);
  });
});
