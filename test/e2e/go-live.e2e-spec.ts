import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { communeRow, importWorkbook, userRow } from '../support/administration';
import {
  clickAndWait,
  confirmationsOf,
  launchBrowser,
  pageText,
  screenshotter,
} from '../support/browser';
import { freePort, ROOT, ServerProcess, spawnServer, waitForHealth } from '../support/processes';
import { createTestDatabase, TestDatabase } from '../support/test-db';

/** `npm run admin -- …` as an administrator would type it; its output. */
function npmAdmin(
  env: Record<string, string>,
  args: string[],
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', 'admin', '--', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

const oneTimePassword = (out: string) => /one-time password: (\S+)/.exec(out)?.[1];

/**
 * A new installation, as a province would start it: an empty database, NODE_ENV=production,
 * SEED_DEMO=false. The command line makes the first unit and administrator; everything else is
 * done in the pages, in real Chromium: the administrator's first password, a bulk import, a form
 * changed in the designer, a period; then a commune officer signs in with the one-time password from
 * the downloaded workbook, is made to change it, and creates and fills the report.
 */
describe('Go-live on an empty database (e2e, Chromium)', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let base: string;
  const shot = screenshotter('go-live');
  const dialogs: string[] = [];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'te-go-live-'));

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    env = {
      DATABASE_URL: db.url,
      NODE_ENV: 'production',
      SEED_DEMO: 'false',
      JWT_SECRET: 'go-live-jwt-secret-0123456789abcdefghijkl',
      CREDENTIAL_SECRET: 'go-live-credential-secret-0123456789abcdef',
      DATA_DIR: path.join(work, 'data'),
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
    await browser?.close();
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await db?.drop();
  });

  it('from the command line to the first report', async () => {
    // --- The command line: the province, then its administrator.
    const unit = await npmAdmin(env, [
      'create-unit',
      '--code',
      'LS-T',
      '--name',
      'Ủy ban nhân dân tỉnh Lạng Sơn',
      '--level',
      'province',
    ]);
    expect(unit.code).toBe(0);
    expect(unit.out).toContain('Đã tạo đơn vị LS-T');
    const created = await npmAdmin(env, [
      'create-admin',
      'quantri',
      '--unit',
      'LS-T',
      '--full-name',
      'Hoàng Văn Quản',
    ]);
    expect(created.code).toBe(0);
    const adminOtp = oneTimePassword(created.out);
    expect(adminOtp).toBeDefined();
    const refused = await npmAdmin(env, ['create-admin', 'quantri2', '--unit', 'KHONG-CO']);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('Không có đơn vị mã "KHONG-CO"');

    // Nothing but what the product ships and the command line made.
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const counts = (
      await c.query(
        `SELECT (SELECT count(*) FROM org_unit)::int AS units, (SELECT count(*) FROM app_user)::int AS users, (SELECT string_agg(code, ',' ORDER BY code) FROM form_definition) AS forms, (SELECT count(*) FROM reporting_period)::int AS periods`,
      )
    ).rows[0];
    expect(counts).toEqual({ units: 1, users: 1, forms: '01/TE,02/TE,03/TE', periods: 0 });

    server = spawnServer(env);
    base = server.url;
    await waitForHealth(base, 90_000);
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.accept();
    });

    const signIn = async (username: string, password: string) => {
      await page.goto(`${base}/`, { waitUntil: 'load' });
      await page.type('#username', username);
      await page.type('#password', password);
      await clickAndWait(page, 'form[action="/login"] button[type="submit"]');
    };
    const changePassword = async (current: string, next: string) => {
      expect(page.url()).toBe(`${base}/account/password`);
      expect(await pageText(page)).toContain('Bạn đang dùng mật khẩu một lần');
      await page.type('#currentPassword', current);
      await page.type('#newPassword', next);
      await page.type('#confirmPassword', next);
      await clickAndWait(page, 'form[action="/account/password"] button[type="submit"]');
    };

    // --- The administrator's first sign-in: only the change of password is open.
    await signIn('quantri', adminOtp!);
    await shot(page, 'admin-must-change-password');
    await page.goto(`${base}/admin/users`, { waitUntil: 'load' });
    expect(page.url()).toBe(`${base}/account/password`);
    // A weak password is refused with the reasons, in Vietnamese.
    await page.type('#currentPassword', adminOtp!);
    await page.type('#newPassword', 'quantri123');
    await page.type('#confirmPassword', 'quantri123');
    await clickAndWait(page, 'form[action="/account/password"] button[type="submit"]');
    expect(await pageText(page)).toContain('Mật khẩu không được chứa tên đăng nhập.');
    await page.$eval('#currentPassword', (e) => ((e as HTMLInputElement).value = ''));
    await changePassword(adminOtp!, 'Lạng Sơn quản trị năm 2026');
    expect(page.url()).toBe(`${base}/?ok=password`);
    expect(await pageText(page)).toContain('Đã đổi mật khẩu.');

    // --- The import: the template from the page, a filled workbook uploaded, followed to the end.
    await clickAndWait(page, 'nav a[href="/admin"]');
    await clickAndWait(page, 'a[href="/admin/import"]');
    const template = await page.evaluate(async () => {
      const res = await fetch('/admin/import/template');
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        size: (await res.arrayBuffer()).byteLength,
      };
    });
    expect(template).toMatchObject({ status: 200, type: expect.stringContaining('spreadsheetml') });
    const xlsx = path.join(work, 'don-vi-nguoi-dung.xlsx');
    fs.writeFileSync(
      xlsx,
      await importWorkbook(
        [
          {
            ...communeRow('LS-T', 'Lạng Sơn', ''),
            Tên: 'Ủy ban nhân dân tỉnh Lạng Sơn',
            Cấp: 'tỉnh',
          },
          communeRow('XA-TANTHANH', 'Tân Thành', 'LS-T'),
          communeRow('XA-DONGKINH', 'Đông Kinh', 'LS-T'),
        ],
        [
          userRow('tinh.officer', 'LS-T', 'officer'),
          userRow('tanthanh.officer', 'XA-TANTHANH', 'officer', {
            'Họ tên': 'Nông Thị Thu',
            'Chức vụ': 'Công chức Văn hóa - Xã hội',
          }),
          userRow('tanthanh.head', 'XA-TANTHANH', 'head', { 'Chức vụ': 'Phó Chủ tịch' }),
          userRow('tanthanh.clerk', 'XA-TANTHANH', 'clerk'),
          userRow('dongkinh.officer', 'XA-DONGKINH', 'officer'),
          userRow('dongkinh.head', 'XA-DONGKINH', 'head'),
        ],
      ),
    );
    await (
      (await page.$('input[type="file"][name="file"]')) as ElementHandle<HTMLInputElement>
    ).uploadFile(xlsx);
    await clickAndWait(page, 'form[action="/admin/import"] button[type="submit"]');
    expect(page.url()).toMatch(new RegExp(`^${base}/admin/import/[0-9a-f-]{36}$`));
    const jobUrl = page.url();
    // The job page reloads itself while the import runs: wait for the end as a person would.
    for (
      let i = 0;
      i < 60 && !(await pageText(page).catch(() => '')).includes('Đã nhập xong');
      i++
    ) {
      await new Promise((r) => setTimeout(r, 500));
    }
    const done = await pageText(page);
    expect(done).toContain('Đã nhập xong');
    expect(await page.$eval('#units-created', (e) => e.textContent)).toBe('2');
    expect(await page.$eval('#units-updated', (e) => e.textContent)).toBe('1');
    expect(await page.$eval('#users-created', (e) => e.textContent)).toBe('6');
    expect(await page.$eval('#rows-written', (e) => e.textContent)).toBe('9');
    await shot(page, 'import-done');

    // The one-time passwords, downloaded once.
    const downloads = path.join(work, 'downloads');
    fs.mkdirSync(downloads);
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await page.click('#download-passwords');
    const file = path.join(downloads, 'mat-khau-mot-lan.xlsx');
    for (let i = 0; i < 40 && !fs.existsSync(file); i++)
      await new Promise((r) => setTimeout(r, 250));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const otps = new Map<string, string>();
    wb.worksheets[0].eachRow((row, n) => {
      if (n > 1 && row.getCell(4).value)
        otps.set(String(row.getCell(1).value), String(row.getCell(4).value));
    });
    expect([...otps.keys()].sort()).toEqual([
      'dongkinh.head',
      'dongkinh.officer',
      'tanthanh.clerk',
      'tanthanh.head',
      'tanthanh.officer',
      'tinh.officer',
    ]);
    await page.goto(jobUrl, { waitUntil: 'load' });
    expect(await pageText(page)).toContain('Tệp mật khẩu đã được tải');
    expect(await page.$('#download-passwords')).toBeNull();
    const second = await page.evaluate(async (url) => {
      const token = document.querySelector('meta[name="csrf-token"]')!.getAttribute('content')!;
      return (
        await fetch(`${url}/passwords`, { method: 'POST', headers: { 'x-csrf-token': token } })
      ).status;
    }, jobUrl);
    expect(second).toBe(410);

    // --- The designer: 01/TE's first indicator renamed, seen in both previews, published as version 2.
    await page.goto(`${base}/admin/forms`, { waitUntil: 'load' });
    await clickAndWait(page, 'a[href="/admin/forms/design?code=01%2FTE"]');
    const newLabel = 'Số trẻ em dưới 16 tuổi (tại thời điểm báo cáo)';
    const labelInput = (await page.evaluateHandle(() =>
      Array.from(document.querySelectorAll<HTMLInputElement>('input[name="r_label"]')).find(
        (i) => i.value === 'Số trẻ em dưới 16 tuổi',
      ),
    )) as ElementHandle<HTMLInputElement>;
    await labelInput.click({ count: 3 });
    await labelInput.type(newLabel);
    const frameText = async (name: string) => {
      const frame = page.frames().find((f) => f.name() === name);
      return frame ? frame.evaluate(() => document.body?.innerText ?? '').catch(() => '') : '';
    };
    for (
      let i = 0;
      i < 40 &&
      !(
        (await frameText('annex-preview')).includes(newLabel) &&
        (await frameText('grid-preview')).includes(newLabel)
      );
      i++
    ) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(await frameText('annex-preview')).toContain(newLabel);
    expect(await frameText('annex-preview')).toContain('Mẫu số 01/TE');
    expect(await frameText('grid-preview')).toContain(newLabel);
    // The year parameter, filled in for the preview.
    expect(await frameText('grid-preview')).toContain('Năm 2026');
    await page.setViewport({ width: 1600, height: 1000 });
    await page.screenshot({
      path: path.join(ROOT, 'test-artifacts', 'go-live', 'designer-viewport.png'),
    });
    await page.setViewport({ width: 1280, height: 900 });
    await clickAndWait(page, 'button[name="action"][value="publish"]');
    expect(page.url()).toBe(`${base}/admin/forms?ok=formPublished`);
    expect(confirmationsOf(page).at(-1)).toContain('Phát hành phiên bản mới');
    const formsRow = await page.$eval('table.data tbody tr', (tr) => (tr as HTMLElement).innerText);
    expect(formsRow).toMatch(/01\/TE[\s\S]*2/);

    // --- A period, created from nothing (there is no earlier one).
    await page.goto(`${base}/admin/periods/new`, { waitUntil: 'load' });
    await page.type('#code', '2026-CN');
    await page.type('#label', 'Năm 2026');
    await page.$eval('#year', (e) => ((e as HTMLInputElement).value = '2026'));
    await page.$eval('#cutoffFrom', (e) => ((e as HTMLInputElement).value = '2025-12-15'));
    await page.$eval('#cutoffTo', (e) => ((e as HTMLInputElement).value = '2026-12-14'));
    await page.$eval('#deadline_commune', (e) => ((e as HTMLInputElement).value = '2026-12-20'));
    await page.$eval('#deadline_province', (e) => ((e as HTMLInputElement).value = '2026-12-25'));
    await clickAndWait(page, 'form[action="/admin/periods"] button[type="submit"]');
    expect(page.url()).toMatch(/\/admin\/periods\/[0-9a-f-]{36}\?ok=periodCreated$/);
    expect(await pageText(page)).toMatch(/01\/TE \(v2\), 02\/TE \(v1\), 03\/TE \(v1\)/);
    await shot(page, 'period-created');
    await clickAndWait(page, 'form[action="/logout"] button');

    // --- A commune officer: one-time password from the workbook, made to change it, then the report.
    await signIn('tanthanh.officer', otps.get('tanthanh.officer')!);
    await changePassword(otps.get('tanthanh.officer')!, 'Tân Thành báo cáo trẻ em 2026');
    await page.goto(`${base}/reports`, { waitUntil: 'load' });
    await shot(page, 'officer-reports');
    await clickAndWait(page, 'form[action="/reports"] button[type="submit"]');
    expect(page.url()).toMatch(/\/reports\/[0-9a-f-]{36}\?ok=created$/);
    const grid = 'table.grid[data-form="01/TE"]';
    expect(await page.$eval(`${grid} thead`, (e) => (e as HTMLElement).innerText)).toContain(
      'Năm 2026',
    );
    expect(
      await page.$eval(`${grid} tr[data-row="I.1"]`, (e) => (e as HTMLElement).innerText),
    ).toContain(newLabel);
    const cell = (row: string) => `${grid} td[data-row="${row}"] input`;
    await page.type(cell('POP'), '5.200');
    await page.type(cell('I.1'), '1.250');
    await clickAndWait(page, '.savebar.sticky button[type="submit"]');
    expect(await pageText(page)).toContain('Đã lưu báo cáo.');
    expect(await page.$eval(cell('I.1'), (e) => (e as HTMLInputElement).value)).toBe('1.250');
    await shot(page, 'officer-report-saved');

    const stored = (
      await c.query(
        `SELECT r.title, u.code, rc.num FROM report r JOIN org_unit u ON u.id = r.org_unit_id
           JOIN report_cell rc ON rc.report_id = r.id AND rc.form_code = '01/TE' AND rc.row_key = 'I.1'`,
      )
    ).rows;
    expect(stored).toEqual([expect.objectContaining({ code: 'XA-TANTHANH', num: '1250' })]);
    // Every administrative step is in the audit trail, with who did it.
    const audit = (
      await c.query(`SELECT actor_name, action, entity FROM audit_log ORDER BY id`)
    ).rows.map((r) => `${r.actor_name}|${r.action}|${r.entity}`);
    expect(audit.slice(0, 3)).toEqual([
      'Dòng lệnh quản trị (npm run admin)|create|unit',
      'Dòng lệnh quản trị (npm run admin)|create|user',
      'Hoàng Văn Quản|change-password|user',
    ]);
    expect(audit).toEqual(
      expect.arrayContaining([
        'Hoàng Văn Quản|import|unit',
        'Hoàng Văn Quản|import|user',
        'Hoàng Văn Quản|publish|form',
        'Hoàng Văn Quản|create|period',
        'Nông Thị Thu|change-password|user',
      ]),
    );
    await c.end();
  }, 240_000);
});
