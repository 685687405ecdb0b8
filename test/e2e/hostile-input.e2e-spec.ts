import { createHmac, generateKeyPairSync, createSign } from 'node:crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { Client } from 'pg';
import { pdfText } from '../support/pdf';
import { startTestApp, TestApp, TEST_JWT_SECRET } from '../support/test-app';
import { draftReport, periodId } from '../support/workflow';
import { binary } from '../support/http';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** Everything a hostile request could have written: row counts and the sum of report versions. */
async function fingerprint(url: string): Promise<string> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const tables = [
      'org_unit',
      'app_user',
      'form_definition',
      'reporting_period',
      'report',
      'report_cell',
      'report_history',
      'report_signature',
      'issued_document',
      'consolidation_source',
    ];
    const counts = await Promise.all(
      tables.map(
        async (tb) => `${tb}=${(await c.query(`SELECT count(*)::int AS n FROM ${tb}`)).rows[0].n}`,
      ),
    );
    const versions = (
      await c.query(
        `SELECT coalesce(sum(version), 0)::int AS v, coalesce(string_agg(md5(title || narrative || recipients::text), ',' ORDER BY id), '') AS h FROM report`,
      )
    ).rows[0];
    const cells = (
      await c.query(
        `SELECT coalesce(md5(string_agg(report_id || form_code || row_key || column_key || coalesce(num::text, text, bool::text), ',' ORDER BY report_id, form_code, row_key, column_key)), '') AS h FROM report_cell`,
      )
    ).rows[0].h;
    return [...counts, `versions=${versions.v}`, `content=${versions.h}`, `cells=${cells}`].join(
      ' ',
    );
  } finally {
    await c.end();
  }
}

describe('Hostile input (e2e)', () => {
  let t: TestApp;
  let reportId: string;
  let version: number;
  let before: string;
  let officer: { Authorization: string };

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_THROTTLE_LIMIT: '1000' });
    const r = await draftReport(t, 'hoangdong.officer');
    reportId = r.id;
    version = r.version;
    officer = await t.auth('hoangdong.officer');
    await t.auth('admin');
    before = await fingerprint(t.db.url);
  });
  afterEach(async () => {
    // No hostile request may have written anything.
    expect(await fingerprint(t.db.url)).toBe(before);
  });
  afterAll(() => t.close());

  const jsonRoutes = () =>
    [
      ['POST', '/api/forms', 'admin'],
      ['POST', '/api/periods', 'admin'],
      ['POST', '/api/reports', 'hoangdong.officer'],
      ['PATCH', `/api/reports/${reportId}`, 'hoangdong.officer'],
      ['POST', `/api/reports/${reportId}/events`, 'hoangdong.officer'],
      ['POST', '/api/consolidations', 'tpls.officer'],
      ['POST', '/api/auth/login', null],
    ] as const;

  const send = async (
    method: string,
    path: string,
    user: string | null,
    body: string | Buffer,
    type = 'application/json',
  ) => {
    const req = t.http()[method.toLowerCase() as 'post'](path).set('Content-Type', type);
    if (user) req.set(await t.auth(user));
    return req.send(body);
  };

  it('answers malformed JSON with 400 on every route that takes JSON', async () => {
    for (const [m, p, u] of jsonRoutes()) {
      for (const body of ['{"a":', '{a: 1}', "{'x': 1}", '[1,2', '\u0000{}', '{"version": 1,}']) {
        const res = await send(m, p, u, body);
        expect([`${m} ${p}`, res.status, res.body.code]).toEqual([
          `${m} ${p}`,
          400,
          'MALFORMED_JSON',
        ]);
      }
    }
  });

  it('refuses wrong types and unknown fields with 400/422 and a Vietnamese message', async () => {
    const bodies = [
      [],
      'chuỗi',
      42,
      null,
      { version: '1' },
      { version: 1, extra: true },
      { version: 1, data: 'x' },
      { version: 1, data: { '01/TE': [] } },
      { type: 'SIGN', version: '1' },
      { periodId: 42 },
      { periodId: ["' OR 1=1 --"] },
    ];
    for (const [m, p, u] of jsonRoutes()) {
      for (const body of bodies) {
        const res = await send(m, p, u, JSON.stringify(body));
        expect([
          `${m} ${p} ${JSON.stringify(body)}`,
          [400, 401, 403, 422].includes(res.status),
        ]).toEqual([`${m} ${p} ${JSON.stringify(body)}`, true]);
        expect(res.body.message).toMatch(/[À-ỹ]/);
      }
    }
  });

  it('answers a huge body with 413 and deeply nested JSON without a server error', async () => {
    const huge = JSON.stringify({ version, narrative: 'x'.repeat(3 * 1024 * 1024) });
    for (const [m, p, u] of jsonRoutes()) {
      expect((await send(m, p, u, huge)).status).toBe(413);
      const deep = '['.repeat(200000) + ']'.repeat(200000);
      const res = await send(m, p, u, deep);
      expect([`${m} ${p}`, [400, 401, 403, 413, 422].includes(res.status)]).toEqual([
        `${m} ${p}`,
        true,
      ]);
      const deepObj = JSON.stringify({
        version,
        data: JSON.parse('{"a":'.repeat(2000) + '1' + '}'.repeat(2000)),
      });
      const res2 = await send(m, p, u, deepObj);
      expect([`${m} ${p}`, res2.status < 500]).toEqual([`${m} ${p}`, true]);
    }
    expect((await t.http().get('/api/health')).status).toBe(200);
  });

  it('treats SQL-injection and path-traversal strings in filters, ids and codes as plain data', async () => {
    const evil = [
      "' OR '1'='1",
      "'; DROP TABLE report; --",
      '../../../../etc/passwd',
      '..%2F..%2Fetc%2Fpasswd',
      '%00',
      '\\',
      '%_%',
      "01/TE' --",
    ];
    for (const s of evil) {
      const e = encodeURIComponent(s);
      for (const path of [
        `/api/reports?periodId=${e}`,
        `/api/reports?state=${e}`,
        `/api/reports?orgUnitId=${e}`,
        `/api/documents?year=${e}`,
        `/api/documents?orgUnitId=${e}`,
      ]) {
        expect([path, (await t.http().get(path).set(officer)).status]).toEqual([path, 422]);
      }
      const q = await t.http().get(`/api/documents?q=${e}`).set(officer);
      expect(q.status).toBe(200);
      expect(q.body).toEqual([]);
      for (const path of [
        `/api/forms/${e}`,
        `/api/reports/${e}`,
        `/api/periods/${e}`,
        `/api/documents/${e}`,
        `/api/reports/${reportId}/forms/${e}/xlsx`,
        `/api/documents/${e}/pdf`,
        `/api/periods/${e}/status`,
      ]) {
        const res = await t.http().get(path).set(officer);
        expect([path, [404, 422].includes(res.status)]).toEqual([path, true]);
      }
      const prov = await t
        .http()
        .get(`/api/reports/${reportId}/provenance?form=${e}&row=${e}&column=${e}`)
        .set(officer);
      expect([400, 404, 422].includes(prov.status)).toBe(true);
    }
    const reg = await t
      .http()
      .get(`/api/documents/register?orgUnitId=${encodeURIComponent("' OR 1=1 --")}&year=2024`)
      .set(officer);
    expect(reg.status).toBe(404);
  });

  it('refuses tampered, expired, unsigned and wrong-algorithm tokens', async () => {
    const { accessToken } = await t.login('hoangdong.head');
    const [, p] = accessToken.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const hs = (alg: string, hash: string, secret = TEST_JWT_SECRET, body = payload) => {
      const unsigned = `${b64({ alg, typ: 'JWT' })}.${b64(body)}`;
      return `${unsigned}.${createHmac(hash, secret).update(unsigned).digest('base64url')}`;
    };
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsUnsigned = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}`;
    const rs = `${rsUnsigned}.${createSign('RSA-SHA256').update(rsUnsigned).sign(privateKey).toString('base64url')}`;
    const tokens = [
      hs('HS512', 'sha512'),
      hs('HS384', 'sha384'),
      rs,
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`,
      hs('HS256', 'sha256', TEST_JWT_SECRET, {
        ...payload,
        exp: Math.floor(Date.now() / 1000) - 10,
      }),
      hs('HS256', 'sha256', TEST_JWT_SECRET, { ...payload, sub: "' OR 1=1 --" }),
      hs('HS256', 'sha256', 'wrong-secret-wrong-secret-wrong-secret'),
      accessToken.slice(0, -2) + 'xx',
      `${accessToken}.extra`,
    ];
    for (const token of tokens) {
      const res = await t
        .http()
        .post(`/api/reports/${reportId}/events`)
        .set('Authorization', `Bearer ${token}`)
        .send({ type: 'REQUEST_SIGNATURE', version });
      expect(res.status).toBe(401);
    }
  });

  it('refuses malformed, oversized and zip-bomb workbooks without writing anything', async () => {
    const put = (body: Buffer) =>
      t
        .http()
        .put(`/api/reports/${reportId}/forms/01%2FTE/xlsx`)
        .set(officer)
        .set('Content-Type', XLSX)
        .send(body);
    expect((await put(Buffer.from('không phải tệp Excel'))).status).toBe(400);
    const notWorkbook = new JSZip();
    notWorkbook.file('hello.txt', 'xin chào');
    expect((await put(await notWorkbook.generateAsync({ type: 'nodebuffer' }))).status).toBe(400);
    const good = (
      await t
        .http()
        .get(`/api/reports/${reportId}/forms/01%2FTE/xlsx`)
        .set(officer)
        .buffer(true)
        .parse(binary)
    ).body as Buffer;
    expect((await put(good.subarray(0, Math.floor(good.length / 2)))).status).toBe(400);
    // A zip bomb: the sheet inflates to ~300 MB from a few hundred KB.
    const bomb = await JSZip.loadAsync(good);
    const sheetName = Object.keys(bomb.files).find((f) =>
      /xl\/worksheets\/sheet\d+\.xml$/.test(f),
    )!;
    bomb.file(
      sheetName,
      '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
        ' '.repeat(300 * 1024 * 1024) +
        '</sheetData></worksheet>',
    );
    const bombBytes = await bomb.generateAsync({
      type: 'nodebuffer',
      compression: 'DEFLATE',
      compressionOptions: { level: 9 },
    });
    expect(bombBytes.length).toBeLessThan(5 * 1024 * 1024);
    const res = await put(bombBytes);
    expect(res.status).toBe(400);
    expect((await put(Buffer.alloc(6 * 1024 * 1024, 1))).status).toBe(413);
    expect((await t.http().get('/api/health')).status).toBe(200);
    // A workbook with formulas and HTML in the cells is read as values, never executed.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(good as never);
    const ws = wb.worksheets[0];
    ws.eachRow((row) =>
      row.eachCell((c) => {
        if (c.value === 'I.2')
          row.getCell(4).value = {
            formula: 'HYPERLINK("http://127.0.0.1/x","<script>alert(1)</script>")',
          } as never;
      }),
    );
    const evil = await put(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(evil.status).toBe(422);
  }, 60000);

  it('shows script and HTML typed into text fields as text in the PDF', async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const p = await t
      .http()
      .post('/api/reports')
      .set(await t.auth('maipha.officer'))
      .send({ periodId: await periodId(t), type: 'BC', title: `Báo cáo ${hostile}` });
    const v = p.body.version;
    await t
      .http()
      .patch(`/api/reports/${p.body.id}`)
      .set(await t.auth('maipha.officer'))
      .send({
        version: v,
        recipients: [{ name: `Nơi nhận ${hostile}` }],
        narrative: `I. MỤC ${hostile}\n\n**${hostile}** *${hostile}*`,
      })
      .expect(200);
    const pdf = (
      await t
        .http()
        .get(`/api/reports/${p.body.id}/pdf`)
        .set(await t.auth('maipha.officer'))
        .buffer(true)
        .parse(binary)
    ).body;
    const text = pdfText(pdf).replace(/[\s\u00a0]+/g, ' ');
    expect(text).toContain(`Báo cáo ${hostile}`);
    expect(text).toContain(`Nơi nhận ${hostile}`);
    expect(text).toContain(`I. MỤC ${hostile}`);
    // (the report written here is not hostile input: refresh the fingerprint baseline)
    before = await fingerprint(t.db.url);
  });
});
