import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { clickAndWait, launchBrowser, listen, pageText, screenshotter } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport } from '../support/workflow';

/** The bell and the notifications page in real Chromium: each person in a browser of their own. */
describe('Notifications in the web pages (e2e, Chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages: Record<string, Page> = {};
  const shot = screenshotter('notifications');
  const dialogs: string[] = [];

  async function signIn(username: string): Promise<Page> {
    const ctx = await browser.createBrowserContext();
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    // The workflow buttons ask for a confirmation: accept it; anything else is recorded.
    page.on('dialog', async (d) => {
      if (d.type() !== 'confirm') dialogs.push(`${d.type()}: ${d.message()}`);
      await d.accept();
    });
    await page.goto(`${base}/`, { waitUntil: 'load' });
    await page.type('#username', username);
    await page.type('#password', 'demo');
    await clickAndWait(page, 'form[action="/login"] button[type="submit"]');
    expect(page.url()).toBe(`${base}/`);
    return (pages[username] = page);
  }

  /** The number on the bell of the page's header ('' when nothing is unread). */
  const bell = async (page: Page) => {
    expect(await page.$('header.site-header a.bell[href="/notifications"]')).not.toBeNull();
    const count = await page.$('header.site-header .bell-count');
    return count ? await count.evaluate((e) => (e as HTMLElement).innerText) : '';
  };
  const reload = (page: Page) => page.reload({ waitUntil: 'load' });

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

  it('the head’s bell counts the request to sign, the clerk’s the signature; opening one reads it and goes to the report', async () => {
    const report = await draftReport(t, 'hoangdong.officer', 'Báo cáo thử chuông thông báo');
    const id = report.id as string;
    const officer = await signIn('hoangdong.officer');
    const head = await signIn('hoangdong.head');
    const clerk = await signIn('hoangdong.clerk');
    for (const p of [officer, head, clerk]) expect(await bell(p)).toBe('');
    await shot(head, 'head-before');

    // The officer asks for the signature on the report page.
    await officer.goto(`${base}/reports/${id}`, { waitUntil: 'load' });
    await officer.click('#confirm-problems'); // its other forms are empty: confirmed in the page
    await clickAndWait(officer, 'button[data-action="REQUEST_SIGNATURE"]');
    expect(await pageText(officer)).toContain('Đã trình lãnh đạo ký.');
    expect(await bell(officer)).toBe(''); // not told of their own step

    await reload(head);
    expect(await bell(head)).toBe('1');
    expect(await bell(await reload(clerk).then(() => clerk))).toBe('');
    await shot(head, 'head-bell');

    // The list: Vietnamese, unread first in bold, the page's CSP kept.
    const res = await head.goto(`${base}/notifications`, { waitUntil: 'load' });
    expect(res!.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await head.$$eval('script:not([src])', (s) => s.length)).toBe(0);
    const item = 'li.notification.unread[data-kind="signatureRequested"]';
    expect(await head.$eval(item, (e) => (e as HTMLElement).innerText)).toContain(
      'Báo cáo “Báo cáo thử chuông thông báo” đang chờ ký',
    );
    expect(await pageText(head)).toContain('Chờ ký');
    await shot(head, 'head-notifications');

    // Opening it marks it read and goes to the report, where the head signs.
    await clickAndWait(head, `${item} button.notification-open`);
    expect(head.url()).toBe(`${base}/reports/${id}`);
    expect(await bell(head)).toBe('');
    await clickAndWait(head, 'button[data-action="SIGN"]');
    expect(await pageText(head)).toContain('Đã ký báo cáo.');

    // The clerk's bell (and the drafter's) now count the signature.
    await reload(clerk);
    expect(await bell(clerk)).toBe('1');
    await shot(clerk, 'clerk-bell');
    await reload(officer);
    expect(await bell(officer)).toBe('1');

    // The officer marks the one read from the list; the clerk marks all read.
    await officer.goto(`${base}/notifications`, { waitUntil: 'load' });
    await clickAndWait(officer, 'li.notification.unread[data-kind="signed"] button.mark-read');
    expect(officer.url()).toBe(`${base}/notifications`);
    expect(await officer.$('li.notification.unread')).toBeNull();
    expect(await officer.$('li.notification.read[data-kind="signed"]')).not.toBeNull();
    expect(await bell(officer)).toBe('');

    await clerk.goto(`${base}/notifications?unread=1`, { waitUntil: 'load' });
    expect(await clerk.$$('li.notification')).toHaveLength(1);
    await shot(clerk, 'clerk-notifications');
    await clickAndWait(clerk, 'form[action="/notifications/read-all"] button');
    expect(await pageText(clerk)).toContain('Đã đánh dấu tất cả thông báo là đã đọc.');
    expect(await bell(clerk)).toBe('');
    await shot(clerk, 'clerk-all-read');
    expect(dialogs).toEqual([]);
  });

  it('refuses someone else’s notification with the not-found page, and a form without the CSRF token', async () => {
    const head = pages['hoangdong.head'];
    const officer = pages['hoangdong.officer'];
    await head.goto(`${base}/notifications`, { waitUntil: 'load' });
    const headsId = await head.$eval('li.notification', (e) =>
      e.getAttribute('data-notification-id'),
    );
    await officer.goto(`${base}/notifications`, { waitUntil: 'load' });
    const status = await officer.evaluate(async (url) => {
      const csrf = document.querySelector('meta[name="csrf-token"]')!.getAttribute('content')!;
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${encodeURIComponent(csrf)}`,
        redirect: 'manual',
      });
      const forged = await fetch('/notifications/read-all', { method: 'POST', redirect: 'manual' });
      return [r.status, (await r.text()).includes('Không tìm thấy thông báo.'), forged.status];
    }, `${base}/notifications/${headsId}/open`);
    expect(status).toEqual([404, true, 403]);
  });
});
