import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { clickAndWait, launchBrowser, listen, pageText, screenshotter } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire, periodId } from '../support/workflow';

/**
 * What the workflow tells each person, in real Chromium: Trình ký warns of the blocking problems and
 * is confirmed in the page; Ký is disabled with its reason; "Tiếp nhận" by the upper unit is seen by
 * the sender; a return's reason is at the top of the report page and on the upper unit's dashboard.
 */
describe('Workflow clarity in the report pages (e2e, Chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const shot = screenshotter('workflow-clarity');
  const dialogs: string[] = [];

  async function signIn(username: string): Promise<Page> {
    const ctx = await browser.createBrowserContext();
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.setViewport({ width: 1366, height: 900 });
    page.on('dialog', async (d) => {
      dialogs.push(`${username} ${d.type()}: ${d.message()}`);
      await d.accept();
    });
    await page.goto(`${base}/`, { waitUntil: 'load' });
    await page.type('#username', username);
    await page.type('#password', 'demo');
    await clickAndWait(page, 'form[action="/login"] button[type="submit"]');
    expect(page.url()).toBe(`${base}/`);
    return page;
  }
  const text = (page: Page, selector: string) =>
    page.$eval(selector, (e) => (e as HTMLElement).innerText);
  const top = (page: Page, selector: string) =>
    page.$eval(selector, (e) => e.getBoundingClientRect().top + window.scrollY);

  beforeAll(async () => {
    t = await startTestApp();
    base = await listen(t.app);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
  });

  it('Trình ký lists the blocking problems and asks for a confirmation in the page; the head’s Ký is disabled with the reason', async () => {
    // I.3.a > I.3 breaks a rule of severity error; 02/TE and 03/TE stay empty; the narrative is the outline.
    const report = await draftReport(t, 'maipha.officer', 'Báo cáo còn lỗi số liệu', {
      '01/TE': { 'I.3': { y2024: 100 }, 'I.3.a': { y2024: 150 } },
    });
    const officer = await signIn('maipha.officer');
    await officer.goto(`${base}/reports/${report.id}`, { waitUntil: 'load' });
    const warnings = await text(officer, '#submit-warnings');
    expect(warnings).toContain('Trước khi trình ký');
    expect(warnings).toContain('Lãnh đạo sẽ không ký được khi biểu mẫu còn lỗi số liệu.');
    expect(warnings).toMatch(/Biểu 01\/TE – .+: /);
    expect(warnings).toContain('Biểu 02/TE chưa có số liệu nào.');
    expect(warnings).toContain('Nội dung báo cáo chưa được viết');
    // The blocking problem links to its cell.
    const href = await officer.$eval('#submit-warnings li.check-error a', (a) =>
      a.getAttribute('href'),
    );
    expect(href).toMatch(/^#c-0-\d+-\d+$/);
    expect(await officer.$(href!)).not.toBeNull();
    expect(
      await officer.$eval('#request-signature-form', (f) => f.hasAttribute('data-confirm')),
    ).toBe(false);
    await shot(officer, 'request-signature-warned');

    // Pressed without the confirmation: the browser keeps the form (the box is required) …
    await officer.click('button[data-action="REQUEST_SIGNATURE"]');
    await new Promise((r) => setTimeout(r, 500));
    expect(officer.url()).toBe(`${base}/reports/${report.id}`);
    expect(await text(officer, '#report-state')).toBe('Đang soạn thảo');
    // … and the server refuses it too, listing the problems again (without the browser's check).
    await officer.$eval('#confirm-problems', (c) => c.removeAttribute('required'));
    await clickAndWait(officer, 'button[data-action="REQUEST_SIGNATURE"]');
    expect(await pageText(officer)).toContain('Chưa trình ký: báo cáo còn');
    expect(await text(officer, '#report-state')).toBe('Đang soạn thảo');
    expect(await officer.$('#submit-warnings')).not.toBeNull();
    // Confirmed: the request goes through.
    await officer.click('#confirm-problems');
    await clickAndWait(officer, 'button[data-action="REQUEST_SIGNATURE"]');
    expect(await pageText(officer)).toContain('Đã trình lãnh đạo ký.');
    expect(await text(officer, '#report-state')).toBe('Chờ lãnh đạo ký');

    // The head: Ký is disabled, the reason beside it.
    const head = await signIn('maipha.head');
    await head.goto(`${base}/reports/${report.id}`, { waitUntil: 'load' });
    const sign = await head.$eval('button[data-action="SIGN"]', (b) => ({
      disabled: (b as HTMLButtonElement).disabled,
      describedBy: b.getAttribute('aria-describedby'),
      title: b.getAttribute('title'),
    }));
    expect(sign).toEqual({
      disabled: true,
      describedBy: 'sign-blocked',
      title: 'Chưa thể ký: biểu mẫu còn 1 lỗi số liệu phải sửa.',
    });
    expect(await text(head, '#sign-blocked')).toContain(
      'Chưa thể ký: biểu mẫu còn 1 lỗi số liệu phải sửa.',
    );
    // Returning it stays possible.
    expect(await head.$('button[data-action="RETURN"]')).not.toBeNull();
    await shot(head, 'sign-disabled');
    expect(dialogs).toEqual([]); // no native dialog for any of it
  });

  it('"Tiếp nhận" by the upper unit is seen by the sender; a return’s reason is at the top of the report page and on the upper unit’s dashboard', async () => {
    const report = await draftReport(t, 'hoangdong.officer', 'Báo cáo gửi cấp trên tiếp nhận');
    const id = report.id as string;
    for (const [user, type] of [
      ['hoangdong.officer', 'REQUEST_SIGNATURE'],
      ['hoangdong.head', 'SIGN'],
      ['hoangdong.clerk', 'SUBMIT'],
    ])
      expect((await fire(t, user, id, type)).status).toBe(200);

    // The city's officer acknowledges it on the report page.
    const upper = await signIn('tpls.officer');
    await upper.goto(`${base}/reports/${id}`, { waitUntil: 'load' });
    await clickAndWait(upper, 'button[data-action="ACKNOWLEDGE"]');
    expect(await pageText(upper)).toContain('Đã tiếp nhận báo cáo');
    expect(await text(upper, '#report-state')).toBe('Đã phát hành, đã gửi');
    expect(await upper.$('button[data-action="ACKNOWLEDGE"]')).toBeNull(); // done once
    expect(await text(upper, '#history')).toContain('Tiếp nhận');

    // The sender: on the report page, in its list, on the bell.
    const sender = await signIn('hoangdong.officer');
    await sender.goto(`${base}/reports/${id}`, { waitUntil: 'load' });
    expect(await text(sender, '#acknowledged-notice')).toMatch(
      /^Đơn vị cấp trên đã tiếp nhận báo cáo lúc .+ \(người tiếp nhận: .+\)\.$/,
    );
    await shot(sender, 'acknowledged');
    await sender.goto(`${base}/reports`, { waitUntil: 'load' });
    expect(await pageText(sender)).toContain('Cấp trên đã tiếp nhận');
    await sender.goto(`${base}/notifications`, { waitUntil: 'load' });
    expect(await text(sender, 'li.notification[data-kind="acknowledged"]')).toContain(
      'Báo cáo “Báo cáo gửi cấp trên tiếp nhận” đã được cấp trên tiếp nhận',
    );

    // The city returns it with a reason, on the page.
    const reason = 'Đề nghị bổ sung số liệu biểu 02/TE và giải trình dòng I.3.';
    await upper.goto(`${base}/reports/${id}`, { waitUntil: 'load' });
    await upper.type('#return-comment', reason);
    await clickAndWait(upper, 'button[data-action="RETURN"]');

    // The upper unit's dashboard still shows the unit, as returned, with the reason.
    await upper.goto(`${base}/periods/${await periodId(t)}/dashboard`, { waitUntil: 'load' });
    const rows = await upper.$$eval('#period-status tbody tr', (trs) =>
      trs.map((tr) => (tr as HTMLElement).innerText),
    );
    const row = rows.find((r) => r.includes('Đã trả lại'));
    expect(row).toBeDefined();
    expect(row).toContain(reason);
    expect(row).not.toContain('Chưa gửi');
    await shot(upper, 'dashboard-returned');

    // The sender's report page opens on the reason, above the actions and the forms.
    await sender.goto(`${base}/reports/${id}`, { waitUntil: 'load' });
    expect(await text(sender, '#return-notice')).toContain('Báo cáo bị trả lại từ đơn vị cấp trên');
    expect(await text(sender, '#return-reason')).toBe(reason);
    expect(await top(sender, '#return-notice')).toBeLessThan(await top(sender, '#actions-title'));
    expect(await top(sender, '#return-notice')).toBeLessThan(await top(sender, '#content'));
    expect(await sender.$('#acknowledged-notice')).toBeNull(); // the receipt went with the return
    await shot(sender, 'return-reason-on-top');
  });
});
