import ExcelJS from 'exceljs';
import request from 'supertest';
import { INCOMING_REGISTER_COLUMNS } from '@app/documents';
import { vietnamYear } from '@app/common';
import { binary } from '../support/http';
import { pdfText } from '../support/pdf';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire, periodId } from '../support/workflow';

/**
 * The incoming register (sổ đăng ký văn bản đến), acknowledgement, withdrawal (thu hồi) and
 * replacement (thay thế) through the API and the pages: issuing delivers to the upper unit and the
 * recipient units, each numbering its own register; only the receiving unit reads its register and
 * acknowledges, only the issuing unit's head withdraws, and every place that shows a document says
 * what became of it.
 */
describe('Incoming register, withdrawal and replacement (e2e)', () => {
  let t: TestApp;
  const unit: Record<string, string> = {};
  const year = vietnamYear();

  beforeAll(async () => {
    t = await startTestApp();
    const units = (await get('admin', '/api/org-units')).body as { id: string; code: string }[];
    for (const u of units) unit[u.code] = u.id;
  }, 120_000);
  afterAll(() => t?.close());

  const get = async (user: string, path: string) =>
    t
      .http()
      .get(path)
      .set(await t.auth(user));
  const post = async (user: string, path: string, body?: object) =>
    t
      .http()
      .post(path)
      .set(await t.auth(user))
      .send(body);
  const getFile = async (user: string, path: string): Promise<Buffer> => {
    const res = await t
      .http()
      .get(path)
      .set(await t.auth(user))
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    return res.body as Buffer;
  };
  const register = async (user: string, query = `year=${year}`) =>
    get(user, `/api/documents/incoming-register?${query}`);

  /** A commune's report issued by its clerk (recipients by unit code); its document id and number. */
  const issue = async (commune: string, recipients: string[] = []) => {
    const report = await draftReport(t, `${commune}.officer`, `Báo cáo thử sổ đến ${commune}`);
    if (recipients.length) {
      const res = await t
        .http()
        .patch(`/api/reports/${report.id}`)
        .set(await t.auth(`${commune}.officer`))
        .send({
          version: report.version,
          recipients: recipients.map((c) => ({ orgUnitId: unit[c] })),
        });
      expect(res.status).toBe(200);
    }
    return reissue(commune, report.id);
  };
  const reissue = async (commune: string, reportId: string) => {
    expect((await fire(t, `${commune}.officer`, reportId, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, `${commune}.head`, reportId, 'SIGN')).status).toBe(200);
    const out = await fire(t, `${commune}.clerk`, reportId, 'SUBMIT');
    expect(out.status).toBe(200);
    return {
      reportId,
      documentId: out.body.documentId as string,
      number: out.body.number as string,
    };
  };

  let hd: { reportId: string; documentId: string; number: string };

  it('the demo history (2024) landed in the upper units’ incoming registers through the issuing path', async () => {
    const city = await register('tpls.clerk', 'year=2024');
    expect(city.status).toBe(200);
    expect(
      city.body.map((l: Record<string, unknown>) => [
        l.incomingNumber,
        l.issuer,
        String(l.receivedAt).slice(0, 10),
      ]),
    ).toEqual([
      [1, 'Ủy ban nhân dân xã Hoàng Đồng', '2024-04-27'],
      [2, 'Ủy ban nhân dân xã Mai Pha', '2024-05-03'],
      [3, 'Ủy ban nhân dân xã Quảng Lạc', '2024-05-08'],
    ]);
    const province = await register('sols.officer', 'year=2024');
    expect(province.body).toHaveLength(1);
    expect(province.body[0]).toMatchObject({
      incomingNumber: 1,
      issuer: 'Ủy ban nhân dân thành phố Lạng Sơn',
      handledBy: null,
      acknowledgedAt: null,
    });
  });

  it('an issued report lands in the upper unit’s register and in each recipient unit’s, numbered there', async () => {
    hd = await issue('hoangdong', ['QL']);
    for (const user of ['tpls.clerk', 'quanglac.officer']) {
      const res = await register(user);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        expect.objectContaining({
          incomingNumber: 1,
          documentId: hd.documentId,
          numberText: hd.number,
          issuer: 'Ủy ban nhân dân xã Hoàng Đồng',
          title: 'Báo cáo thử sổ đến hoangdong',
          handledBy: null,
          acknowledgedAt: null,
        }),
      ]);
    }
    // The issuer's own register of incoming documents does not hold what it sent.
    expect((await register('hoangdong.clerk')).body).toEqual([]);
    // A second report to the city takes the next number of the city's register.
    const mp = await issue('maipha');
    const city = (await register('tpls.officer')).body;
    expect(
      city.map((l: { incomingNumber: number; documentId: string }) => [
        l.incomingNumber,
        l.documentId,
      ]),
    ).toEqual([
      [1, hd.documentId],
      [2, mp.documentId],
    ]);
    // The register as PDF and Excel, with the decree's columns.
    const pdf = (
      await pdfText(
        await getFile('tpls.clerk', `/api/documents/incoming-register?year=${year}&format=pdf`),
      )
    ).replace(/\s+/g, ' ');
    for (const text of [
      'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN',
      'Số đến',
      'Tác giả',
      'Ký nhận',
      hd.number,
      mp.number,
    ])
      expect(pdf).toContain(text);
    const xlsx = await getFile(
      'tpls.clerk',
      `/api/documents/incoming-register?year=${year}&format=xlsx`,
    );
    const sheet = await firstSheet(xlsx);
    expect(sheet[1][0]).toBe('SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM ' + year);
    expect(sheet[3]).toEqual(INCOMING_REGISTER_COLUMNS);
    expect(sheet.slice(4).map((r) => [r[0], r[3]])).toEqual([
      ['1', hd.number],
      ['2', mp.number],
    ]);
  });

  it('only the receiving unit reads its register and acknowledges; admins may name a unit', async () => {
    expect(
      (await register('hoangdong.officer', `year=${year}&orgUnitId=${unit.TPLS}`)).status,
    ).toBe(404);
    expect((await register('sols.head', `year=${year}&orgUnitId=${unit.TPLS}`)).status).toBe(404);
    const admin = await register('admin', `year=${year}&orgUnitId=${unit.TPLS}`);
    expect(admin.status).toBe(200);
    expect(admin.body).toHaveLength(2);
    for (const user of [
      'hoangdong.officer',
      'hoangdong.head',
      'maipha.officer',
      'sols.officer',
      'admin',
    ]) {
      const res = await post(user, `/api/documents/${hd.documentId}/acknowledge`);
      expect({ user, status: res.status, code: res.body.code }).toEqual({
        user,
        status: 404,
        code: 'INCOMING_NOT_FOUND',
      });
    }
    const entries = (await get('admin', `/api/documents/${hd.documentId}`)).body.deliveries;
    expect(entries.every((d: { acknowledgedAt: unknown }) => d.acknowledgedAt === null)).toBe(true);
  });

  it('a receiving unit acknowledges (a second time is 409); the sender sees who and when', async () => {
    const ok = await post('quanglac.clerk', `/api/documents/${hd.documentId}/acknowledge`);
    expect(ok.status).toBe(200);
    const again = await post('quanglac.head', `/api/documents/${hd.documentId}/acknowledge`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DOCUMENT_ALREADY_ACKNOWLEDGED');
    const seen = (await get('hoangdong.officer', `/api/documents/${hd.documentId}`)).body;
    const byUnit = Object.fromEntries(
      seen.deliveries.map((d: { orgUnitId: string }) => [d.orgUnitId, d]),
    );
    expect(Object.keys(byUnit).sort()).toEqual([unit.QL, unit.TPLS].sort());
    expect(byUnit[unit.QL]).toMatchObject({
      incomingNumber: 1,
      acknowledgedBy: expect.any(String),
    });
    expect(new Date(byUnit[unit.QL].acknowledgedAt).getTime()).not.toBeNaN();
    expect(byUnit[unit.TPLS].acknowledgedAt).toBeNull();
    // A receiving unit sees its own delivery only.
    const mine = (await get('quanglac.officer', `/api/documents/${hd.documentId}`)).body.deliveries;
    expect(mine.map((d: { orgUnitId: string }) => d.orgUnitId)).toEqual([unit.QL]);
    // The report's ACKNOWLEDGE (Tiếp nhận) by the city acknowledges the city's register entry too.
    expect(
      (await fire(t, 'tpls.officer', hd.reportId, 'ACKNOWLEDGE', undefined, 'admin')).status,
    ).toBe(200);
    const after = (await get('hoangdong.clerk', `/api/documents/${hd.documentId}`)).body.deliveries;
    expect(
      after.find((d: { orgUnitId: string }) => d.orgUnitId === unit.TPLS).acknowledgedAt,
    ).not.toBeNull();
    const line = (await register('tpls.clerk')).body.find(
      (l: { documentId: string }) => l.documentId === hd.documentId,
    );
    expect(line.acknowledgedAt).not.toBeNull();
    expect((await post('tpls.clerk', `/api/documents/${hd.documentId}/acknowledge`)).status).toBe(
      409,
    );
  });

  it('the receiving unit names who handles the document: one of its own people, or nobody', async () => {
    const officer = (await t.login('tpls.officer')).user;
    const put = async (user: string, userId: string | null) =>
      t
        .http()
        .put(`/api/documents/${hd.documentId}/handler`)
        .set(await t.auth(user))
        .send({ userId });
    expect((await put('tpls.clerk', officer.id)).status).toBe(200);
    const line = (await register('tpls.head')).body[0];
    expect(line.handledBy).toEqual({ id: officer.id, fullName: officer.fullName });
    const outsider = (await t.login('hoangdong.officer')).user;
    const refused = await put('tpls.clerk', outsider.id);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('HANDLER_INVALID');
    expect((await put('hoangdong.head', officer.id)).status).toBe(404);
    expect((await put('tpls.clerk', null)).status).toBe(200);
    expect((await register('tpls.head')).body[0].handledBy).toBeNull();
  });

  const reason = 'Số liệu mục I.3 nhập nhầm, sẽ ban hành văn bản khác';

  it('only the issuing unit’s head withdraws, with a reason; a second withdrawal is 409', async () => {
    for (const user of ['hoangdong.officer', 'hoangdong.clerk', 'tpls.head', 'admin']) {
      const res = await post(user, `/api/documents/${hd.documentId}/withdraw`, { reason });
      expect({ user, status: res.status, code: res.body.code }).toEqual({
        user,
        status: 403,
        code: 'WITHDRAW_FORBIDDEN',
      });
    }
    expect(
      (await post('maipha.head', `/api/documents/${hd.documentId}/withdraw`, { reason })).status,
    ).toBe(404);
    expect(
      (await post('hoangdong.head', `/api/documents/${hd.documentId}/withdraw`, { reason: ' ' }))
        .status,
    ).toBe(422);
    const ok = await post('hoangdong.head', `/api/documents/${hd.documentId}/withdraw`, { reason });
    expect(ok.status).toBe(200);
    expect(ok.body.withdrawn).toEqual({ at: expect.any(String), reason });
    expect(ok.body.status).toBe(`Đã thu hồi: ${reason}`);
    const again = await post('hoangdong.head', `/api/documents/${hd.documentId}/withdraw`, {
      reason,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DOCUMENT_ALREADY_WITHDRAWN');
  });

  it('a withdrawn document: registers, archive list, document page and verify with its bytes all say so', async () => {
    const said = `Đã thu hồi: ${reason}`;
    // The document API and the archive list.
    expect(
      (await get('tpls.officer', `/api/documents/${hd.documentId}`)).body.withdrawn.reason,
    ).toBe(reason);
    const list = (await get('hoangdong.officer', `/api/documents?year=${year}`)).body;
    expect(list.find((d: { id: string }) => d.id === hd.documentId).status).toBe(said);
    // The incoming registers (JSON and PDF) and the outgoing register (PDF and Excel).
    const line = (await register('quanglac.clerk')).body[0];
    expect(line).toMatchObject({ withdrawn: { reason }, note: said });
    const incomingPdf = await pdfText(
      await getFile('quanglac.clerk', `/api/documents/incoming-register?year=${year}&format=pdf`),
    );
    expect(incomingPdf.replace(/\s+/g, ' ')).toContain('Đã thu hồi: Số liệu mục I.3');
    const outgoingPdf = await pdfText(
      await getFile(
        'hoangdong.clerk',
        `/api/documents/register?orgUnitId=${unit.HD}&year=${year}&format=pdf`,
      ),
    );
    expect(outgoingPdf.replace(/\s+/g, ' ')).toContain('Đã thu hồi: Số liệu mục I.3');
    const outgoingXlsx = await firstSheet(
      await getFile(
        'hoangdong.clerk',
        `/api/documents/register?orgUnitId=${unit.HD}&year=${year}&format=xlsx`,
      ),
    );
    const row = outgoingXlsx.find((r) => r[0] === hd.number)!;
    expect(row.at(-1)).toBe(said);
    // The archived bytes are unchanged, and verifying them says the original was withdrawn.
    const bytes = await getFile('hoangdong.officer', `/api/documents/${hd.documentId}/pdf`);
    const verified = await t
      .http()
      .post('/api/documents/verify')
      .set(await t.auth('quanglac.officer'))
      .set('Content-Type', 'application/pdf')
      .send(bytes);
    expect(verified.status).toBe(200);
    expect(verified.body.archived).toBe(true);
    expect(verified.body.message).toContain(said);
    expect(verified.body.document).toMatchObject({
      id: hd.documentId,
      withdrawn: { reason },
      status: said,
    });
    // The pages: the archive list, both registers on it, and the document's own page.
    const agent = await webAgent('hoangdong.head');
    const archive = await agent.get(`/archive?year=${year}`);
    expect(archive.status).toBe(200);
    expect(archive.text).toContain(said);
    const page = await agent.get(`/documents/${hd.documentId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(said);
    expect(page.text).not.toContain('id="withdraw-document"');
    const receiving = await webAgent('quanglac.clerk');
    const theirs = await receiving.get('/archive');
    expect(theirs.text).toContain('Sổ đăng ký văn bản đến');
    expect(theirs.text).toContain(said);
  });

  it('a replacement names the one it replaces; once issued, the original is marked as replaced', async () => {
    const mp = (await register('tpls.clerk')).body.find(
      (l: { issuer: string }) => l.issuer === 'Ủy ban nhân dân xã Mai Pha',
    );
    const pid = await periodId(t);
    const body = { periodId: pid, type: 'BC', title: 'Báo cáo thay thế', replaces: mp.documentId };
    expect((await post('hoangdong.officer', '/api/reports', body)).status).toBe(404);
    expect((await post('tpls.officer', '/api/reports', body)).status).toBe(403);
    const created = await post('maipha.officer', '/api/reports', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'draft', replacesDocumentId: mp.documentId });
    // It starts from what was issued: the cells of the replaced report.
    expect(created.body.data['01/TE'].POP.y2024).toBe(8000);
    expect((await post('maipha.officer', '/api/reports', body)).status).toBe(409);
    // The demo's 2024 original of Hoàng Đồng: its period is closed, nothing replaces it there.
    const legacy = (await get('hoangdong.officer', `/api/documents?year=2024&orgUnitId=${unit.HD}`))
      .body[0];
    const closed = await post('hoangdong.officer', '/api/reports', {
      periodId: (await get('hoangdong.officer', `/api/reports/${legacy.reportId}`)).body.periodId,
      type: 'BC',
      title: 'Thay thế văn bản của kỳ đã khóa',
      replaces: legacy.id,
    });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('PERIOD_CLOSED');
    const old = (await get('maipha.officer', `/api/documents/${mp.documentId}`)).body;
    expect((await fire(t, 'tpls.officer', old.reportId, 'RETURN', 'Sai')).status).toBe(409);
    expect(old.replacedBy).toBeUndefined();

    const issued = await reissue('maipha', created.body.id);
    const marked = (await get('maipha.officer', `/api/documents/${mp.documentId}`)).body;
    expect(marked.replacedBy).toEqual({ documentId: issued.documentId, numberText: issued.number });
    expect(marked.status).toBe(`Đã được thay thế bởi văn bản số ${issued.number}`);
    const bytes = await getFile('maipha.officer', `/api/documents/${mp.documentId}/pdf`);
    const verified = await t
      .http()
      .post('/api/documents/verify')
      .set(await t.auth('maipha.officer'))
      .set('Content-Type', 'application/pdf')
      .send(bytes);
    expect(verified.body.message).toContain(`Đã được thay thế bởi văn bản số ${issued.number}`);
    // The city's register holds both, the first marked.
    const city = (await register('tpls.clerk')).body;
    expect(city.find((l: { documentId: string }) => l.documentId === mp.documentId).note).toBe(
      `Đã được thay thế bởi văn bản số ${issued.number}`,
    );
    expect(city.at(-1)).toMatchObject({ documentId: issued.documentId, incomingNumber: 3 });
    // The city's clerk acknowledges the replacement on its page; the sender's page shows it.
    const clerk = await webAgent('tpls.clerk');
    const page = await clerk.get(`/documents/${issued.documentId}`);
    expect(page.text).toContain('id="acknowledge-document"');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const done = await clerk
      .post(`/documents/${issued.documentId}/acknowledge`)
      .type('form')
      .send({ _csrf: csrf });
    expect(done.status).toBe(303);
    const twice = await clerk
      .post(`/documents/${issued.documentId}/acknowledge`)
      .type('form')
      .send({ _csrf: csrf });
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('Văn bản đã được');
    const sender = await (await webAgent('maipha.officer')).get(`/documents/${issued.documentId}`);
    expect(sender.text).toMatch(
      /Ủy ban nhân dân thành phố Lạng Sơn<\/td><td>3<\/td><td>[^<]+<\/td><td>Đã tiếp nhận/,
    );
    const original = await (await webAgent('maipha.officer')).get(`/documents/${mp.documentId}`);
    expect(original.text).toContain(
      `Đã được thay thế bởi văn bản số <a href="/documents/${issued.documentId}">${issued.number}</a>`,
    );
  });

  it('a report returned after issue and issued again marks its first original as replaced', async () => {
    const first = await issue('quanglac');
    expect(
      (await fire(t, 'tpls.officer', first.reportId, 'RETURN', 'Bổ sung số liệu')).status,
    ).toBe(200);
    const second = await reissue('quanglac', first.reportId);
    expect(second.documentId).not.toBe(first.documentId);
    const doc = (await get('quanglac.officer', `/api/documents/${first.documentId}`)).body;
    expect(doc.replacedBy).toEqual({ documentId: second.documentId, numberText: second.number });
    expect(
      (await get('quanglac.officer', `/api/documents/${second.documentId}`)).body.replacedBy,
    ).toBeUndefined();
  });

  /** The cells of a workbook's first sheet as text, row by row. */
  async function firstSheet(bytes: Buffer): Promise<string[][]> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as never);
    const rows: string[][] = [];
    wb.worksheets[0].eachRow({ includeEmpty: true }, (r, n) => {
      rows[n - 1] = (r.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)));
    });
    return Array.from(rows, (r) => r ?? []);
  }

  async function webAgent(username: string) {
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
});
