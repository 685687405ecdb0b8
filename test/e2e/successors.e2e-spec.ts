import { clickAndWait, launchBrowser, listen, pageText, screenshotter } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire, periodId } from '../support/workflow';

/**
 * The reorganisation of 1 July 2025 over HTTP: two communes merged into a ward and one split in
 * two, the successor links written on the old units, their people moved to the ward, a new period
 * in which only the new units report, the 2024 figures rolled up to the ward through the links,
 * a split without shares answered "not comparable", the old archive read by the successor only.
 */
describe('Successor units across the reorganisation (e2e)', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  const unitId: Record<string, string> = {};
  let ward: string;
  let east: string;
  let west: string;
  let current: string;
  let legacyDocument: string;

  const out = async (prefix: string, value: number) => {
    const draft = await draftReport(t, `${prefix}.officer`, undefined, {
      '01/TE': { POP: { y2024: 9000 }, 'I.1': { y2024: value } },
    });
    expect((await fire(t, `${prefix}.officer`, draft.id, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, `${prefix}.head`, draft.id, 'SIGN')).status).toBe(200);
    expect((await fire(t, `${prefix}.clerk`, draft.id, 'SUBMIT')).status).toBe(200);
    return draft.id as string;
  };
  const newUnit = async (code: string, name: string) => {
    const res = await t
      .http()
      .post('/api/org-units')
      .set(admin)
      .send({
        code,
        name,
        level: 'commune',
        parentId: unitId.LS,
        abbreviation: 'UBND',
        placeName: name.replace(/^Ủy ban nhân dân (xã|phường) /, ''),
        validFrom: '2025-07-01',
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const indicator = async (orgUnitId: string, who = admin) =>
    t
      .http()
      .get('/api/indicators')
      .query({ form: '01/TE', row: 'I.1', column: 'y2024', orgUnitId, from: 2024, to: 2026 })
      .set(who);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.auth('admin');
    for (const u of (await t.http().get('/api/org-units').set(admin)).body) unitId[u.code] = u.id;
    // 2024: the three communes send their reports.
    const hdReport = await out('hoangdong', 2050);
    await out('maipha', 1000);
    await out('quanglac', 600);
    const docs = await t
      .http()
      .get('/api/documents')
      .set(await t.auth('hoangdong.officer'));
    legacyDocument = docs.body.find((d: any) => d.reportId === hdReport).id;
    // 1 July 2025: a ward from Hoàng Đồng and Mai Pha; Quảng Lạc split in two.
    ward = await newUnit('PHD', 'Ủy ban nhân dân phường Hoàng Mai');
    east = await newUnit('QLD', 'Ủy ban nhân dân xã Quảng Lạc Đông');
    west = await newUnit('QLT', 'Ủy ban nhân dân xã Quảng Lạc Tây');
    // The ward's own organisation certificate, for the clerk to issue with.
    const { createCertificateAuthority, issueCertificate, toPkcs12 } =
      await import('@app/signatures');
    const ca = createCertificateAuthority({ commonName: 'CA thử' });
    const cert = issueCertificate(ca, {
      commonName: 'Ủy ban nhân dân phường Hoàng Mai',
      kind: 'organisation',
    });
    const credential = await t
      .http()
      .post('/api/signing-credentials')
      .set(admin)
      .send({
        ownerKind: 'orgUnit',
        ownerId: ward,
        p12: toPkcs12(cert.certPem, cert.keyPem, ca.certPem, 'mật-khẩu').toString('base64'),
        password: 'mật-khẩu',
      });
    expect(credential.status).toBe(201);
    for (const code of ['HD', 'MP']) {
      const res = await t
        .http()
        .patch(`/api/org-units/${unitId[code]}`)
        .set(admin)
        .send({ validTo: '2025-06-30', successors: [{ orgUnitId: ward }] });
      expect(res.status).toBe(200);
      expect(res.body.successors).toEqual([{ orgUnitId: ward, share: null }]);
      expect(res.body.successorId).toBe(ward);
    }
    const split = await t
      .http()
      .patch(`/api/org-units/${unitId.QL}`)
      .set(admin)
      .send({ validTo: '2025-06-30', successors: [{ orgUnitId: east }, { orgUnitId: west }] });
    expect(split.status).toBe(200);
    expect(split.body.successorId).toBeNull();
    const copy = await t
      .http()
      .post(`/api/periods/${await periodId(t)}/copy`)
      .set(admin)
      .send({
        code: '2026-H1',
        label: '6 tháng đầu năm 2026',
        year: 2026,
        cutoffFrom: '2025-12-15',
        cutoffTo: '2026-06-14',
      });
    expect(copy.status).toBe(201);
    current = copy.body.id;
  });
  afterAll(() => t.close());

  it('refuses successor links that do not hold: itself, an unknown unit, shares not adding up to 1', async () => {
    const patch = (successors: unknown) =>
      t.http().patch(`/api/org-units/${unitId.QL}`).set(admin).send({ successors });
    const self = await patch([{ orgUnitId: unitId.QL }]);
    expect([self.status, self.body.code]).toEqual([422, 'UNIT_INVALID']);
    expect(self.body.errors[0].field).toBe('successors.0.orgUnitId');
    const unknown = await patch([{ orgUnitId: '00000000-0000-4000-8000-000000000000' }]);
    expect(unknown.status).toBe(422);
    const sum = await patch([
      { orgUnitId: east, share: 0.5 },
      { orgUnitId: west, share: 0.3 },
    ]);
    expect(sum.status).toBe(422);
    expect(sum.body.errors[0].message).toMatch(/Tổng tỷ lệ .* phải bằng 1/);
    const some = await patch([{ orgUnitId: east, share: 0.5 }, { orgUnitId: west }]);
    expect(some.status).toBe(422);
    expect(some.body.errors[0].field).toBe('successors.1.share');
    // Nothing changed: still split without shares.
    const unit = await t.http().get(`/api/org-units/${unitId.QL}`).set(admin);
    expect(unit.body.successors).toHaveLength(2);
    expect(unit.body.successors).toEqual(
      expect.arrayContaining([
        { orgUnitId: east, share: null },
        { orgUnitId: west, share: null },
      ]),
    );
  });

  it('moves the people of a merged commune to the ward in one action, only to a successor', async () => {
    const wrong = await t
      .http()
      .post(`/api/org-units/${unitId.HD}/move-users`)
      .set(admin)
      .send({ toOrgUnitId: east });
    expect([wrong.status, wrong.body.errors?.[0]?.field]).toEqual([422, 'toOrgUnitId']);
    const moved = await t
      .http()
      .post(`/api/org-units/${unitId.HD}/move-users`)
      .set(admin)
      .send({ toOrgUnitId: ward });
    expect(moved.status).toBe(201);
    expect(moved.body.moved).toBeGreaterThanOrEqual(3);
    const me = await t
      .http()
      .get('/api/auth/me')
      .set(await t.auth('hoangdong.officer'));
    expect(me.body.orgUnitId).toBe(ward);
    const audit = await t.http().get('/api/audit').query({ entity: 'user' }).set(admin);
    expect(audit.body.some((a: any) => a.action === 'move-unit')).toBe(true);
  });

  it('lets a unit report only in periods whose cut-off it was valid on; the ward numbers from 01', async () => {
    const legacy = await t
      .http()
      .post('/api/reports')
      .set(await t.auth('hoangdong.officer'))
      .send({ periodId: await periodId(t), type: 'BC', title: 'Báo cáo của phường' });
    expect([legacy.status, legacy.body.code]).toEqual([409, 'UNIT_NOT_IN_PERIOD']);
    expect(legacy.body.message).toMatch(/không có hiệu lực vào ngày chốt số liệu 14\/06\/2024/);
    const ended = await t
      .http()
      .post('/api/reports')
      .set(await t.auth('maipha.officer'))
      .send({ periodId: current, type: 'BC', title: 'Báo cáo Mai Pha 2026' });
    expect([ended.status, ended.body.code]).toEqual([409, 'UNIT_NOT_IN_PERIOD']);

    const created = await t
      .http()
      .post('/api/reports')
      .set(await t.auth('hoangdong.officer'))
      .send({
        periodId: current,
        type: 'BC',
        title: 'Báo cáo công tác trẻ em 6 tháng đầu năm 2026',
      });
    expect(created.status).toBe(201);
    expect(created.body.orgUnitId).toBe(ward);
    const saved = await t
      .http()
      .patch(`/api/reports/${created.body.id}`)
      .set(await t.auth('hoangdong.officer'))
      .send({
        version: created.body.version,
        data: { '01/TE': { POP: { y2024: 12000 }, 'I.1': { y2024: 3100 } } },
      });
    expect(saved.status).toBe(200);
    const id = created.body.id;
    expect((await fire(t, 'hoangdong.officer', id, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, 'hoangdong.head', id, 'SIGN')).status).toBe(200);
    const issued = await fire(t, 'hoangdong.clerk', id, 'SUBMIT');
    expect([issued.status, issued.body.code, issued.body.message]).toEqual([
      200,
      undefined,
      undefined,
    ]);
    const docs = await t
      .http()
      .get('/api/documents')
      .set(await t.auth('hoangdong.clerk'));
    const doc = docs.body.find((d: any) => d.reportId === id);
    expect(doc.orgUnitId).toBe(ward);
    expect(doc.numberText).toMatch(/^01\//);
  });

  it('rolls 2024 up to the ward (the sum of its two communes, named) next to its own 2026 value', async () => {
    const res = await indicator(ward);
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.map((p: any) => [p.periodCode, p]));
    expect(byCode['2024-H1']).toMatchObject({
      value: 3050,
      comparable: true,
      rolledUp: true,
      complete: true,
    });
    expect(
      byCode['2024-H1'].contributors.map((c: any) => [c.name, c.value, c.share]).sort(),
    ).toEqual([
      ['Ủy ban nhân dân xã Hoàng Đồng', 2050, 1],
      ['Ủy ban nhân dân xã Mai Pha', 1000, 1],
    ]);
    expect(byCode['2026-H1']).toMatchObject({ value: 3100, rolledUp: false, complete: true });
    // A commune reads its own series only; another unit's → 404.
    const own = await indicator(ward, await t.auth('hoangdong.officer'));
    expect(own.status).toBe(200);
    expect((await indicator(ward, await t.auth('maipha.officer'))).status).toBe(404);
  });

  it('answers a split without shares "not comparable", and with shares the successor its part', async () => {
    const before = (await indicator(east)).body.find((p: any) => p.periodCode === '2024-H1');
    expect(before).toMatchObject({ comparable: false, value: null, contributors: [] });
    const shares = await t
      .http()
      .patch(`/api/org-units/${unitId.QL}`)
      .set(admin)
      .send({
        successors: [
          { orgUnitId: east, share: 0.4 },
          { orgUnitId: west, share: 0.6 },
        ],
      });
    expect(shares.status).toBe(200);
    const after = (await indicator(east)).body.find((p: any) => p.periodCode === '2024-H1');
    expect(after).toMatchObject({ comparable: true, value: 240, rolledUp: true });
    expect(after.contributors).toEqual([
      { orgUnitId: unitId.QL, name: 'Ủy ban nhân dân xã Quảng Lạc', value: 600, share: 0.4 },
    ]);
  });

  it('gives the ward the archive of the communes it replaced, and no one else', async () => {
    const ok = await t
      .http()
      .get(`/api/documents/${legacyDocument}`)
      .set(await t.auth('hoangdong.clerk'));
    expect(ok.status).toBe(200);
    const listed = await t
      .http()
      .get('/api/documents')
      .set(await t.auth('hoangdong.clerk'));
    expect(listed.body.some((d: any) => d.id === legacyDocument)).toBe(true);
    const other = await t
      .http()
      .get(`/api/documents/${legacyDocument}`)
      .set(await t.auth('quanglac.officer'));
    expect(other.status).toBe(404);
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
      await page.type('#username', 'admin');
      await page.type('#password', 'demo');
      await clickAndWait(page, 'form[action="/login"] button[type="submit"]');
      await page.goto(`${base}/indicators?orgUnitId=${ward}&from=2024&to=2026`, {
        waitUntil: 'load',
      });
      await page.waitForFunction(() =>
        (window as any).Chart?.getChart(document.getElementById('indicator-chart')),
      );
      const text = await pageText(page);
      expect(text).toContain('6 tháng đầu năm 2026');
      expect(text).toMatch(/3\.050\s+Cộng dồn từ: .*Hoàng Đồng/);
      expect(text).toContain('Mai Pha');
      expect(text).toMatch(/3\.100\s+Số liệu của đơn vị/);
      const points = await page.evaluate(
        () =>
          (window as any).Chart.getChart(document.getElementById('indicator-chart')).data
            .datasets[0].data,
      );
      expect(points).toEqual([3050, 3100]);
      await shot(page, 'ward-2024-2026');
      // The western half of the split commune: its share of 2024, nothing sent yet in 2026.
      await page.goto(`${base}/indicators?orgUnitId=${west}&from=2024&to=2026`, {
        waitUntil: 'load',
      });
      await page.waitForFunction(() =>
        (window as any).Chart?.getChart(document.getElementById('indicator-chart')),
      );
      const split = await pageText(page);
      expect(split).toMatch(/360\s+Cộng dồn từ: Ủy ban nhân dân xã Quảng Lạc × 0,6/);
      expect(split).toContain('Chưa có báo cáo đã gửi');
      await shot(page, 'split');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
