import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import jpeg from 'jpeg-js';
import { Client } from 'pg';
import { pdfText } from '../support/pdf';
import { binary } from '../support/http';
import {
  PNG_SIGNATURE,
  byteRangeBomb,
  docxWithBody,
  zipBombDocx,
  manyRowsWorkbook,
  manyStringsWorkbook,
  whitePng,
  zipBombWorkbook,
} from '../support/hostile-files';
import { startHealthProbe } from '../support/health-probe';
import { ServerApp, startServerApp } from '../support/server-app';
import { draftReport, fire } from '../support/workflow';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** What the issue asks of /api/health while an attack runs. */
const HEALTH_BUDGET_MS = 200;

/**
 * Issue 14, findings 1, 2, 3 and 12: the attacks that froze or bloated the server, sent again
 * through HTTP. Each is now answered — at once, with the right status and a Vietnamese reason — and
 * for 1–3 /api/health, called while the attack runs, answers within 200 ms.
 */
/**
 * These tests time wall-clock answers on a small shared machine: one garbage collection or
 * scheduler pause can push a single health call past 200 ms. A test is run once more when it fails
 * (each attempt a full attack: a new version of the draft, so nothing is served from a cache); two
 * failures in a row fail the suite.
 */
jest.retryTimes(1, { logErrorsBeforeRetry: true });

/** Each commune's draft, made once: a retried test reuses it (one report per unit and period). */
const drafts = new Map<string, { id: string; version: number }>();

describe('Hostile input to the parsers (e2e)', () => {
  let t: ServerApp;
  /** The server process's resident memory, bytes. */
  const serverRss = () =>
    Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${t.pid}/status`, 'utf8'))![1]) * 1024;

  beforeAll(async () => {
    // The server in a process of its own: what is timed and measured is the server, not this test.
    t = await startServerApp({ LOGIN_THROTTLE_LIMIT: '1000' });
    // Signed in beforehand, and the worker threads started, so that the probes time the attacks.
    await t.auth('admin');
    await t.auth('hoangdong.officer');
    await t
      .http()
      .post('/api/documents/verify')
      .set(await t.auth('admin'))
      .set('Content-Type', 'application/pdf')
      .send(Buffer.from('%PDF-1.4\n'));
    // The first health check starts Chromium (the renderer is part of it): not what is timed here.
    expect((await t.http().get('/api/health')).status).toBe(200);
  });
  afterAll(() => t.close());

  /**
   * Runs `attack` while a process of its own calls /api/health one call after the other (each must
   * answer 200). Answers the attack's answers, how long it took, each health latency and the
   * server's peak resident memory meanwhile.
   */
  async function underAttack<T>(attack: () => PromiseLike<T>) {
    const probe = await startHealthProbe(t.server.url);
    const started = performance.now();
    let peakRss = serverRss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, serverRss())), 20);
    let result: T;
    try {
      result = await attack();
    } finally {
      clearInterval(sampler);
    }
    const ms = Math.round(performance.now() - started);
    const { times: health, bad } = await probe.stop();
    expect(bad).toBeNull();
    return { result, ms, health, peakRss };
  }

  const draftOf = async (officer: string) => {
    if (!drafts.has(officer)) drafts.set(officer, await draftReport(t, officer));
    const id = drafts.get(officer)!.id;
    const current = await t
      .http()
      .get(`/api/reports/${id}`)
      .set(await t.auth(officer));
    return { id, version: current.body.version as number };
  };

  const report = (label: string, r: { ms: number; health: number[]; peakRss?: number }) =>
    // The figures the issue asks for, in the test output.
    console.log(
      `${label}: answered in ${r.ms} ms; /api/health ×${r.health.length}, slowest ${Math.max(...r.health)} ms [${r.health.join(' ')}]`,
    );

  it('1. verifies a "PDF" of thousands of /ByteRange entries at once, the server answering meanwhile', async () => {
    const admin = await t.auth('admin');
    const verify = (body: Buffer) =>
      t
        .http()
        .post('/api/documents/verify')
        .set(admin)
        .set('Content-Type', 'application/pdf')
        .send(body);
    // The observed attack (35 KB: 7.9 s, the loop blocked), and the same near the 5 MB limit (hours).
    const small = byteRangeBomb(1500);
    const large = byteRangeBomb(175_000);
    expect(small.length).toBeGreaterThan(35_000);
    expect(large.length).toBeGreaterThan(4_500_000);
    expect(large.length).toBeLessThan(5 * 1024 * 1024);
    const r = await underAttack(() =>
      Promise.all([verify(small), verify(large), verify(large), verify(large)]),
    );
    report('verify of /ByteRange bombs', r);
    for (const res of r.result) {
      expect(res.status).toBe(200);
      expect(res.body.archived).toBe(false);
      expect(res.body.signatureStatus).toBe('invalid');
      expect(res.body.signatureMessage).toMatch(/không hợp lệ/);
      // Bounded: a file has at most 20 signature dictionaries read.
      expect(res.body.signatures.length).toBeGreaterThan(0);
      expect(res.body.signatures.length).toBeLessThanOrEqual(20);
    }
    expect(r.ms).toBeLessThan(10_000);
    expect(r.health.length).toBeGreaterThan(0);
    expect(Math.max(...r.health)).toBeLessThan(HEALTH_BUDGET_MS);
  }, 120_000);

  it('2. previews a narrative of 200,000 characters of " **x", the server answering meanwhile', async () => {
    const officer = await t.auth('hoangdong.officer');
    const draft = await draftOf('hoangdong.officer');
    const narrative = ' **x'.repeat(50_000);
    expect(narrative.length).toBe(200_000);
    const saved = await t
      .http()
      .patch(`/api/reports/${draft.id}`)
      .set(officer)
      .send({ version: draft.version, narrative, title: `Báo cáo (lần ${draft.version})` });
    expect(saved.status).toBe(200);
    const r = await underAttack(() =>
      t.http().get(`/api/reports/${draft.id}/pdf`).set(officer).buffer(true).parse(binary),
    );
    report('draft preview of the " **x" narrative', r);
    expect(r.result.status).toBe(200);
    expect(r.result.headers['content-type']).toMatch(/application\/pdf/);
    expect(r.result.headers['x-document-status']).toBe('draft-preview');
    // Printed as typed: no "**" pair around non-blank text, so no bold.
    expect(pdfText(r.result.body).replace(/\s+/g, ' ')).toContain('**x **x **x');
    expect(r.health.length).toBeGreaterThan(0);
    expect(Math.max(...r.health)).toBeLessThan(HEALTH_BUDGET_MS);
  }, 120_000);

  it('3. refuses Excel bombs at their limit, for form data and for the admin import, the server answering and not growing', async () => {
    const officer = await t.auth('maipha.officer');
    const admin = await t.auth('admin');
    const draft = await draftOf('maipha.officer');
    const good = (
      await t
        .http()
        .get(`/api/reports/${draft.id}/forms/01%2FTE/xlsx`)
        .set(officer)
        .buffer(true)
        .parse(binary)
    ).body as Buffer;
    // 1 MB that inflates to 1 GiB (the directory declares the sheet's real size); an honest 5 MB
    // workbook of 1,000,000 rows; an honest table of 1,500,000 shared strings.
    const attacks = {
      bomb: await zipBombWorkbook(good, 1024),
      rows: await manyRowsWorkbook(good, 1_000_000),
      strings: await manyStringsWorkbook(good, 1_500_000),
    };
    for (const bytes of Object.values(attacks)) expect(bytes.length).toBeLessThan(5 * 1024 * 1024);
    const refusals = {
      bomb: /quá lớn khi giải nén \(giới hạn \d+ MB\)/,
      rows: /dài hơn 270 dòng, quá dài so với mẫu 01\/TE|hơn 20\.000 dòng/,
      strings: /hơn [\d.]+ chuỗi văn bản/,
    };
    const put = (body: Buffer) =>
      t
        .http()
        .put(`/api/reports/${draft.id}/forms/01%2FTE/xlsx?version=${draft.version}`)
        .set(officer)
        .set('Content-Type', XLSX)
        .send(body);
    const importNow = (body: Buffer) =>
      t.http().post('/api/admin/import').set(admin).set('Content-Type', XLSX).send(body);
    const baseRss = serverRss();
    for (const [name, bytes] of Object.entries(attacks) as [keyof typeof attacks, Buffer][]) {
      const r = await underAttack(() => Promise.all([put(bytes), importNow(bytes)]));
      report(
        `Excel ${name} (form upload and admin import); peak RSS +${Math.round((r.peakRss - baseRss) / 1048576)} MB`,
        r,
      );
      const [form, imported] = r.result;
      expect([name, form.status, form.body.code]).toEqual([name, 400, 'WORKBOOK_UNREADABLE']);
      expect(form.body.message).toMatch(refusals[name]);
      expect([name, imported.status, imported.body.code]).toEqual([name, 400, 'IMPORT_UNREADABLE']);
      expect(imported.body.message).toMatch(refusals[name]);
      expect(r.ms).toBeLessThan(15_000);
      expect(r.health.length).toBeGreaterThan(0);
      expect(Math.max(...r.health)).toBeLessThan(HEALTH_BUDGET_MS);
      // Before: 256 MB → 1.3 GB for the bomb, 2.1 GB for the million rows.
      expect(r.peakRss - baseRss).toBeLessThan(400 * 1024 * 1024);
    }
    // Nothing was written; the report's data is as it was.
    const after = await t.http().get(`/api/reports/${draft.id}`).set(officer);
    expect(after.body.version).toBe(draft.version);
  }, 240_000);

  it('12. refuses signature images that are not what their first bytes say or too large, stores the rest as PNG', async () => {
    const admin = await t.auth('admin');
    const head = (await t.login('quanglac.head')).user.id;
    const db = new Client({ connectionString: t.db.url });
    await db.connect();
    try {
      const images = async () =>
        (await db.query('SELECT count(*)::int AS n FROM signing_image')).rows[0].n as number;
      const before = await images();
      const upload = (image: Buffer, ownerKind = 'user', ownerId = head) =>
        t
          .http()
          .post('/api/signing-images')
          .set(admin)
          .send({ ownerKind, ownerId, image: image.toString('base64') });
      const svg = Buffer.concat([
        PNG_SIGNATURE,
        Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
        ),
      ]);
      const html = Buffer.concat([
        Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
        Buffer.from('<html><body><script>alert(1)</script></body></html>'),
      ]);
      const huge = await whitePng(20_000, 20_000); // 400 MB once decoded
      expect(huge.length).toBeLessThan(500 * 1024);
      const expected: [Buffer, RegExp][] = [
        [svg, /không phải là ảnh PNG hợp lệ/],
        [html, /không phải là ảnh JPEG hợp lệ/],
        [huge, /20\.000 × 20\.000 điểm ảnh, vượt quá giới hạn 2\.000 × 2\.000/],
      ];
      for (const [image, message] of expected) {
        const r = await underAttack(() => upload(image));
        report('hostile signature image', r);
        expect(r.result.status).toBe(422);
        expect(r.result.body.code).toBe('VALIDATION_FAILED');
        expect(r.result.body.errors).toEqual([{ field: 'image', message: expect.any(String) }]);
        expect(r.result.body.errors[0].message).toMatch(message);
      }
      expect(await images()).toBe(before);

      // A real JPEG is decoded and stored as the PNG of its pixels.
      const photo = Buffer.from(
        jpeg.encode({ data: Buffer.alloc(300 * 100 * 4, 90), width: 300, height: 100 }, 85).data,
      );
      const ok = await upload(photo);
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ mimeType: 'image/png', width: 300, height: 100 });
      const stored = await db.query(
        'SELECT mime_type, data FROM signing_image WHERE owner_id = $1 ORDER BY created_at DESC LIMIT 1',
        [head],
      );
      expect(stored.rows[0].mime_type).toBe('image/png');
      expect((stored.rows[0].data as Buffer).subarray(0, 8)).toEqual(PNG_SIGNATURE);

      // A hostile seal stored before uploads were checked is left out of the next issue, which
      // took 9.7 s and made a 1.4 MB PDF.
      const unit = (await t.http().get('/api/org-units').set(admin)).body.find(
        (u: any) => u.code === 'QL',
      ).id;
      await db.query(
        `INSERT INTO signing_image (owner_kind, owner_id, mime_type, data) VALUES ('orgUnit', $1, 'image/png', $2)`,
        [unit, huge],
      );
      const draft = await draftReport(t, 'quanglac.officer');
      expect((await fire(t, 'quanglac.officer', draft.id, 'REQUEST_SIGNATURE')).status).toBe(200);
      expect((await fire(t, 'quanglac.head', draft.id, 'SIGN')).status).toBe(200);
      const issued = await underAttack(() => fire(t, 'quanglac.clerk', draft.id, 'SUBMIT'));
      report('issue with a hostile legacy seal', issued);
      expect(issued.result.status).toBe(200);
      const pdf = (
        await t
          .http()
          .get(`/api/reports/${draft.id}/pdf`)
          .set(await t.auth('quanglac.officer'))
          .buffer(true)
          .parse(binary)
      ).body as Buffer;
      expect(pdf.length).toBeLessThan(1024 * 1024);
    } finally {
      await db.end();
    }
  }, 180_000);

  it('refuses hostile Word copies of a draft (zip bomb, a million paragraphs, tables nested deep), the server answering and not growing', async () => {
    const officer = await t.auth('hoangdong.officer');
    const draft = await draftOf('hoangdong.officer');
    const good = (
      await t.http().get(`/api/reports/${draft.id}/docx`).set(officer).buffer(true).parse(binary)
    ).body as Buffer;
    const attacks = {
      // 1 MB that inflates to 1 GiB, the directory declaring the honest size.
      bomb: await zipBombDocx(good, 1024),
      paragraphs: await docxWithBody(good, '<w:p><w:r><w:t>x</w:t></w:r></w:p>'.repeat(1_000_000)),
      nested: await docxWithBody(good, '<w:tbl><w:tr><w:tc>'.repeat(100_000)),
    };
    for (const bytes of Object.values(attacks)) expect(bytes.length).toBeLessThan(5 * 1024 * 1024);
    const refusals = {
      bomb: /quá lớn khi giải nén/,
      paragraphs: /quá nhiều đoạn/,
      nested: /quá nhiều đoạn hoặc ô bảng/,
    };
    const put = (body: Buffer, query: string) =>
      t
        .http()
        .put(`/api/reports/${draft.id}/docx?${query}`)
        .set(officer)
        .set('Content-Type', DOCX)
        .send(body);
    const baseRss = serverRss();
    for (const [name, bytes] of Object.entries(attacks) as [keyof typeof attacks, Buffer][]) {
      const r = await underAttack(() =>
        Promise.all([put(bytes, 'preview=1'), put(bytes, `version=${draft.version}`)]),
      );
      report(
        `Word ${name} (preview and save); peak RSS +${Math.round((r.peakRss - baseRss) / 1048576)} MB`,
        r,
      );
      for (const res of r.result) {
        expect([name, res.status, res.body.code]).toEqual([name, 400, 'DOCX_UNREADABLE']);
        expect(res.body.message).toMatch(refusals[name]);
      }
      expect(r.ms).toBeLessThan(15_000);
      expect(r.health.length).toBeGreaterThan(0);
      expect(Math.max(...r.health)).toBeLessThan(HEALTH_BUDGET_MS);
      expect(r.peakRss - baseRss).toBeLessThan(400 * 1024 * 1024);
    }
    const after = await t.http().get(`/api/reports/${draft.id}`).set(officer);
    expect(after.body.version).toBe(draft.version);
  }, 240_000);
});
