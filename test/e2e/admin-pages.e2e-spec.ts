import type { Browser, Page } from 'puppeteer-core';
import { Client } from 'pg';
import { newUser, STRONG_PASSWORD } from '../support/administration';
import {
  answerConfirmation,
  clickAndWait,
  confirmationsOf,
  launchBrowser,
  listen,
  pageText,
  screenshotter,
} from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The administration pages in Chromium on the demo data: users (create with the one-time password
 * shown once, edit, deactivate), units (create under a unit, edit how it prints), a period (extend
 * one unit, close), the audit trail; and a unit administrator who only sees its subtree.
 */
describe('Administration pages (e2e, Chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let db: Client;
  const shot = screenshotter('admin');
  const dialogs: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_THROTTLE_LIMIT: '1000' });
    base = await listen(t.app);
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.accept();
    });
    db = new Client({ connectionString: t.db.url });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    await browser?.close();
    await t?.close();
  });

  async function signIn(username: string, password = 'demo') {
    await page.deleteCookie(...(await page.cookies(base)));
    await page.goto(`${base}/`, { waitUntil: 'load' });
    await page.type('#username', username);
    await page.type('#password', password);
    await clickAndWait(page, 'form[action="/login"] button[type="submit"]');
  }
  const signOut = () => clickAndWait(page, 'form[action="/logout"] button');
  async function fill(selector: string, value: string) {
    await page.$eval(selector, (e) => ((e as HTMLInputElement).value = ''));
    await page.type(selector, value);
  }
  const select = (selector: string, label: string) =>
    page.$eval(
      selector,
      (e, text) => {
        const s = e as HTMLSelectElement;
        const o = Array.from(s.options).find((x) => x.text.includes(text as string));
        if (!o) throw new Error(`no option ${text}`);
        s.value = o.value;
      },
      label,
    );

  it('an admin manages users, units, a period and reads the audit trail', async () => {
    await signIn('admin');
    await clickAndWait(page, 'nav a[href="/admin"]');
    expect(await pageText(page)).toContain('Bạn quản trị toàn bộ hệ thống.');

    // A new user: the one-time password is shown once.
    await page.goto(`${base}/admin/users/new`, { waitUntil: 'load' });
    await fill('#username', 'quanglac.vanthu2');
    await fill('#fullName', 'Hà Thị Vân');
    await select('#orgUnitId', 'Quảng Lạc');
    await page.click('input[name="roles"][value="officer"]'); // unticked
    await page.click('input[name="roles"][value="clerk"]');
    await fill('#email', 'van.ht@quanglac.gov.vn');
    await clickAndWait(page, 'form[action="/admin/users"] button[type="submit"]');
    expect(await pageText(page)).toContain('Mật khẩu này chỉ hiện một lần');
    const otp = await page.$eval('#one-time-password', (e) => e.textContent!.trim());
    expect(otp).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await shot(page, 'one-time-password');
    // Refused input is shown again with the reason, nothing lost.
    await page.goto(`${base}/admin/users/new`, { waitUntil: 'load' });
    await fill('#username', 'quanglac.vanthu2');
    await fill('#fullName', 'Trùng Tên');
    await select('#orgUnitId', 'Quảng Lạc');
    await clickAndWait(page, 'form[action="/admin/users"] button[type="submit"]');
    expect(await pageText(page)).toContain('Tên đăng nhập quanglac.vanthu2 đã có người dùng.');
    expect(await page.$eval('#fullName', (e) => (e as HTMLInputElement).value)).toBe('Trùng Tên');

    // Search, edit, deactivate.
    await page.goto(`${base}/admin/users?q=vanthu2`, { waitUntil: 'load' });
    expect(await page.$$eval('table.data tbody tr', (rows) => rows.length)).toBe(1);
    await clickAndWait(page, 'table.data tbody a');
    await fill('#positionTitle', 'Văn thư');
    await clickAndWait(page, 'form.admin-form button[type="submit"]');
    expect(await pageText(page)).toContain('Đã lưu thông tin người dùng.');
    // The confirmation is the page's own dialog: "Hủy" leaves everything as it was.
    const url = page.url();
    await page.click('form[action$="/active"] button');
    await page.waitForSelector('dialog.confirm-dialog[open]');
    await shot(page, 'confirm-dialog', { fullPage: false });
    expect(await answerConfirmation(page, false)).toContain('Khóa tài khoản quanglac.vanthu2?');
    expect(await page.$('dialog.confirm-dialog')).toBeNull();
    expect(page.url()).toBe(url);
    expect(await pageText(page)).not.toContain('Đã khóa tài khoản');
    await clickAndWait(page, 'form[action$="/active"] button');
    expect(await pageText(page)).toContain('Đã khóa tài khoản');
    expect(confirmationsOf(page).at(-1)).toContain('Khóa tài khoản quanglac.vanthu2?');

    // A unit under Quảng Lạc; then how it prints.
    await page.goto(`${base}/admin/units`, { waitUntil: 'load' });
    await shot(page, 'units');
    const ql = (await db.query(`SELECT id FROM org_unit WHERE code = 'QL'`)).rows[0].id;
    await page.goto(`${base}/admin/units/new?parent=${ql}`, { waitUntil: 'load' });
    await fill('#code', 'QL-VP');
    await fill('#name', 'Văn phòng HĐND và UBND xã Quảng Lạc');
    await fill('#abbreviation', 'VP');
    await fill('#placeName', 'Quảng Lạc');
    await clickAndWait(page, 'form.admin-form button[type="submit"]');
    expect(await pageText(page)).toContain('Đã tạo đơn vị.');
    await fill('#headerLines', 'UBND XÃ QUẢNG LẠC\nVĂN PHÒNG HĐND VÀ UBND');
    await fill('#filingUnit', 'VP');
    await clickAndWait(page, 'form.admin-form button[type="submit"]');
    expect(await pageText(page)).toContain('Đã lưu thông tin đơn vị.');
    const saved = (
      await db.query(
        `SELECT header_lines, filing_unit, (SELECT code FROM org_unit p WHERE p.id = o.parent_id) AS parent FROM org_unit o WHERE code = 'QL-VP'`,
      )
    ).rows[0];
    expect(saved).toEqual({
      header_lines: ['UBND XÃ QUẢNG LẠC', 'VĂN PHÒNG HĐND VÀ UBND'],
      filing_unit: 'VP',
      parent: 'QL',
    });

    // The period: one commune's deadline extended, then closed.
    await page.goto(`${base}/admin/periods`, { waitUntil: 'load' });
    await clickAndWait(page, 'table.data tbody tr td a');
    await select('#addUnit', 'Mai Pha');
    await page.$eval('#addDate', (e) => ((e as HTMLInputElement).value = '2024-07-31'));
    await clickAndWait(page, 'form.admin-form button[type="submit"]');
    expect(await pageText(page)).toContain('Đã lưu kỳ báo cáo.');
    expect(await pageText(page)).toContain('Ủy ban nhân dân xã Mai Pha');
    await clickAndWait(page, 'form[action$="/open"] button');
    expect(await pageText(page)).toContain('Đã khóa kỳ báo cáo');
    await shot(page, 'period-closed');
    await clickAndWait(page, 'form[action$="/open"] button');
    expect(await pageText(page)).toContain('Đã mở lại kỳ báo cáo.');

    // The audit trail: each of those, with what changed.
    await page.goto(`${base}/admin/audit`, { waitUntil: 'load' });
    const audit = await pageText(page);
    for (const line of [
      'Tạo',
      'Sửa',
      'Khóa kỳ',
      'Mở lại kỳ',
      'Người dùng: quanglac.vanthu2',
      'Đơn vị: QL-VP',
      'Kỳ báo cáo: 2024-H1',
    ])
      expect(audit).toContain(line);
    expect(audit).toMatch(/Hoạt động: true → false/);
    expect(audit).toMatch(/Đơn vị cấp trên: Ủy ban nhân dân xã Quảng Lạc/);
    await shot(page, 'audit');
    await page.goto(`${base}/admin/audit?entity=unit`, { waitUntil: 'load' });
    expect(
      await page.$$eval('table.audit tbody tr', (rows) =>
        rows.map((r) => (r as HTMLElement).innerText).every((x) => x.includes('Đơn vị:')),
      ),
    ).toBe(true);
    await signOut();

    // The deactivated user cannot sign in.
    await signIn('quanglac.vanthu2', otp);
    expect(await pageText(page)).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
  });

  it('a unit administrator sees and manages only its subtree in the pages', async () => {
    const admin = await t.auth('admin');
    const hd = (await db.query(`SELECT id FROM org_unit WHERE code = 'HD'`)).rows[0].id;
    await newUser(t, admin, { username: 'hd.qtdv', orgUnitId: hd, roles: ['unitAdmin'] });
    await signIn('hd.qtdv', STRONG_PASSWORD);
    await clickAndWait(page, 'nav a[href="/admin"]');
    const home = await pageText(page);
    expect(home).toContain('Ủy ban nhân dân xã Hoàng Đồng và các đơn vị cấp dưới');
    expect(home).not.toContain('Kỳ báo cáo');
    await page.goto(`${base}/admin/users`, { waitUntil: 'load' });
    const names = await page.$$eval('table.data tbody tr td:first-child', (tds) =>
      tds.map((td) => td.textContent!.trim()),
    );
    expect(names.sort()).toEqual([
      'hd.qtdv',
      'hoangdong.clerk',
      'hoangdong.head',
      'hoangdong.officer',
    ]);
    const options = await page.$$eval('select[name="unit"] option', (os) =>
      os.map((o) => o.textContent!.trim()),
    );
    expect(options).toEqual(['Tất cả', 'Ủy ban nhân dân xã Hoàng Đồng']);
    await page.goto(`${base}/admin/users/new`, { waitUntil: 'load' });
    expect(await page.$('input[name="roles"][value="admin"]')).toBeNull();
    await shot(page, 'unit-admin-new-user');
    // Another commune's user: not found, as for anything outside one's scope.
    const mp = (await db.query(`SELECT id FROM app_user WHERE username = 'maipha.officer'`)).rows[0]
      .id;
    const res = await page.goto(`${base}/admin/users/${mp}`, { waitUntil: 'load' });
    expect(res!.status()).toBe(404);
    for (const path of ['/admin/audit', '/admin/periods', '/admin/forms']) {
      expect((await page.goto(`${base}${path}`, { waitUntil: 'load' }))!.status()).toBe(403);
    }
    await page.goto(`${base}/admin`, { waitUntil: 'load' });
    await signOut();
  });
});
