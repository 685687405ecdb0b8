import { createHash } from 'node:crypto';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { PdfRenderer } from '@app/documents';
import { documentTitle, renderAnnexHtml, renderMainHtml } from '../../libs/documents/src/document-templates';
import { fontFaceCss } from '../../libs/documents/src/fonts';
import { vietnamDate } from '../../libs/documents/src/vn-date';
import { MM, pdfFonts, pdfInfo, pdfText, pdfWords, WordBox } from '../support/pdf';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire } from '../support/workflow';
import { binary } from '../support/http';
import { sampleDocument } from '../support/sample-document';


/** "Hoàng Đồng, ngày 05 tháng 02 năm 2024": day < 10 and months 1–2 take a leading zero. */
function expectedDateLine(place: string, iso: string) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${place}, ngày ${String(d).padStart(2, '0')} tháng ${m <= 2 ? String(m).padStart(2, '0') : m} năm ${y}`;
}

/** Each page's first line of text and whether the page is landscape. */
function pageTops(pdf: Buffer): { top: string; landscape: boolean }[] {
  const texts = pdfText(pdf).split('\f').slice(0, -1);
  const sizes = [...pdfInfo(pdf).matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => Number(m[1]) > Number(m[2]));
  expect(sizes).toHaveLength(texts.length);
  return texts.map((t, i) => ({ top: t.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '', landscape: sizes[i] }));
}

/**
 * Page numbers as the decree says: none on the first page of the text, then 2, 3 … centred at the
 * top; each annex (its first page starts with "Phụ lục …") counts again from 1 and shows 2 on its
 * second page. Returns the page index where each annex starts.
 */
function expectPageNumbers(pages: { top: string }[]): number[] {
  const starts = pages.flatMap((p, i) => (/^Phụ lục\b/.test(p.top) ? [i] : []));
  const bounds = [0, ...starts, pages.length];
  for (let part = 0; part + 1 < bounds.length; part++) {
    const [from, to] = [bounds[part], bounds[part + 1]];
    expect(pages[from].top).not.toMatch(/^\d+$/);
    for (let i = from + 1; i < to; i++) expect({ page: i + 1, top: pages[i].top }).toEqual({ page: i + 1, top: String(i - from + 1) });
  }
  return starts;
}

/** A local listener that records every request it gets: proof that nothing was fetched. */
async function listener() {
  const hits: string[] = [];
  const srv = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('x');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { hits, port: (srv.address() as AddressInfo).port, close: () => new Promise((r) => srv.close(r)) };
}

describe('Issuing official documents (e2e)', () => {
  let t: TestApp;
  let reportId: string;
  let issued: any;
  let pdf: Buffer;
  let units: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    const list = (await t.http().get('/api/org-units').set(await t.auth('admin'))).body;
    units = Object.fromEntries(list.map((u: any) => [u.code, u.id]));
    const report = await draftReport(t, 'hoangdong.officer', 'Kết quả công tác trẻ em 6 tháng đầu năm 2024 và phương hướng nhiệm vụ 6 tháng cuối năm 2024', {
      '01/TE': { POP: { y2024: 8000 }, 'I.1': { y2024: 2050 }, 'I.3': { y2024: 600 }, 'I.3.a': { y2024: 450 }, 'VII.4': { y2024: '45,5' }, 'VII.4.1': { y2024: 20 }, 'VII.4.2': { y2024: '25,5' } },
      '02/TE': { 'I.3': { y2024: true }, 'I.4': { y2024: false } },
      '03/TE': { 'I.1': { c1: 2050, c3: 12 }, 'II.4': { c1: 31, c3: 9 } },
    });
    reportId = report.id;
    await t
      .http()
      .patch(`/api/reports/${reportId}`)
      .set(await t.auth('hoangdong.officer'))
      .send({
        version: report.version,
        recipients: [{ orgUnitId: units.TPLS, name: 'Phòng Lao động - Thương binh và Xã hội thành phố' }, { name: 'TT Đảng ủy (b/c)' }, { orgUnitId: units.MP }],
        narrative: 'I. ĐẶC ĐIỂM TÌNH HÌNH\n\n1. Tình hình trẻ em\n\nToàn xã có **2.050** trẻ em dưới 16 tuổi.\n\n- Tổ chức tốt Tháng hành động vì trẻ em.\n\nII. KẾT QUẢ THỰC HIỆN\n\nNội dung <script>alert(1)</script> và <img src=x onerror=alert(2)>.',
      })
      .expect(200);
    expect((await fire(t, 'hoangdong.officer', reportId, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, 'hoangdong.head', reportId, 'SIGN')).status).toBe(200);
    const submitted = await fire(t, 'hoangdong.clerk', reportId, 'SUBMIT');
    expect(submitted.status).toBe(200);
    issued = submitted.body;
    pdf = (await t.http().get(`/api/reports/${reportId}/pdf`).set(await t.auth('hoangdong.officer')).buffer(true).parse(binary)).body;
  });
  afterAll(() => t.close());

  it('numbers the document 01/BC-UBND for the unit and year and shows it on the report', () => {
    expect(issued).toMatchObject({ state: 'submitted', number: '01/BC-UBND', issuedAt: expect.any(String), documentId: expect.any(String) });
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
    const sizes = [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => [Number(m[1]), Number(m[2])].sort((a, b) => a - b));
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
    expect(pdfInfo(pdf)).toMatch(/Title:\s+Báo cáo số 01\/BC-UBND: Kết quả công tác trẻ em 6 tháng đầu năm 2024/);
  });

  it('serves the archived original byte for byte; its hash matches; the read is logged', async () => {
    const doc = await t.http().get(`/api/documents/${issued.documentId}/pdf`).set(await t.auth('tpls.officer')).buffer(true).parse(binary);
    expect(doc.status).toBe(200);
    expect(Buffer.compare(doc.body, pdf)).toBe(0);
    const sha = createHash('sha256').update(doc.body).digest('hex');
    expect(doc.headers['x-document-sha256']).toBe(sha);
    const meta = (await t.http().get('/api/documents').set(await t.auth('hoangdong.clerk'))).body;
    expect(meta).toEqual([expect.objectContaining({ id: issued.documentId, numberText: '01/BC-UBND', sha256: sha, title: expect.stringMatching(/^Kết quả/), signer: expect.objectContaining({ signerName: 'Hoàng Quốc Thành' }) })]);
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    const log = await c.query(`SELECT user_id, action FROM document_access_log WHERE document_id = $1`, [issued.documentId]);
    expect(log.rows.length).toBeGreaterThanOrEqual(2);
    // The archive cannot be changed, not even by SQL.
    await expect(c.query(`UPDATE issued_document SET title = 'x' WHERE id = $1`, [issued.documentId])).rejects.toThrow(/append-only/);
    await expect(c.query(`DELETE FROM issued_document WHERE id = $1`, [issued.documentId])).rejects.toThrow(/append-only/);
    await c.end();
  });

  it('verifies an uploaded PDF: the original is recognised, a one-byte change is not', async () => {
    const ok = await t.http().post('/api/documents/verify').set(await t.auth('maipha.officer')).set('Content-Type', 'application/pdf').send(pdf);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ archived: true, document: { numberText: '01/BC-UBND' } });
    const tampered = Buffer.from(pdf);
    tampered[Math.floor(tampered.length / 2)] ^= 0x01;
    const bad = await t.http().post('/api/documents/verify').set(await t.auth('maipha.officer')).set('Content-Type', 'application/pdf').send(tampered);
    expect(bad.body).toMatchObject({ archived: false });
  });

  it('lets recipient units find it in their incoming list; others do not see it', async () => {
    for (const u of ['tpls.officer', 'maipha.clerk']) {
      const incoming = (await t.http().get('/api/documents/incoming').set(await t.auth(u))).body;
      expect(incoming.map((d: any) => d.numberText)).toEqual(['01/BC-UBND']);
    }
    expect((await t.http().get('/api/documents/incoming').set(await t.auth('quanglac.officer'))).body).toEqual([]);
    expect((await t.http().get(`/api/documents/${issued.documentId}/pdf`).set(await t.auth('quanglac.officer'))).status).toBe(404);
    expect((await t.http().get(`/api/reports/${reportId}`).set(await t.auth('maipha.officer'))).status).toBe(200);
  });

  it('prints the outgoing register of the unit and year as PDF and Excel', async () => {
    const year = new Date(issued.issuedAt).getFullYear();
    const regPdf = await t.http().get(`/api/documents/register?orgUnitId=${units.HD}&year=${year}`).set(await t.auth('hoangdong.clerk')).buffer(true).parse(binary);
    expect(regPdf.status).toBe(200);
    const text = pdfText(regPdf.body).replace(/\s+/g, ' ');
    expect(text).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM');
    expect(text).toContain('01/BC-UBND');
    expect(text).toContain('Hoàng Quốc Thành');
    const xlsx = await t.http().get(`/api/documents/register?orgUnitId=${units.HD}&year=${year}&format=xlsx`).set(await t.auth('hoangdong.clerk')).buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
    expect((await t.http().get(`/api/documents/register?orgUnitId=${units.HD}&year=${year}`).set(await t.auth('maipha.clerk'))).status).toBe(404);
  });

  it('previews a draft marked DỰ THẢO with no number', async () => {
    const draft = await draftReport(t, 'maipha.officer', 'Báo cáo dự thảo của Mai Pha');
    const res = await t.http().get(`/api/reports/${draft.id}/pdf`).set(await t.auth('maipha.officer')).buffer(true).parse(binary);
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
        .send({ version: draft.version, narrative: `<img src="http://127.0.0.1:${l.port}/img"> ![x](http://127.0.0.1:${l.port}/md) <link rel=stylesheet href="http://127.0.0.1:${l.port}/css"> file:///etc/passwd <iframe src="file:///etc/passwd"></iframe>` })
        .expect(200);
      const res = await t.http().get(`/api/reports/${draft.id}/pdf`).set(await t.auth('quanglac.officer')).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      expect(pdfText(res.body)).not.toMatch(/root:x:0:0/);
      expect(l.hits).toEqual([]);
    } finally {
      await l.close();
    }
  });
});

describe(PdfRenderer.name, () => {
  it('refuses every request but data: even for raw HTML, and recovers after its browser is killed', async () => {
    const l = await listener();
    const r = new PdfRenderer({ chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', poolSize: 2, queueLimit: 4, timeoutMs: 20000, maxDocsPerBrowser: 3 });
    try {
      const u = `http://127.0.0.1:${l.port}`;
      const hostile = `<html><head><link rel="stylesheet" href="${u}/css"><style>@import url("${u}/import"); @font-face { font-family: X; src: url("${u}/font"); } body { background: url("${u}/bg"); font-family: X; }</style></head>
        <body><img src="${u}/img"><iframe src="${u}/frame"></iframe><iframe src="file:///etc/passwd"></iframe><object data="file:///etc/passwd"></object><script>fetch("${u}/js")</script>
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p>Nội dung</p></body></html>`;
      const out = await r.render(hostile);
      expect(pdfText(out)).toContain('Nội dung');
      expect(pdfText(out)).not.toMatch(/root:x:0:0/);
      expect(l.hits).toEqual([]);
      expect(r.stats.refusedRequests).toBeGreaterThan(0);
      // A crash: the next renders succeed on a new browser.
      const pid = await r.browserPid();
      process.kill(pid!, 'SIGKILL');
      await new Promise((res) => setTimeout(res, 300));
      for (let i = 0; i < 4; i++) expect(pdfText(await r.render('<p>Lần ' + i + '</p>'))).toContain('Lần ' + i);
      expect(r.stats.launches).toBeGreaterThanOrEqual(2);
    } finally {
      await r.close();
      await l.close();
    }
  });

  it('keeps a shared <head> loaded and swaps only the <body>, with nothing carried over between documents', async () => {
    const r = new PdfRenderer({ chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', poolSize: 1, queueLimit: 4, timeoutMs: 20000, maxDocsPerBrowser: 100 });
    const head =
      `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>${fontFaceCss()}\n` +
      `@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm; } @page landscape { size: A4 landscape; } ` +
      `body.landscape { page: landscape; } body { font-family: 'TE Tinos', serif; font-size: 14pt; }</style></head>`;
    const size = (pdf: Buffer) => /Page\s+1 size:\s+([\d.]+) x ([\d.]+)/.exec(pdfInfo(pdf))!.slice(1).map(Number);
    try {
      const a = await r.render(`${head}<body><p>Trang dọc thứ nhất</p></body></html>`);
      // Only bold italic here: a face the first document never used must still be ready when printed.
      const b = await r.render(`${head}<body class="landscape"><p><b><i>Trang ngang: Ưu tiên chăm sóc trẻ em</i></b></p></body></html>`);
      const c = await r.render(`${head}<body><p>Trang dọc thứ hai</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></body></html>`);
      expect(r.stats).toMatchObject({ headLoads: 1, bodySwaps: 3 });
      expect(size(a)[0]).toBeLessThan(size(a)[1]);
      expect(size(b)[0]).toBeGreaterThan(size(b)[1]);
      expect(size(c)[0]).toBeLessThan(size(c)[1]);
      expect(pdfText(b)).toContain('Trang ngang: Ưu tiên chăm sóc trẻ em');
      expect(pdfText(b)).not.toContain('Trang dọc');
      expect(pdfText(c)).toContain('Trang dọc thứ hai');
      expect(pdfText(c)).not.toMatch(/thứ nhất|Trang ngang/);
      const fonts = pdfFonts(b);
      expect(fonts.map((f) => f.name).every((n) => /Tinos-BoldItalic$/.test(n))).toBe(true);
      expect(fonts.filter((f) => !f.embedded)).toEqual([]);
      // Another head is loaded in full; a document without a body is printed as it is.
      expect(pdfText(await r.render('<p>Không có phần đầu</p>'))).toContain('Không có phần đầu');
      expect(pdfText(await r.render(`${head.replace('14pt', '13pt')}<body><p>Phần đầu khác</p></body></html>`))).toContain('Phần đầu khác');
      expect(r.stats.headLoads).toBe(2);
    } finally {
      await r.close();
    }
  });

  it('prints the parts of a document together, with the same pages as printing each alone', async () => {
    const r = new PdfRenderer({ chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', poolSize: 1, queueLimit: 4, timeoutMs: 20000, maxDocsPerBrowser: 100 });
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ no: String(i + 1), label: `Chỉ tiêu thứ ${i + 1} về trẻ em có hoàn cảnh đặc biệt`, unit: 'Người', cells: [String(i * 7), String(i * 3)] }));
    const annex = (roman: string, title: string, landscape: boolean, n: number) => ({
      roman,
      title,
      formCode: '01/TE',
      landscape,
      hasUnitColumn: true,
      columns: [
        { key: 'a', label: 'Năm trước' },
        { key: 'b', label: 'Năm nay' },
      ],
      rows: rows(n),
    });
    const model = sampleDocument({
      numberText: '07/BC-UBND',
      title: 'Kết quả công tác trẻ em',
      narrative: Array.from({ length: 30 }, (_, i) => `${i + 1}. Mục ${i + 1}\n\n${'Công tác bảo vệ, chăm sóc trẻ em được quan tâm. '.repeat(8)}`).join('\n\n'),
      annexes: [annex('I', 'Bảng dọc', false, 50), annex('II', 'Bảng ngắn', false, 3), annex('III', 'Bảng ngang', true, 40)],
    });
    const parts = [renderMainHtml(model), ...model.annexes.map((_, i) => renderAnnexHtml(model, i))];
    try {
      const together = await r.renderDocument(parts, { title: documentTitle(model) });
      // One page in the pool: the four parts went out in one print.
      expect(r.stats.rendered).toBe(1);
      // The same words at the same places on the same pages as each part printed alone.
      const placed = (words: WordBox[], firstPage = 0) =>
        words.map((w) => `${w.page + firstPage} ${w.xMin.toFixed(2)} ${w.yMin.toFixed(2)} ${w.text}`).sort();
      const alone: string[] = [];
      let pagesBefore = 0;
      for (const part of parts) {
        const pdf = await r.render(part);
        alone.push(...placed(pdfWords(pdf), pagesBefore));
        pagesBefore += Number(/Pages:\s+(\d+)/.exec(pdfInfo(pdf))![1]);
      }
      expect(placed(pdfWords(together))).toEqual(alone.sort());
      const pages = pageTops(together);
      const starts = expectPageNumbers(pages);
      expect(starts).toHaveLength(3);
      expect(starts[0]).toBeGreaterThan(1);
      expect(starts[1] - starts[0]).toBeGreaterThan(1);
      expect(pages.map((p) => p.landscape)).toEqual(pages.map((_, i) => i >= starts[2]));
      expect(pdfInfo(together)).toMatch(/Title:\s+Báo cáo số 07\/BC-UBND: Kết quả công tác trẻ em/);
      expect(pdfFonts(together).filter((f) => !f.embedded)).toEqual([]);
    } finally {
      await r.close();
    }
  });

  it('answers 429 when its queue is full and 503 past its time limit', async () => {
    const r = new PdfRenderer({ chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', poolSize: 1, queueLimit: 1, timeoutMs: 1500, maxDocsPerBrowser: 100 });
    try {
      const big = `<p>${'Đoạn văn rất dài. '.repeat(20000)}</p>`;
      const results = await Promise.allSettled([r.render(big), r.render(big), r.render(big)]);
      const statuses = results.map((x) => (x.status === 'fulfilled' ? 200 : (x.reason as { status?: number }).status));
      expect(statuses).toContain(429);
      const slow = await r.render(`<p>${'Chữ '.repeat(400000)}</p>`).then(
        () => 200,
        (e) => e.status,
      );
      expect([200, 503]).toContain(slow);
      expect(await r.render('<p>Vẫn hoạt động</p>').then((b) => pdfText(b))).toContain('Vẫn hoạt động');
    } finally {
      await r.close();
    }
  });
});

describe('A failed issue leaves nothing behind (e2e)', () => {
  let broken: TestApp;
  beforeAll(async () => {
    broken = await startTestApp({ CHROMIUM_PATH: '/nonexistent/chromium', RENDER_TIMEOUT_MS: '3000' });
  });
  afterAll(() => broken.close());

  it('rolls back the number, the archive record and the state when rendering fails', async () => {
    const report = await draftReport(broken, 'quanglac.officer', 'Báo cáo không phát hành được');
    expect((await fire(broken, 'quanglac.officer', report.id, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(broken, 'quanglac.head', report.id, 'SIGN')).status).toBe(200);
    const submit = await fire(broken, 'quanglac.clerk', report.id, 'SUBMIT');
    expect(submit.status).toBe(503);
    expect(submit.body.message).toMatch(/thử lại/);
    const after = (await broken.http().get(`/api/reports/${report.id}`).set(await broken.auth('quanglac.clerk'))).body;
    expect(after).toMatchObject({ state: 'signed', number: null });
    const c = new Client({ connectionString: broken.db.url });
    await c.connect();
    expect((await c.query(`SELECT count(*)::int AS n FROM issued_document`)).rows[0].n).toBe(0);
    expect((await c.query(`SELECT count(*)::int AS n FROM document_number_registry`)).rows[0].n).toBe(0);
    expect((await c.query(`SELECT count(*)::int AS n FROM report_history WHERE event = 'SUBMIT'`)).rows[0].n).toBe(0);
    await c.end();
    const health = await broken.http().get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ database: 'ok', renderer: 'unavailable' });
  });
});
