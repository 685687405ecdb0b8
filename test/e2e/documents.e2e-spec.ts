import { createHash } from 'node:crypto';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { vietnamDate, vietnamYear } from '@app/common';
import { MM, pdfFonts, pdfInfo, pdfText, pdfWords } from '../support/pdf';
import { expectPageNumbers, pageTops } from '../support/pdf-pages';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire } from '../support/workflow';
import { binary } from '../support/http';

/** "Hoàng Đồng, ngày 05 tháng 02 năm 2024": day < 10 and months 1–2 take a leading zero. */
function expectedDateLine(place: string, iso: string) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${place}, ngày ${String(d).padStart(2, '0')} tháng ${m <= 2 ? String(m).padStart(2, '0') : m} năm ${y}`;
}

/** A local listener that records every request it gets: proof that nothing was fetched. */
async function listener() {
  const hits: string[] = [];
  const srv = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('x');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    hits,
    port: (srv.address() as AddressInfo).port,
    close: () => new Promise((r) => srv.close(r)),
  };
}

describe('Issuing official documents (e2e)', () => {
  let t: TestApp;
  let reportId: string;
  let issued: any;
  let pdf: Buffer;
  let units: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    const list = (
      await t
        .http()
        .get('/api/org-units')
        .set(await t.auth('admin'))
    ).body;
    units = Object.fromEntries(list.map((u: any) => [u.code, u.id]));
    const report = await draftReport(
      t,
      'hoangdong.officer',
      'Kết quả công tác trẻ em 6 tháng đầu năm 2024 và phương hướng nhiệm vụ 6 tháng cuối năm 2024',
      {
        '01/TE': {
          POP: { y2024: 8000 },
          'I.1': { y2024: 2050 },
          'I.3': { y2024: 600 },
          'I.3.a': { y2024: 450 },
          'VII.4': { y2024: '45,5' },
          'VII.4.1': { y2024: 20 },
          'VII.4.2': { y2024: '25,5' },
        },
        '02/TE': { 'I.3': { y2024: true }, 'I.4': { y2024: false } },
        '03/TE': { 'I.1': { c1: 2050, c3: 12 }, 'II.4': { c1: 31, c3: 9 } },
      },
    );
    reportId = report.id;
    await t
      .http()
      .patch(`/api/reports/${reportId}`)
      .set(await t.auth('hoangdong.officer'))
      .send({
        version: report.version,
        recipients: [
          { orgUnitId: units.TPLS, name: 'Phòng Lao động - Thương binh và Xã hội thành phố' },
          { name: 'TT Đảng ủy (b/c)' },
          { orgUnitId: units.MP },
        ],
        narrative:
          'I. ĐẶC ĐIỂM TÌNH HÌNH\n\n1. Tình hình trẻ em\n\nToàn xã có **2.050** trẻ em dưới 16 tuổi.\n\n- Tổ chức tốt Tháng hành động vì trẻ em.\n\nII. KẾT QUẢ THỰC HIỆN\n\nNội dung <script>alert(1)</script> và <img src=x onerror=alert(2)>.',
      })
      .expect(200);
    expect((await fire(t, 'hoangdong.officer', reportId, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, 'hoangdong.head', reportId, 'SIGN')).status).toBe(200);
    const submitted = await fire(t, 'hoangdong.clerk', reportId, 'SUBMIT');
    expect(submitted.status).toBe(200);
    issued = submitted.body;
    pdf = (
      await t
        .http()
        .get(`/api/reports/${reportId}/pdf`)
        .set(await t.auth('hoangdong.officer'))
        .buffer(true)
        .parse(binary)
    ).body;
  });
  afterAll(() => t.close());

  it('numbers the document 01/BC-UBND for the unit and year and shows it on the report', () => {
    expect(issued).toMatchObject({
      state: 'submitted',
      number: '01/BC-UBND',
      issuedAt: expect.any(String),
      documentId: expect.any(String),
    });
  });

  it('lays the issued BC out as the decree says (text extracted from the PDF)', () => {
    const text = pdfText(pdf).replace(/[\s\u00a0]+/g, ' ');
    const today = vietnamDate(new Date(issued.issuedAt));
    for (const s of [
      'ỦY BAN NHÂN DÂN',
      'XÃ HOÀNG ĐỒNG',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 01/BC-UBND',
      expectedDateLine('Hoàng Đồng', today),
      'BÁO CÁO',
      'Kết quả công tác trẻ em 6 tháng đầu năm 2024',
      'Nơi nhận:',
      '- Phòng Lao động - Thương binh và Xã hội thành phố;',
      '- Lưu: VT, VHXH.',
      'KT. CHỦ TỊCH',
      'PHÓ CHỦ TỊCH',
      'Hoàng Quốc Thành',
      'Phụ lục I',
      'THỐNG KÊ SỐ LIỆU CƠ BẢN VỀ CÔNG TÁC TRẺ EM',
      'Kèm theo Báo cáo số 01/BC-UBND',
      'Số trẻ em dưới 16 tuổi',
      '8.000',
      '2.050',
      '25,63',
      '45,5',
      'Phụ lục III',
      'THỐNG KÊ TRẺ EM CÓ HOÀN CẢNH ĐẶC BIỆT',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('DỰ THẢO');
    // What a user typed as HTML is shown as text, never interpreted.
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('<img src=x onerror=alert(2)>');
  });

  it('is A4, embeds every font, and keeps text 30 mm from the left edge', () => {
    const info = pdfInfo(pdf);
    const sizes = [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) =>
      [Number(m[1]), Number(m[2])].sort((a, b) => a - b),
    );
    expect(sizes.length).toBeGreaterThan(3);
    for (const [w, h] of sizes) {
      expect(Math.abs(w - 595.3)).toBeLessThan(1.5);
      expect(Math.abs(h - 841.9)).toBeLessThan(1.5);
    }
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
    const words = pdfWords(pdf);
    const minX = Math.min(...words.map((w) => w.xMin));
    expect(minX).toBeGreaterThanOrEqual(30 * MM - 0.5);
  });

  it('numbers the pages from page 2, each annex again from its own first page; the wide 03/TE is landscape', () => {
    const pages = pageTops(pdf);
    const starts = expectPageNumbers(pages);
    expect(starts.map((i) => pages[i].top)).toEqual(['Phụ lục I', 'Phụ lục II', 'Phụ lục III']);
    // 03/TE runs over several pages, all landscape; the text and the other annexes are portrait.
    expect(pages.length - starts[2]).toBeGreaterThan(1);
    expect(pages.map((p) => p.landscape)).toEqual(pages.map((_, i) => i >= starts[2]));
    expect(pdfInfo(pdf)).toMatch(
      /Title:\s+Báo cáo số 01\/BC-UBND: Kết quả công tác trẻ em 6 tháng đầu năm 2024/,
    );
  });

  it('serves the archived original byte for byte; its hash matches; the read is logged', async () => {
    const doc = await t
      .http()
      .get(`/api/documents/${issued.documentId}/pdf`)
      .set(await t.auth('tpls.officer'))
      .buffer(true)
      .parse(binary);
    expect(doc.status).toBe(200);
    expect(Buffer.compare(doc.body, pdf)).toBe(0);
    const sha = createHash('sha256').update(doc.body).digest('hex');
    expect(doc.headers['x-document-sha256']).toBe(sha);
    // This year's documents (the demo's history was issued in 2024).
    const meta = (
      await t
        .http()
        .get('/api/documents')
        .query({ year: vietnamYear() })
        .set(await t.auth('hoangdong.clerk'))
    ).body;
    expect(meta).toEqual([
      expect.objectContaining({
        id: issued.documentId,
        numberText: '01/BC-UBND',
        sha256: sha,
        title: expect.stringMatching(/^Kết quả/),
        signer: expect.objectContaining({ signerName: 'Hoàng Quốc Thành' }),
      }),
    ]);
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    const log = await c.query(
      `SELECT user_id, action FROM document_access_log WHERE document_id = $1`,
      [issued.documentId],
    );
    expect(log.rows.length).toBeGreaterThanOrEqual(2);
    // The archive cannot be changed, not even by SQL.
    await expect(
      c.query(`UPDATE issued_document SET title = 'x' WHERE id = $1`, [issued.documentId]),
    ).rejects.toThrow(/append-only/);
    await expect(
      c.query(`DELETE FROM issued_document WHERE id = $1`, [issued.documentId]),
    ).rejects.toThrow(/append-only/);
    await c.end();
  });

  it('verifies an uploaded PDF: the original is recognised, a one-byte change is not', async () => {
    const ok = await t
      .http()
      .post('/api/documents/verify')
      .set(await t.auth('maipha.officer'))
      .set('Content-Type', 'application/pdf')
      .send(pdf);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ archived: true, document: { numberText: '01/BC-UBND' } });
    const tampered = Buffer.from(pdf);
    tampered[Math.floor(tampered.length / 2)] ^= 0x01;
    const bad = await t
      .http()
      .post('/api/documents/verify')
      .set(await t.auth('maipha.officer'))
      .set('Content-Type', 'application/pdf')
      .send(tampered);
    expect(bad.body).toMatchObject({ archived: false });
  });

  it('lets recipient units find it in their incoming list; others do not see it', async () => {
    for (const u of ['tpls.officer', 'maipha.clerk']) {
      const incoming = (
        await t
          .http()
          .get('/api/documents/incoming')
          .query({ year: vietnamYear() })
          .set(await t.auth(u))
      ).body;
      expect(incoming.map((d: any) => d.numberText)).toEqual(['01/BC-UBND']);
    }
    expect(
      (
        await t
          .http()
          .get('/api/documents/incoming')
          .set(await t.auth('quanglac.officer'))
      ).body,
    ).toEqual([]);
    expect(
      (
        await t
          .http()
          .get(`/api/documents/${issued.documentId}/pdf`)
          .set(await t.auth('quanglac.officer'))
      ).status,
    ).toBe(404);
    expect(
      (
        await t
          .http()
          .get(`/api/reports/${reportId}`)
          .set(await t.auth('maipha.officer'))
      ).status,
    ).toBe(200);
  });

  it('prints the outgoing register of the unit and year as PDF and Excel', async () => {
    const year = new Date(issued.issuedAt).getFullYear();
    const regPdf = await t
      .http()
      .get(`/api/documents/register?orgUnitId=${units.HD}&year=${year}`)
      .set(await t.auth('hoangdong.clerk'))
      .buffer(true)
      .parse(binary);
    expect(regPdf.status).toBe(200);
    const text = pdfText(regPdf.body).replace(/\s+/g, ' ');
    expect(text).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM');
    expect(text).toContain('01/BC-UBND');
    expect(text).toContain('Hoàng Quốc Thành');
    const xlsx = await t
      .http()
      .get(`/api/documents/register?orgUnitId=${units.HD}&year=${year}&format=xlsx`)
      .set(await t.auth('hoangdong.clerk'))
      .buffer(true)
      .parse(binary);
    expect(xlsx.status).toBe(200);
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
    expect(
      (
        await t
          .http()
          .get(`/api/documents/register?orgUnitId=${units.HD}&year=${year}`)
          .set(await t.auth('maipha.clerk'))
      ).status,
    ).toBe(404);
  });

  it('previews a draft marked DỰ THẢO with no number', async () => {
    const draft = await draftReport(t, 'maipha.officer', 'Báo cáo dự thảo của Mai Pha');
    const res = await t
      .http()
      .get(`/api/reports/${draft.id}/pdf`)
      .set(await t.auth('maipha.officer'))
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['x-document-status']).toBe('draft-preview');
    const text = pdfText(res.body).replace(/[\s\u00a0]+/g, ' ');
    expect(text).toContain('DỰ THẢO');
    const layout = pdfText(res.body, true).replace(/\u00a0/g, ' ');
    expect(layout).toMatch(/Số:\s+\/BC-UBND/);
    expect(layout).not.toMatch(/Số:\s*\d+\/BC-UBND/);
  });

  it('never lets a narrative make the renderer fetch anything', async () => {
    const l = await listener();
    try {
      const draft = await draftReport(t, 'quanglac.officer', 'Thử tải tài nguyên');
      await t
        .http()
        .patch(`/api/reports/${draft.id}`)
        .set(await t.auth('quanglac.officer'))
        .send({
          version: draft.version,
          narrative: `<img src="http://127.0.0.1:${l.port}/img"> ![x](http://127.0.0.1:${l.port}/md) <link rel=stylesheet href="http://127.0.0.1:${l.port}/css"> file:///etc/passwd <iframe src="file:///etc/passwd"></iframe>`,
        })
        .expect(200);
      const res = await t
        .http()
        .get(`/api/reports/${draft.id}/pdf`)
        .set(await t.auth('quanglac.officer'))
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      expect(pdfText(res.body)).not.toMatch(/root:x:0:0/);
      expect(l.hits).toEqual([]);
    } finally {
      await l.close();
    }
  });
});

describe('A failed issue leaves nothing behind (e2e)', () => {
  let broken: TestApp;
  beforeAll(async () => {
    broken = await startTestApp({
      CHROMIUM_PATH: '/nonexistent/chromium',
      RENDER_TIMEOUT_MS: '3000',
    });
  });
  afterAll(() => broken.close());

  it('rolls back the number, the archive record and the state when rendering fails', async () => {
    const report = await draftReport(broken, 'quanglac.officer', 'Báo cáo không phát hành được');
    expect((await fire(broken, 'quanglac.officer', report.id, 'REQUEST_SIGNATURE')).status).toBe(
      200,
    );
    expect((await fire(broken, 'quanglac.head', report.id, 'SIGN')).status).toBe(200);
    const submit = await fire(broken, 'quanglac.clerk', report.id, 'SUBMIT');
    expect(submit.status).toBe(503);
    expect(submit.body.message).toMatch(/thử lại/);
    const after = (
      await broken
        .http()
        .get(`/api/reports/${report.id}`)
        .set(await broken.auth('quanglac.clerk'))
    ).body;
    expect(after).toMatchObject({ state: 'signed', number: null });
    const c = new Client({ connectionString: broken.db.url });
    await c.connect();
    // Nothing of this year (the demo's history was issued in 2024), no SUBMIT of this report.
    const year = vietnamYear();
    const count = async (sql: string, params: unknown[]) =>
      (await c.query(sql, params)).rows[0].n as number;
    expect(
      await count(`SELECT count(*)::int AS n FROM issued_document WHERE year = $1`, [year]),
    ).toBe(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM document_number_registry WHERE year = $1`, [
        year,
      ]),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM report_history WHERE event = 'SUBMIT' AND report_id = $1`,
        [report.id],
      ),
    ).toBe(0);
    await c.end();
    const health = await broken.http().get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ database: 'ok', renderer: 'unavailable' });
  });
});
