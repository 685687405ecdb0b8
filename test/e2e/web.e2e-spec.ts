import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import request from 'supertest';
import ExcelJS from 'exceljs';
import {
  clickAndWait,
  confirmationsOf,
  launchBrowser,
  listen,
  pageText,
  screenshotter,
} from '../support/browser';
import { pdfText } from '../support/pdf';
import { startTestApp, TestApp } from '../support/test-app';

const XSS_SCRIPT = '<script>alert(1)</script>';
const XSS_IMG = '<img src=x onerror=alert(1)>';

/** The input (or output) of a cell of a form grid on the report page. */
const cellSel = (form: string, row: string, column = 'y2024', el = 'input') =>
  `table.grid[data-form="${form}"] td[data-row="${row}"][data-column="${column}"] ${el}`;

describe('Web pages in real Chromium (e2e)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  const shot = screenshotter('web');
  const dialogs: { type: string; message: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    base = await listen(t.app);
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    // Our confirmations are accepted; any other dialog (an alert from injected script) is recorded and fails the test.
    page.on('dialog', async (d) => {
      dialogs.push({ type: d.type(), message: d.message() });
      await d.accept();
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(username: string) {
    await page.goto(`${base}/`, { waitUntil: 'load' });
    await page.type('#username', username);
    await page.type('#password', 'demo');
    await clickAndWait(page, 'form[action="/login"] button[type="submit"]');
    expect(page.url()).toBe(`${base}/`);
  }

  async function signOut() {
    await clickAndWait(page, 'form[action="/logout"] button');
    expect(await pageText(page)).toContain('Bạn đã đăng xuất.');
  }

  /** Sets an input's value as a user would (select all, type). */
  async function fill(selector: string, value: string) {
    const el = (await page.waitForSelector(selector)) as ElementHandle<HTMLInputElement>;
    await el.click({ count: 3 });
    await el.evaluate((e) => ((e as HTMLInputElement | HTMLTextAreaElement).value = ''));
    await el.type(value);
  }

  /** The sticky save button at the bottom of the report page (always in view). */
  const save = () => clickAndWait(page, '.savebar.sticky button[type="submit"]');

  const text = (selector: string) => page.$eval(selector, (e) => (e as HTMLElement).innerText);
  const value = (selector: string) => page.$eval(selector, (e) => (e as HTMLInputElement).value);

  /** Fetches a URL from the page (with its cookie) and returns status, headers and the body bytes. */
  async function fetchFromPage(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ) {
    const r = await page.evaluate(
      async (u, i) => {
        const res = await fetch(u, { ...i, credentials: 'same-origin' });
        const buf = new Uint8Array(await res.arrayBuffer());
        let bin = '';
        for (let k = 0; k < buf.length; k++) bin += String.fromCharCode(buf[k]);
        return {
          status: res.status,
          type: res.headers.get('content-type'),
          docStatus: res.headers.get('x-document-status'),
          body: btoa(bin),
        };
      },
      url,
      init,
    );
    return { ...r, body: Buffer.from(r.body, 'base64') };
  }

  it('officer drafts and requests signature, head signs from the inbox, clerk issues, TP Lạng Sơn sees it and consolidates', async () => {
    // --- Sign-in page
    await page.goto(`${base}/`, { waitUntil: 'load' });
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('Đăng nhập');
    const headers = (await page.goto(`${base}/`))!.headers();
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
    await shot(page, 'sign-in');

    // A wrong password: the same message as the API, on the form.
    await page.type('#username', 'hoangdong.officer');
    await page.type('#password', 'wrong');
    await clickAndWait(page, 'form[action="/login"] button[type="submit"]');
    expect(await pageText(page)).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');

    // --- The officer of Hoàng Đồng
    await signIn('hoangdong.officer');
    const cookies = await page.cookies();
    const session = cookies.find((c) => c.name === 'te_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', secure: false });
    const header = await text('header.site-header');
    expect(header).toContain('Ủy ban nhân dân xã Hoàng Đồng');
    expect(header).toContain('Chuyên viên');
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('Việc cần làm');
    await shot(page, 'inbox-officer');

    await page.goto(`${base}/reports`, { waitUntil: 'load' });
    await shot(page, 'reports-list');
    await clickAndWait(page, 'form[action="/reports"] button[type="submit"]');
    const reportUrl = page.url().split('?')[0];
    const id = reportUrl.split('/').pop()!;
    expect(reportUrl).toBe(`${base}/reports/${id}`);
    expect(await pageText(page)).toContain('Đã lập báo cáo mới');
    expect(await value('#narrative')).toContain('I. ĐẶC ĐIỂM TÌNH HÌNH'); // prefilled with the outline
    expect(await text('#report-state')).toBe('Đang soạn thảo');

    // Cells of 01/TE, in the Vietnamese way; the ratio follows as the user types.
    await fill(cellSel('01/TE', 'POP'), '8.000');
    await fill(cellSel('01/TE', 'I.1'), '2.050');
    expect(await text(cellSel('01/TE', 'I.1.r', 'y2024', 'output'))).toBe('25,63');
    await fill(cellSel('01/TE', 'I.2'), '12,5'); // not a whole number of children
    await fill(cellSel('01/TE', 'II.1'), '1.250,5');
    const narrative = `I. ĐẶC ĐIỂM TÌNH HÌNH\n\nMã lệnh: ${XSS_SCRIPT}\n\nẢnh: ${XSS_IMG}\n\nCả hai phải hiện thành chữ.\n`;
    await fill('#narrative', narrative);
    await page.click(
      `input[name="recipientUnit"][value="${
        (
          await t
            .http()
            .get('/api/org-units')
            .set(await t.auth('admin'))
        ).body.find((u: any) => u.code === 'TPLS').id
      }"]`,
    );
    await fill('#recipientOther', 'Sở Y tế tỉnh Lạng Sơn');
    await shot(page, 'editor-filled');
    await save();

    // Refused: the message sits on the cell, the summary lists it, and what was typed is still there.
    const badCell = `table.grid[data-form="01/TE"] td[data-row="I.2"][data-column="y2024"]`;
    expect(await page.$eval(badCell, (e) => e.className)).toContain('has-error');
    expect(await text(`${badCell} .cell-msg`)).toContain('Phải là số nguyên');
    expect(await text('.problems')).toContain('Phải là số nguyên');
    expect(await value(cellSel('01/TE', 'POP'))).toBe('8.000');
    expect(await value(cellSel('01/TE', 'I.2'))).toBe('12,5');
    expect(await value('#narrative')).toBe(narrative);
    await shot(page, 'editor-refused-cell');
    let api = (
      await t
        .http()
        .get(`/api/reports/${id}`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    // The refused cell was not written (the page's autosave may already have saved the valid ones).
    expect(api.data['01/TE']?.['I.2']).toBeUndefined();

    await fill(cellSel('01/TE', 'I.2'), '1.200');
    await save();
    expect(await pageText(page)).toContain('Đã lưu báo cáo.');
    api = (
      await t
        .http()
        .get(`/api/reports/${id}`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    expect(api.data['01/TE']).toMatchObject({
      POP: { y2024: 8000 },
      'I.1': { y2024: 2050 },
      'I.1.r': { y2024: 25.63 },
      'I.2': { y2024: 1200 },
      'II.1': { y2024: 1250.5 },
    });
    expect(api.narrative).toBe(narrative);
    expect(api.recipients.map((r: any) => r.name)).toEqual([
      'Ủy ban nhân dân thành phố Lạng Sơn',
      'Sở Y tế tỉnh Lạng Sơn',
    ]);
    expect(await value(cellSel('01/TE', 'II.1'))).toBe('1.250,5');
    // The hostile narrative is text: no element was created from it.
    expect(await value('#narrative')).toContain(XSS_SCRIPT);
    expect(await page.$$eval('img', (els) => els.length)).toBe(0);
    expect(await page.$$eval('script', (els) => els.map((s) => s.getAttribute('src')))).toEqual([
      '/assets/app.js',
      '/assets/grid.js',
      '/assets/autosave.js',
    ]);
    await shot(page, 'editor-saved');

    // The draft preview PDF: marked draft, the narrative as text.
    const draftPdf = await fetchFromPage(`/reports/${id}/pdf`);
    expect(draftPdf).toMatchObject({
      status: 200,
      type: 'application/pdf',
      docStatus: 'draft-preview',
    });
    const draftText = pdfText(draftPdf.body).replace(/\s+/g, ' ');
    expect(draftText).toContain('DỰ THẢO');
    expect(draftText).toContain(XSS_SCRIPT);
    expect(draftText).toContain(XSS_IMG);

    // --- CSRF: a post without the token is refused and changes nothing, on the pages and on the API.
    const version = Number(
      await page.$eval('#report-save input[name="version"]', (e) => (e as HTMLInputElement).value),
    );
    const forged = await fetchFromPage(`/reports/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `version=${version}&title=Hacked`,
    });
    expect(forged.status).toBe(403);
    const wrongToken = await fetchFromPage(`/reports/${id}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `version=${version}&type=REQUEST_SIGNATURE&_csrf=abc`,
    });
    expect(wrongToken.status).toBe(403);
    const apiNoToken = await fetchFromPage(`/api/reports/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version, title: 'Hacked' }),
    });
    expect(apiNoToken.status).toBe(403);
    api = (
      await t
        .http()
        .get(`/api/reports/${id}`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    expect(api).toMatchObject({
      version,
      title: 'Báo cáo kết quả công tác trẻ em 6 tháng đầu năm 2024',
      state: 'draft',
      step: 'editing',
    });

    // With the token (from the page's meta), the same cookie-authenticated API call goes through:
    // someone else saved meanwhile, as far as this page is concerned.
    const csrf = await page.$eval('meta[name="csrf-token"]', (e) => e.getAttribute('content')!);
    const apiWithToken = await fetchFromPage(`/api/reports/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ version, data: { '01/TE': { 'I.4': { y2024: 300 } } } }),
    });
    expect(apiWithToken.status).toBe(200);

    // --- A conflict: this page still holds the old version; the user's typing survives, with a reload link.
    await fill(cellSel('01/TE', 'I.3'), '600');
    await save();
    expect(await pageText(page)).toContain('Báo cáo đã được người khác lưu');
    expect(await value(cellSel('01/TE', 'I.3'))).toBe('600');
    await shot(page, 'editor-conflict');
    expect(await text('.flash-area a')).toBe('Tải lại bản mới nhất');
    await clickAndWait(page, '.flash-area a');
    expect(await value(cellSel('01/TE', 'I.4'))).toBe('300');
    expect(await value(cellSel('01/TE', 'I.3'))).toBe('');

    // --- Excel per form: download 01/TE, upload it back with a bad cell (named by its Excel address), then fixed.
    const xlsxHref = await page.$eval('#form-0 a[href$="/xlsx"]', (e) => e.getAttribute('href')!);
    expect(xlsxHref).toBe(`/api/reports/${id}/forms/01%2FTE/xlsx`);
    const xlsx = await fetchFromPage(xlsxHref);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.worksheets[0];
    let i3Row = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(5).value === 'I.3') i3Row = n;
    });
    expect(i3Row).toBeGreaterThan(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-web-'));
    const upload = async (cellValue: string | number, name: string) => {
      ws.getCell(i3Row, 4).value = cellValue;
      const file = path.join(dir, name);
      await wb.xlsx.writeFile(file);
      await (
        (await page.$('#form-0 .upload-form input[type="file"]')) as ElementHandle<HTMLInputElement>
      ).uploadFile(file);
      await clickAndWait(page, '#form-0 .upload-form button[type="submit"]');
    };
    await upload('sáu trăm', 'bad.xlsx');
    expect(
      await text(`table.grid[data-form="01/TE"] td[data-row="I.3"][data-column="y2024"] .cell-msg`),
    ).toContain(`Ô D${i3Row}:`);
    expect(await text('.flash-area')).toContain('chưa nhập dữ liệu nào');
    // The address bar shows the report, not the upload's address (a reload opens the report).
    expect(new URL(page.url()).pathname).toBe(`/reports/${id}`);
    await shot(page, 'excel-refused-cell');
    await upload(600, 'good.xlsx');
    expect(await pageText(page)).toContain('Đã nhập số liệu từ tệp Excel.');
    expect(await value(cellSel('01/TE', 'I.3'))).toBe('600');
    expect(await value(cellSel('01/TE', 'POP'))).toBe('8.000');

    // --- Trình ký, confirmed in the page: 02/TE and 03/TE are still empty, so it lists them.
    expect(await text('#submit-warnings')).toContain('Biểu 02/TE chưa có số liệu nào.');
    await page.click('#confirm-problems');
    await clickAndWait(page, 'button[data-action="REQUEST_SIGNATURE"]');
    expect(await text('#report-state')).toBe('Chờ lãnh đạo ký');
    expect(await text('#narrative-text')).toContain(`Mã lệnh: ${XSS_SCRIPT}\n\nẢnh: ${XSS_IMG}`);
    expect(await page.$('#report-save')).toBeNull(); // no longer editable
    await shot(page, 'awaiting-signature');
    await signOut();

    // --- The head signs from the inbox.
    await signIn('hoangdong.head');
    const headRow = `tr.inbox-item[data-report-id="${id}"]`;
    expect(await text(headRow)).toContain('Ký');
    expect(await text(headRow)).toContain('Ủy ban nhân dân xã Hoàng Đồng');
    expect(await text('header.site-header')).toContain('Lãnh đạo');
    await shot(page, 'inbox-head');
    await clickAndWait(page, `${headRow} td:first-child a`);
    expect(await page.$('button[data-action="RETURN"]')).not.toBeNull(); // the head may also return it, with a reason
    expect(await page.$eval('#return-comment', (e) => (e as HTMLTextAreaElement).required)).toBe(
      true,
    );
    await shot(page, 'report-to-sign');
    await clickAndWait(page, 'button[data-action="SIGN"]');
    expect(await text('#report-state')).toBe('Đã ký, chờ phát hành');
    expect(await pageText(page)).toContain('Đã ký báo cáo.');
    await signOut();

    // --- The clerk issues.
    await signIn('hoangdong.clerk');
    const clerkRow = `tr.inbox-item[data-report-id="${id}"]`;
    expect(await text(clerkRow)).toContain('Phát hành');
    await shot(page, 'inbox-clerk');
    await clickAndWait(page, `${clerkRow} td:first-child a`);
    await clickAndWait(page, 'button[data-action="SUBMIT"]');
    expect(await text('#report-state')).toBe('Đã phát hành, đã gửi');
    expect(await text('#report-number')).toBe('Số 01/BC-UBND');
    const timeline = await text('#history');
    for (const step of ['Trình ký', 'Ký', 'Phát hành', 'Hoàng Quốc Thành'])
      expect(timeline).toContain(step);
    await shot(page, 'issued');

    // The PDF opens: the archived original, with the narrative as text.
    const issued = await fetchFromPage(
      await page.$eval('#pdf-link', (e) => e.getAttribute('href')!),
    );
    expect(issued).toMatchObject({
      status: 200,
      type: 'application/pdf',
      docStatus: 'archived-original',
    });
    expect(issued.body.subarray(0, 5).toString()).toBe('%PDF-');
    const issuedText = pdfText(issued.body).replace(/\s+/g, ' '); // lines may wrap anywhere
    expect(issuedText).toContain('01/BC-UBND');
    expect(issuedText).toContain(XSS_SCRIPT);
    expect(issuedText).toContain(XSS_IMG);
    await signOut();

    // --- TP Lạng Sơn: the inbox, the period dashboard, the consolidation and a drill-down.
    await signIn('tpls.officer');
    expect(await text(`tr.inbox-item[data-report-id="${id}"]`)).toContain('Xem xét');
    await shot(page, 'inbox-upper');
    await page.goto(`${base}/reports`, { waitUntil: 'load' });
    await clickAndWait(page, 'a[href$="/dashboard"]');
    const hd = await text('#period-status tr[data-unit="HD"]');
    expect(hd).toContain('Đã phát hành, đã gửi');
    expect(hd).toMatch(/Đúng hạn|Muộn/);
    expect(await text('#period-status tr[data-unit="MP"]')).toContain('Chưa gửi');
    expect(await text('#period-status tr[data-unit="QL"]')).toContain('Chưa gửi');
    await shot(page, 'dashboard');
    await clickAndWait(page, `#period-status tr[data-unit="HD"] a[href="/reports/${id}"]`);
    expect(await text('#report-title')).toBe(
      'Báo cáo kết quả công tác trẻ em 6 tháng đầu năm 2024',
    );
    await page.goBack({ waitUntil: 'load' });

    await clickAndWait(page, 'form[action$="/consolidate"] button');
    expect(await pageText(page)).toContain('Đã tổng hợp số liệu');
    expect(await text('.completeness')).toContain('1/3');
    await shot(page, 'consolidated');
    await clickAndWait(
      page,
      `table.grid[data-form="01/TE"] td[data-row="I.1"][data-column="y2024"] a`,
    );
    expect(await text('#provenance-value')).toBe('2.050');
    const sources = await text('#provenance-sources');
    expect(sources).toContain('Ủy ban nhân dân xã Hoàng Đồng');
    expect(sources).toContain('Số 01/BC-UBND');
    expect(await text('#provenance-missing')).toContain('Ủy ban nhân dân xã Mai Pha');
    await shot(page, 'provenance');

    // --- The archive: search, verify the original by upload, the register of the unit.
    await page.goto(`${base}/archive?number=${encodeURIComponent('01/BC-UBND')}`, {
      waitUntil: 'load',
    });
    expect(await text('#documents')).toContain(
      'Báo cáo kết quả công tác trẻ em 6 tháng đầu năm 2024',
    );
    const file = path.join(dir, 'ban-goc.pdf');
    fs.writeFileSync(file, issued.body);
    const input = (await page.$('#verify-file')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    await clickAndWait(page, 'form[action="/archive/verify"] button');
    expect(await text('#verify-result')).toContain('trùng khớp với bản gốc văn bản số 01/BC-UBND');
    await shot(page, 'archive-verify');

    // On a phone, and printed (the navigation and the buttons are not printed).
    await page.setViewport({
      width: 390,
      height: 844,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 1,
    });
    await page.goto(
      `${base}/periods/${
        (
          await t
            .http()
            .get('/api/periods')
            .set(await t.auth('admin'))
        ).body[0].id
      }/dashboard`,
      { waitUntil: 'load' },
    );
    await shot(page, 'phone-dashboard');
    await page.goto(`${base}/reports/${id}`, { waitUntil: 'load' });
    await shot(page, 'phone-report');
    await page.setViewport({ width: 1280, height: 900 });
    await page.emulateMediaType('print');
    expect(await page.$eval('nav.site-nav', (e) => getComputedStyle(e).display)).toBe('none');
    await shot(page, 'print-report');
    await page.emulateMediaType('screen');

    // No injected script ran anywhere, and no browser dialog at all: confirmations are in the page.
    expect(dialogs).toEqual([]);
    // Ký, Phát hành, Tổng hợp (Trình ký of this report is confirmed by its own tick box).
    expect(confirmationsOf(page).length).toBeGreaterThanOrEqual(3);
  }, 90_000);

  it('protects the sign-in form with its own CSRF token, throttles it like the API and signs out only with the token', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
    );
    const loginToken = /name="_csrf" value="([^"]+)"/.exec(home.text)![1];
    const creds = { username: 'quanglac.officer', password: 'demo' };

    expect((await agent.post('/login').type('form').send(creds)).status).toBe(403);
    // The token of another browser's sign-in page is worthless without its nonce cookie.
    expect(
      (
        await t
          .http()
          .post('/login')
          .type('form')
          .send({ ...creds, _csrf: loginToken })
      ).status,
    ).toBe(403);

    const ok = await agent
      .post('/login')
      .type('form')
      .send({ ...creds, _csrf: loginToken });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/');
    const cookie = (ok.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('te_session='),
    )!;
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).not.toMatch(/; Secure/); // plain http here; Secure over https

    const inbox = await agent.get('/');
    expect(inbox.text).toContain('Việc cần làm');
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(inbox.text)![1];
    expect(csrf).not.toBe(loginToken);
    expect((await agent.post('/logout').type('form').send({})).status).toBe(403);
    expect((await agent.get('/reports')).status).toBe(200); // still signed in
    const out = await agent.post('/logout').type('form').send({ _csrf: csrf });
    expect(out.status).toBe(303);
    expect(
      (out.headers['set-cookie'] as unknown as string[]).some((c) =>
        /^te_session=;.*Expires=Thu, 01 Jan 1970/.test(c),
      ),
    ).toBe(true);
    const after = await agent.get('/reports');
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/?next=%2Freports');

    // Wrong passwords: the same limit as POST /api/auth/login (LOGIN_THROTTLE_LIMIT per address and user name).
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const page2 = await agent.get('/');
      const tok = /name="_csrf" value="([^"]+)"/.exec(page2.text)![1];
      statuses.push(
        (
          await agent
            .post('/login')
            .type('form')
            .send({ username: 'quanglac.head', password: 'wrong', _csrf: tok })
        ).status,
      );
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });

  it('pages need a session: a signed-out visit goes to the sign-in page and comes back', async () => {
    const ctx = await browser.createBrowserContext();
    const p = await ctx.newPage();
    try {
      await p.goto(`${base}/reports`, { waitUntil: 'load' });
      expect(p.url()).toBe(`${base}/?next=%2Freports`);
      await p.type('#username', 'maipha.officer');
      await p.type('#password', 'demo');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/login"] button')]);
      expect(p.url()).toBe(`${base}/reports`);
      // A sibling commune's report is not there for it.
      const res = await p.goto(`${base}/reports/00000000-0000-4000-8000-000000000000`);
      expect(res!.status()).toBe(404);
      expect(await p.$eval('main', (e) => (e as HTMLElement).innerText)).toContain(
        'Không tìm thấy báo cáo',
      );
    } finally {
      await ctx.close();
    }
  });
});
