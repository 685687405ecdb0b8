import type { Browser, Page } from 'puppeteer-core';
import request from 'supertest';
import { Client } from 'pg';
import { renderNarrative } from '@app/documents';
import { binary } from '../support/http';
import { clickAndWait, launchBrowser, listen, pageText } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire } from '../support/workflow';

/** The web sign-in form as a browser posts it (its nonce cookie and CSRF token): an agent with the session cookie. */
async function webAgent(t: TestApp, username: string) {
  const agent = request.agent(t.app.getHttpServer());
  const page = await agent.get('/');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  const res = await agent
    .post('/login')
    .type('form')
    .send({ username, password: 'demo', _csrf: csrf });
  if (res.status !== 303) throw new Error(`web sign-in ${username}: ${res.status}`);
  return agent;
}

/** What a page shows of an HTML answer: the layout's header, the error page's parts. */
function expectErrorPage(res: request.Response, status: number, heading: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.text).toMatch(/^<!DOCTYPE html>\s*<html lang="vi">/);
  // The layout of the web pages: its style sheet, its header, the way home.
  expect(res.text).toContain('<link rel="stylesheet" href="/assets/app.css">');
  expect(res.text).toContain('<header class="site-header">');
  expect(res.text).toMatch(/<a class="button primary" href="\/" id="error-home">Về trang chủ<\/a>/);
  expect(res.text).toContain(`<h1 id="error-title">${heading}</h1>`);
  expect(res.text).not.toContain('"statusCode"');
}

describe('Web polish: error pages, favicon, accent-insensitive search, the narrative shown (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('an unknown address outside /api answers the 404 page in Vietnamese (signed in: with the header); under /api the JSON error', async () => {
    for (const path of ['/khong-co-trang-nay', '/reports/abc/def/ghi', '/assets/khong-co.css']) {
      expectErrorPage(await t.http().get(path), 404, 'Không tìm thấy trang');
    }
    const posted = await t.http().post('/khong-co-trang-nay').type('form').send({ a: '1' });
    expectErrorPage(posted, 404, 'Không tìm thấy trang');
    expect(posted.text).toContain('Không tìm thấy trang hoặc dữ liệu yêu cầu.');

    // Signed in: the page is the user's (name, navigation), with a second way back.
    const agent = await webAgent(t, 'hoangdong.officer');
    const mine = await agent.get('/khong-co-trang-nay');
    expectErrorPage(mine, 404, 'Không tìm thấy trang');
    expect(mine.text).toContain('class="site-nav"');
    expect(mine.text).toContain('<a class="button" href="/reports">Danh sách báo cáo</a>');
    expect(mine.text).toMatch(/<span class="who-name">[^<]+<\/span>/);

    // The API's contract: JSON errors, whatever asks.
    for (const path of ['/api/khong-co', '/api', '/api/reports/x/y/z']) {
      const res = await t.http().get(path).set('Accept', 'text/html');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    }
  });

  it('a page the user may not open answers the 403 page; the API answers 403 JSON', async () => {
    const agent = await webAgent(t, 'hoangdong.officer');
    const page = await agent.get('/admin');
    expectErrorPage(page, 403, 'Không có quyền truy cập');
    const api = await t
      .http()
      .get('/api/users')
      .set(await t.auth('hoangdong.officer'));
    expect(api.status).toBe(403);
    expect(api.headers['content-type']).toMatch(/^application\/json/);
    expect(api.body.statusCode).toBe(403);
  });

  it('a server error answers the 500 page with its lookup id; the API answers 500 JSON', async () => {
    // A real fault: the application's role loses the right to read the archive.
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    await c.query('REVOKE SELECT ON issued_document FROM te_app');
    try {
      const agent = await webAgent(t, 'hoangdong.officer');
      const page = await agent.get('/archive');
      expectErrorPage(page, 500, 'Đã xảy ra lỗi hệ thống');
      const id = /mã tra cứu ([0-9a-f-]{36})/.exec(page.text)?.[1];
      expect(id).toBeDefined();
      expect(page.text).toContain(`kèm mã lỗi ${id}`);
      expect(page.text).not.toMatch(/permission denied|issued_document|at .*\.ts/);
      const api = await t
        .http()
        .get('/api/documents')
        .set(await t.auth('hoangdong.officer'));
      expect(api.status).toBe(500);
      expect(api.body).toMatchObject({ statusCode: 500, code: 'INTERNAL' });
      expect(api.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await c.query('GRANT SELECT ON issued_document TO te_app');
      await c.end();
    }
    expect((await (await webAgent(t, 'hoangdong.officer')).get('/archive')).status).toBe(200);
  });

  it('/favicon.ico answers the icon the layout links (an ICO of PNG images), and its SVG', async () => {
    const ico = await t.http().get('/favicon.ico').buffer(true).parse(binary);
    expect(ico.status).toBe(200);
    expect(ico.headers['content-type']).toBe('image/x-icon');
    const body = ico.body as Buffer;
    // ICONDIR: reserved 0, type 1 (icon), at least one image; the first image's bytes are a PNG.
    expect([body.readUInt16LE(0), body.readUInt16LE(2)]).toEqual([0, 1]);
    expect(body.readUInt16LE(4)).toBeGreaterThanOrEqual(1);
    const offset = body.readUInt32LE(6 + 12);
    expect(body.subarray(offset, offset + 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    const svg = await t.http().get('/assets/favicon.svg').buffer(true).parse(binary);
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect((svg.body as Buffer).toString()).toMatch(/^<svg /);
    const login = await t.http().get('/');
    expect(login.text).toContain(
      '<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">',
    );
    expect(login.text).toContain('<link rel="icon" href="/favicon.ico"');
  });

  it('searches reports and the archive without accents: "hoang dong" finds Hoàng Đồng’s, "dac biet" the title', async () => {
    // Our own data: a report of Hoàng Đồng with a title of its own, issued into the archive.
    const title = 'Báo cáo thử tìm kiếm: Đặc biệt Ưu tiên Hồ Đắc Ðiền';
    const report = await draftReport(t, 'hoangdong.officer', title);
    const other = await draftReport(t, 'maipha.officer', 'Báo cáo thử tìm kiếm của Mai Pha');
    const api = async (path: string, user = 'tpls.officer') =>
      (
        await t
          .http()
          .get(path)
          .set(await t.auth(user))
      ).body as any[];

    // Reports (the drafts are their own units'): by title, by unit name, case and accents ignored.
    const mine = await api('/api/reports?q=dac%20biet%20uu%20TIEN', 'hoangdong.officer');
    expect(mine.map((r) => r.id)).toEqual([report.id]);
    expect(
      (await api('/api/reports?q=HOANG%20%20dong', 'hoangdong.officer')).map((r) => r.id),
    ).toContain(report.id);
    // đ → d, Đ → D: "dac", "dien" match "Đắc", "Ðiền".
    expect(
      (await api('/api/reports?q=ho%20dac%20dien', 'hoangdong.officer')).map((r) => r.id),
    ).toEqual([report.id]);
    // Written with its accents it still matches; Mai Pha's is not Hoàng Đồng's.
    expect(
      (await api(`/api/reports?q=${encodeURIComponent('Hoàng Đồng')}`, 'hoangdong.officer')).map(
        (r) => r.id,
      ),
    ).toContain(report.id);
    expect(
      (await api('/api/reports?q=hoang%20dong', 'maipha.officer')).map((r) => r.id),
    ).not.toContain(other.id);
    // A LIKE wildcard is matched as typed, not as a wildcard.
    expect(await api('/api/reports?q=%25', 'hoangdong.officer')).toEqual([]);

    // The web list: the same search from its form.
    const agent = await webAgent(t, 'hoangdong.officer');
    const list = await agent.get('/reports').query({ q: 'dac biet uu tien' });
    expect(list.status).toBe(200);
    expect(list.text).toContain(`href="/reports/${report.id}"`);
    expect(list.text).toContain('value="dac biet uu tien"');

    // Issued: now in the archive, found without accents by title and by issuer.
    expect((await fire(t, 'hoangdong.officer', report.id, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, 'hoangdong.head', report.id, 'SIGN')).status).toBe(200);
    const issued = await fire(t, 'hoangdong.clerk', report.id, 'SUBMIT');
    expect(issued.status).toBe(200);
    const docs = (await api('/api/documents?q=dac%20biet%20uu%20tien')).filter(
      (d) => d.reportId === report.id,
    );
    expect(docs).toHaveLength(1);
    const doc = docs[0];
    expect(doc.issuer.name).toBe('Ủy ban nhân dân xã Hoàng Đồng');
    expect((await api('/api/documents?q=hoang%20dong')).map((d) => d.id)).toContain(doc.id);
    expect((await api('/api/documents?q=mai%20pha')).map((d) => d.id)).not.toContain(doc.id);

    // The archive page: "hoang dong" lists it; the number field and the text field together narrow.
    const archive = await (
      await webAgent(t, 'tpls.officer')
    )
      .get('/archive')
      .query({ q: 'hoang dong' });
    expect(archive.status).toBe(200);
    expect(archive.text).toContain(`/documents/${doc.id}/pdf`);
    const both = await (
      await webAgent(t, 'tpls.officer')
    )
      .get('/archive')
      .query({ number: doc.numberText.toLowerCase(), q: 'DAC BIET' });
    expect(both.text).toContain(`/documents/${doc.id}/pdf`);
    const neither = await (
      await webAgent(t, 'tpls.officer')
    )
      .get('/archive')
      .query({ number: doc.numberText, q: 'mai pha' });
    expect(neither.text).not.toContain(`/documents/${doc.id}/pdf`);
  }, 120_000);

  describe('in Chromium', () => {
    let browser: Browser;
    let page: Page;
    let base: string;

    beforeAll(async () => {
      base = await listen(t.app);
      browser = await launchBrowser();
      page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    /** Signs in through the sign-in page (after signing out whoever was signed in). */
    async function signIn(username: string) {
      await page.deleteCookie(...(await page.cookies(base)));
      await page.goto(`${base}/`, { waitUntil: 'load' });
      await page.type('#username', username);
      await page.type('#password', 'demo');
      await clickAndWait(page, 'form[action="/login"] button[type="submit"]');
      expect(page.url()).toBe(`${base}/`);
    }

    it('a locked report shows its narrative rendered (bold, headings, dashes; no raw "**"), and no version counter', async () => {
      const narrative = [
        'I. KẾT QUẢ ĐẠT ĐƯỢC',
        '',
        'Năm nay **1.250 trẻ em** được hỗ trợ, *vượt kế hoạch*.',
        '- Tập huấn cho _cộng tác viên_',
        '',
        'Mã lệnh: <script>alert(1)</script> **đậm**',
      ].join('\n');
      const draft = await draftReport(t, 'quanglac.officer', 'Báo cáo hiển thị nội dung');
      const patched = await t
        .http()
        .patch(`/api/reports/${draft.id}`)
        .set(await t.auth('quanglac.officer'))
        .send({ version: draft.version, narrative });
      expect(patched.status).toBe(200);
      expect((await fire(t, 'quanglac.officer', draft.id, 'REQUEST_SIGNATURE')).status).toBe(200);

      await signIn('quanglac.head');
      await page.goto(`${base}/reports/${draft.id}`, { waitUntil: 'load' });

      const shown = await page.$eval('#narrative-text', (e) => ({
        text: (e as HTMLElement).innerText,
        strong: Array.from(e.querySelectorAll('strong')).map((s) => s.textContent),
        em: Array.from(e.querySelectorAll('em')).map((s) => s.textContent),
        heading: e.querySelector('h2.sec')?.textContent,
        dash: e.querySelector('p.dash')?.textContent,
        scripts: e.querySelectorAll('script').length,
      }));
      expect(shown.text).not.toContain('**');
      expect(shown.text).toContain('Năm nay 1.250 trẻ em được hỗ trợ, vượt kế hoạch.');
      expect(shown.strong).toEqual(['1.250 trẻ em', 'đậm']);
      expect(shown.em).toEqual(['vượt kế hoạch', 'cộng tác viên']);
      expect(shown.heading).toBe('I. KẾT QUẢ ĐẠT ĐƯỢC');
      expect(shown.dash).toBe('- Tập huấn cho cộng tác viên');
      // Typed markup shows as typed, never runs.
      expect(shown.scripts).toBe(0);
      expect(shown.text).toContain('Mã lệnh: <script>alert(1)</script> đậm');
      // The page's HTML of the narrative is the documents' renderer's.
      const html = await page.$eval('#narrative-text', (e) => e.innerHTML.trim());
      const expected = await page.evaluate((h) => {
        const d = document.createElement('div');
        d.innerHTML = h;
        return d.innerHTML.trim();
      }, renderNarrative(narrative));
      expect(html).toBe(expected);

      // No technical counter anywhere the user reads; the version stays in the forms.
      const text = await pageText(page);
      expect(text).not.toMatch(/phiên bản/i);
      expect(await page.$$eval('input[name="version"]', (es) => es.length)).toBeGreaterThan(0);
    }, 60_000);

    it('an unknown address is the styled 404 page with the header and a link home', async () => {
      await signIn('maipha.officer');
      const res = await page.goto(`${base}/khong-co-trang-nay`, { waitUntil: 'load' });
      expect(res!.status()).toBe(404);
      expect(await page.$eval('h1', (h) => h.textContent)).toBe('Không tìm thấy trang');
      // The style sheet applied (the layout's header colour), the user still signed in.
      expect(
        await page.$eval('header.site-header', (h) => getComputedStyle(h).backgroundColor),
      ).not.toBe('rgba(0, 0, 0, 0)');
      expect(await pageText(page)).toContain('Đăng xuất');
      await clickAndWait(page, '#error-home');
      expect(page.url()).toBe(`${base}/`);
    }, 30_000);
  });
});
