import { vietnamDate } from '@app/common';
import { DEMO_LEGACY_PERIOD, demoCurrentPeriod } from '@app/demo';
import { clickAndWait, launchBrowser, listen, pageText, screenshotter } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';
import { fire, periodId } from '../support/workflow';

/**
 * The two-level government as the demo ships it: Sở Y tế tỉnh Lạng Sơn (from 01/03/2025, after Sở
 * LĐTBXH) and two wards from 01/07/2025 — Lương Văn Tri (Hoàng Đồng and Mai Pha merged) and Kỳ Lừa
 * (Quảng Lạc renamed) — next to the legacy hierarchy of 2024 with its issued history. Over HTTP: a
 * ward reports straight to the province in the current period, the province watches and
 * consolidates communes now and the district then, 2024 figures roll up to today's ward through the
 * successor links, a split without shares is "not comparable", the old archive belongs to the
 * successors only.
 */
describe('The two-level government and its history (e2e)', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  const unitId: Record<string, string> = {};
  let current: string;
  let legacy: string;
  let wardReport: string;
  const WARD_2026 = 3890;

  const indicator = async (orgUnitId: string, who = admin) =>
    t
      .http()
      .get('/api/indicators')
      .query({ form: '01/TE', row: 'I.1', column: 'y2024', orgUnitId, from: 2024, to: 2027 })
      .set(who);
  const status = async (who: string, period: string) =>
    t
      .http()
      .get(`/api/periods/${period}/status`)
      .set(await t.auth(who));

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.auth('admin');
    for (const u of (await t.http().get('/api/org-units').set(admin)).body) unitId[u.code] = u.id;
    current = await periodId(t, demoCurrentPeriod(vietnamDate()).code);
    legacy = await periodId(t, DEMO_LEGACY_PERIOD.code);
  });
  afterAll(() => t.close());

  it('in the current period the merged ward reports straight to Sở Y tế, which consolidates its communes', async () => {
    const officer = await t.auth('luongvantri.officer');
    const created = await t
      .http()
      .post('/api/reports')
      .set(officer)
      .send({ periodId: current, type: 'BC', title: 'Báo cáo kết quả công tác trẻ em' });
    expect(created.status).toBe(201);
    expect(created.body.orgUnitId).toBe(unitId.LVT);
    wardReport = created.body.id;
    const saved = await t
      .http()
      .patch(`/api/reports/${wardReport}`)
      .set(officer)
      .send({
        version: created.body.version,
        recipients: [{ orgUnitId: unitId.SYT }],
        data: { '01/TE': { POP: { y2024: 15200 }, 'I.1': { y2024: WARD_2026 } } },
      });
    expect(saved.status).toBe(200);
    expect((await fire(t, 'luongvantri.officer', wardReport, 'REQUEST_SIGNATURE')).status).toBe(
      200,
    );
    expect((await fire(t, 'luongvantri.head', wardReport, 'SIGN')).status).toBe(200);
    const issued = await fire(t, 'luongvantri.clerk', wardReport, 'SUBMIT');
    expect([issued.status, issued.body.state]).toEqual([200, 'submitted']);
    // A new unit's own number series: the ward's first document is 01.
    const docs = await t
      .http()
      .get('/api/documents')
      .set(await t.auth('luongvantri.clerk'));
    const doc = docs.body.find((d: any) => d.reportId === wardReport);
    expect(doc.numberText).toBe('01/BC-UBND');
    expect(doc.issuer.name).toBe('Ủy ban nhân dân phường Lương Văn Tri');

    // Sở Y tế watches the communes of today: the ward submitted on time, Kỳ Lừa not yet.
    const now = await status('syt.officer', current);
    expect(now.status).toBe(200);
    expect(now.body.map((u: any) => [u.code, u.state, u.onTime])).toEqual([
      ['KL', 'missing', null],
      ['LVT', 'submitted', true],
    ]);
    // … and the district of 2024, through Sở LĐTBXH that it replaced.
    const then = await status('syt.officer', legacy);
    expect(then.status).toBe(200);
    expect(then.body.map((u: any) => [u.code, u.state, u.onTime])).toEqual([
      ['TPLS', 'submitted', true],
    ]);
    // The district's 2024 report, sent to Sở LĐTBXH, is Sở Y tế's to read now.
    const cityReport = await t
      .http()
      .get(`/api/reports/${then.body[0].reportId}`)
      .set(await t.auth('syt.officer'));
    expect(cityReport.status).toBe(200);

    const consolidated = await t
      .http()
      .post('/api/consolidations')
      .set(await t.auth('syt.officer'))
      .send({ periodId: current });
    expect(consolidated.status).toBe(201);
    expect(consolidated.body.orgUnitId).toBe(unitId.SYT);
    expect(consolidated.body.data['01/TE']['I.1']).toEqual({ y2024: WARD_2026 });
    const provenance = await t
      .http()
      .get(`/api/reports/${consolidated.body.id}/provenance`)
      .query({ form: '01/TE', row: 'I.1', column: 'y2024' })
      .set(await t.auth('syt.officer'));
    expect(provenance.status).toBe(200);
    expect(provenance.body.sources.map((s: any) => [s.orgUnitId, s.value])).toEqual([
      [unitId.LVT, WARD_2026],
    ]);
  });

  it('lets a unit report only in periods whose cut-off it was valid on', async () => {
    const ended = await t
      .http()
      .post('/api/reports')
      .set(await t.auth('maipha.officer'))
      .send({ periodId: current, type: 'BC', title: 'Báo cáo Mai Pha' });
    expect([ended.status, ended.body.code]).toEqual([409, 'UNIT_NOT_IN_PERIOD']);
    const early = await t
      .http()
      .post('/api/reports')
      .set(await t.auth('kylua.officer'))
      .send({ periodId: await periodId(t), type: 'BC', title: 'Báo cáo của phường' });
    expect([early.status, early.body.code]).toEqual([409, 'UNIT_NOT_IN_PERIOD']);
    expect(early.body.message).toMatch(/không có hiệu lực vào ngày chốt số liệu 14\/06\/2024/);
    // The legacy period itself is closed: its reports were issued in 2024.
    const closed = await t
      .http()
      .post('/api/reports')
      .set(await t.auth('hoangdong.officer'))
      .send({ periodId: legacy, type: 'BC', title: 'Báo cáo muộn' });
    expect([closed.status, closed.body.code]).toEqual([409, 'PERIOD_CLOSED']);
  });

  it('rolls 2024 up to the ward (the sum of its two communes, named) next to its 2026 value', async () => {
    const res = await indicator(unitId.LVT);
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.map((p: any) => [p.periodCode, p]));
    expect(byCode['2024-H1']).toMatchObject({
      label: '6 tháng đầu năm 2024',
      value: 2050 + 1720,
      comparable: true,
      rolledUp: true,
      complete: true,
    });
    expect(
      byCode['2024-H1'].contributors.map((c: any) => [c.name, c.value, c.share]).sort(),
    ).toEqual([
      ['Ủy ban nhân dân xã Hoàng Đồng', 2050, 1],
      ['Ủy ban nhân dân xã Mai Pha', 1720, 1],
    ]);
    expect(byCode[demoCurrentPeriod(vietnamDate()).code]).toMatchObject({
      value: WARD_2026,
      rolledUp: false,
      complete: true,
    });
    // Beside it, the province's total: its three communes of 2024 through Sở LĐTBXH, its wards today.
    expect(byCode['2024-H1'].provinceTotal).toEqual({
      orgUnitId: unitId.SYT,
      name: 'Sở Y tế tỉnh Lạng Sơn',
      value: 2050 + 1720 + 1380,
      reported: 3,
      expected: 3,
    });
    expect(byCode[demoCurrentPeriod(vietnamDate()).code].provinceTotal).toMatchObject({
      value: WARD_2026,
      reported: 1,
      expected: 2,
    });
    // The renamed commune continues its own series; the province sees every unit.
    const renamed = (await indicator(unitId.KL)).body.find((p: any) => p.periodCode === '2024-H1');
    expect(renamed).toMatchObject({ value: 1380, rolledUp: true });
    expect((await indicator(unitId.LVT, await t.auth('syt.officer'))).status).toBe(200);
    // A ward reads its own series only; another unit's → 404.
    expect((await indicator(unitId.LVT, await t.auth('luongvantri.officer'))).status).toBe(200);
    expect((await indicator(unitId.LVT, await t.auth('kylua.officer'))).status).toBe(404);
  });

  it('refuses successor links that do not hold, and answers a split without shares "not comparable"', async () => {
    // Suppose Quảng Lạc had been split between Kỳ Lừa and a new commune.
    const other = await t.http().post('/api/org-units').set(admin).send({
      code: 'QLT',
      name: 'Ủy ban nhân dân xã Quảng Lạc Tây',
      level: 'commune',
      parentId: unitId.SYT,
      abbreviation: 'UBND',
      placeName: 'Quảng Lạc Tây',
      validFrom: '2025-07-01',
    });
    expect(other.status).toBe(201);
    const patch = (successors: unknown) =>
      t.http().patch(`/api/org-units/${unitId.QL}`).set(admin).send({ successors });
    const self = await patch([{ orgUnitId: unitId.QL }]);
    expect([self.status, self.body.code]).toEqual([422, 'UNIT_INVALID']);
    expect(self.body.errors[0].field).toBe('successors.0.orgUnitId');
    const sum = await patch([
      { orgUnitId: unitId.KL, share: 0.5 },
      { orgUnitId: other.body.id, share: 0.3 },
    ]);
    expect(sum.status).toBe(422);
    expect(sum.body.errors[0].message).toMatch(/Tổng tỷ lệ .* phải bằng 1/);

    const split = await patch([{ orgUnitId: unitId.KL }, { orgUnitId: other.body.id }]);
    expect(split.status).toBe(200);
    expect(split.body.successorId).toBeNull();
    const before = (await indicator(unitId.KL)).body.find((p: any) => p.periodCode === '2024-H1');
    expect(before).toMatchObject({ comparable: false, value: null, contributors: [] });

    const shares = await patch([
      { orgUnitId: unitId.KL, share: 0.4 },
      { orgUnitId: other.body.id, share: 0.6 },
    ]);
    expect(shares.status).toBe(200);
    const after = (await indicator(unitId.KL)).body.find((p: any) => p.periodCode === '2024-H1');
    expect(after).toMatchObject({ comparable: true, value: 552, rolledUp: true });
    expect(after.contributors).toEqual([
      { orgUnitId: unitId.QL, name: 'Ủy ban nhân dân xã Quảng Lạc', value: 1380, share: 0.4 },
    ]);
  });

  it('gives the successors the archive of the communes they replaced, and no one else', async () => {
    const all = await t.http().get('/api/documents').set(admin);
    const hoangDong = all.body.find((d: any) => d.issuer.code === 'HD' && d.year === 2024);
    expect(hoangDong).toMatchObject({ numberText: '01/BC-UBND', issueDate: '2024-04-27' });
    // The issuer's name as it was: the document is not rewritten by the reorganisation.
    expect(hoangDong.issuer.name).toBe('Ủy ban nhân dân xã Hoàng Đồng');
    for (const who of ['luongvantri.clerk', 'luongvantri.officer', 'syt.officer']) {
      const read = await t
        .http()
        .get(`/api/documents/${hoangDong.id}/pdf`)
        .set(await t.auth(who));
      expect([who, read.status]).toEqual([who, 200]);
      const listed = await t
        .http()
        .get('/api/documents')
        .set(await t.auth(who));
      expect(listed.body.some((d: any) => d.id === hoangDong.id)).toBe(true);
    }
    for (const who of ['kylua.officer', 'quanglac.officer', 'maipha.officer']) {
      const read = await t
        .http()
        .get(`/api/documents/${hoangDong.id}`)
        .set(await t.auth(who));
      expect([who, read.status]).toEqual([who, 404]);
      const listed = await t
        .http()
        .get('/api/documents')
        .set(await t.auth(who));
      expect(listed.body.some((d: any) => d.id === hoangDong.id)).toBe(false);
    }
    // Issued at its 2024 date with the demo certificates, it still verifies as a valid original.
    const pdf = await t.http().get(`/api/documents/${hoangDong.id}/pdf`).set(admin);
    const verified = await t
      .http()
      .post('/api/documents/verify')
      .set(admin)
      .set('content-type', 'application/pdf')
      .send(pdf.body);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ archived: true });
  });

  it('moves the people of a merged commune to the ward in one action, only to a successor', async () => {
    const wrong = await t
      .http()
      .post(`/api/org-units/${unitId.HD}/move-users`)
      .set(admin)
      .send({ toOrgUnitId: unitId.KL });
    expect([wrong.status, wrong.body.errors?.[0]?.field]).toEqual([422, 'toOrgUnitId']);
    const moved = await t
      .http()
      .post(`/api/org-units/${unitId.HD}/move-users`)
      .set(admin)
      .send({ toOrgUnitId: unitId.LVT });
    expect(moved.status).toBe(201);
    expect(moved.body.moved).toBe(3);
    const me = await t
      .http()
      .get('/api/auth/me')
      .set(await t.auth('hoangdong.officer'));
    expect(me.body.orgUnitId).toBe(unitId.LVT);
    const audit = await t.http().get('/api/audit').query({ entity: 'user' }).set(admin);
    expect(audit.body.some((a: any) => a.action === 'move-unit')).toBe(true);
  });

  it('shows the comparison as a table and a Chart.js line chart in Chromium', async () => {
    const base = await listen(t.app);
    const browser = await launchBrowser();
    const shot = screenshotter('indicators');
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('response', (r) => {
        // The browser's own favicon request is not the page's.
        if (r.status() >= 400 && !r.url().endsWith('/favicon.ico'))
          errors.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${base}/`, { waitUntil: 'load' });
      await page.type('#username', 'syt.officer');
      await page.type('#password', 'demo');
      await clickAndWait(page, 'form[action="/login"] button[type="submit"]');
      await page.goto(`${base}/indicators?orgUnitId=${unitId.LVT}&from=2024&to=2027`, {
        waitUntil: 'load',
      });
      await page.waitForFunction(() =>
        (window as any).Chart?.getChart(document.getElementById('indicator-chart')),
      );
      const text = await pageText(page);
      expect(text).toContain(demoCurrentPeriod(vietnamDate()).label);
      // Sở Y tế may also pick the units it replaced and theirs (2024's communes), not another province's.
      const choices = await page.$$eval('#indicator-unit option', (os) =>
        os.map((o) => o.textContent ?? ''),
      );
      expect(choices).toEqual(
        expect.arrayContaining([
          'Ủy ban nhân dân phường Lương Văn Tri',
          'Ủy ban nhân dân xã Hoàng Đồng (đến 30/06/2025)',
        ]),
      );
      expect(text).toMatch(/3\.770\s+Cộng dồn từ: .*Hoàng Đồng/);
      expect(text).toContain('Mai Pha');
      expect(text).toMatch(/3\.890\s+Số liệu của đơn vị/);
      const points: (number | null)[] = await page.evaluate(
        () =>
          (window as any).Chart.getChart(document.getElementById('indicator-chart')).data
            .datasets[0].data,
      );
      expect(points.filter((p) => p !== null)).toEqual([3770, WARD_2026]);
      const province: (number | null)[] = await page.evaluate(
        () =>
          (window as any).Chart.getChart(document.getElementById('indicator-chart')).data
            .datasets[1].data,
      );
      expect(province.filter((p) => p !== null)).toEqual([5150, WARD_2026]);
      expect(text).toMatch(/5\.150\s+3\/3/);
      await shot(page, 'ward-2024-2026');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
