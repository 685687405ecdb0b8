import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { formatVietnameseNumber } from '@app/common';
import { narrativeBlocks } from '@app/documents';
import { documentXml, editParagraph } from '../support/docx';
import { binary } from '../support/http';
import { Client } from 'pg';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire } from '../support/workflow';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The .docx converted by LibreOffice (Debian's soffice, its own profile), as pdftotext reads it. */
function libreOfficeText(docx: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'docx-copy-'));
  try {
    writeFileSync(path.join(dir, 'copy.docx'), docx);
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${dir}/profile`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        path.join(dir, 'copy.docx'),
      ],
      { timeout: 120_000, stdio: 'ignore' },
    );
    const pdf = readFileSync(path.join(dir, 'copy.pdf'));
    return execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString('utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ');

describe('Word copies (e2e)', () => {
  let t: TestApp;
  /** An original whose report was returned and changed after its issue. */
  let returnedDocumentId: string;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('the .docx of an issued BC opens in LibreOffice with its header, number, title, Nơi nhận, signer and annex values', async () => {
    const admin = await t.auth('admin');
    const docs = (await t.http().get('/api/documents?year=2024').set(admin)).body as any[];
    const doc = docs.find((d) => d.docType === 'BC' && d.issuer.code === 'HD');
    expect(doc).toBeDefined();
    const officer = await t.auth('hoangdong.officer');
    const res = await t
      .http()
      .get(`/api/documents/${doc.id}/docx`)
      .set(officer)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['x-document-status']).toBe('issued-copy');
    // The file's properties say it is a copy, the original being the signed PDF.
    expect(readCore(res.body)).toContain(`Bản sao dạng Word của văn bản số ${doc.numberText}`);
    const text = oneLine(libreOfficeText(res.body));
    expect(text).toContain('XÃ HOÀNG ĐỒNG');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain(`Số: ${doc.numberText}`);
    expect(text).toContain(oneLine(doc.title));
    expect(text).toContain('Nơi nhận:');
    expect(text).toContain(doc.signer.signerName);
    // Annex values: the typed numbers of the report's first form, formatted as the annex prints them.
    const report = (await t.http().get(`/api/reports/${doc.reportId}`).set(admin)).body;
    const values = Object.values(report.data['01/TE'] as Record<string, Record<string, unknown>>)
      .flatMap((row) => Object.values(row))
      .filter((v): v is number => typeof v === 'number' && v >= 100)
      .slice(0, 5);
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(text).toContain(formatVietnameseNumber(v));
    // The report's own link gives the same copy; a unit with no right to it gets nothing.
    const viaReport = await t.http().get(`/api/reports/${doc.reportId}/docx`).set(officer);
    expect(viaReport.status).toBe(200);
    expect(viaReport.headers['x-document-status']).toBe('issued-copy');
    const other = await t
      .http()
      .get(`/api/documents/${doc.id}/docx`)
      .set(await t.auth('kylua.officer'));
    expect(other.status).toBe(404);
  }, 180_000);

  it('a draft edited in Word (one paragraph) and imported back changes exactly that paragraph', async () => {
    const officer = await t.auth('hoangdong.officer');
    const narrative = [
      'I. ĐẶC ĐIỂM TÌNH HÌNH',
      '1. Tình hình chung',
      'Xã có 4.210 trẻ em dưới 16 tuổi,\nsống ở 18 thôn.',
      '- Trẻ em có hoàn cảnh đặc biệt: **41** em;',
      'II. KẾT QUẢ THỰC HIỆN',
      'Tổ chức _Tháng hành động vì trẻ em_ ở mọi thôn.',
      '| Nội dung | Số |\n|---|---|\n| Lớp tập huấn | 6 |',
    ].join('\n\n');
    const draft = await draftReport(t, 'hoangdong.officer');
    const patched = await t
      .http()
      .patch(`/api/reports/${draft.id}`)
      .set(officer)
      .send({ version: draft.version, narrative });
    expect(patched.status).toBe(200);
    const copy = await t
      .http()
      .get(`/api/reports/${draft.id}/docx`)
      .set(officer)
      .buffer(true)
      .parse(binary);
    expect(copy.status).toBe(200);
    expect(copy.headers['x-document-status']).toBe('draft');
    expect(documentXml(copy.body)).toContain('DỰ THẢO');
    // As Word saves it: the paragraph's runs replaced by the new text.
    const edited = editParagraph(
      copy.body,
      'sống ở 18 thôn',
      'Xã có 4.230 trẻ em dưới 16 tuổi, sống ở 18 thôn.',
    );
    const put = (query: string, who = officer) =>
      t
        .http()
        .put(`/api/reports/${draft.id}/docx${query}`)
        .set(who)
        .set('Content-Type', DOCX)
        .send(edited);

    const preview = await put('?preview=1');
    expect(preview.status).toBe(200);
    expect(preview.body.saved).toBe(false);
    expect(preview.body.changes).toEqual([
      {
        kind: 'changed',
        position: 3,
        before: 'Xã có 4.210 trẻ em dưới 16 tuổi, sống ở 18 thôn.',
        after: 'Xã có 4.230 trẻ em dưới 16 tuổi, sống ở 18 thôn.',
      },
    ]);
    const unchanged = (await t.http().get(`/api/reports/${draft.id}`).set(officer)).body;
    expect(unchanged.narrative).toBe(narrative);

    // Only the unit's officer, only with the version read; a stale one is refused.
    expect(
      (await put(`?version=${patched.body.version}`, await t.auth('hoangdong.head'))).status,
    ).toBe(403);
    expect((await put('')).status).toBe(422);
    expect((await put(`?version=${patched.body.version - 1}`)).status).toBe(409);

    const saved = await put(`?version=${patched.body.version}`);
    expect(saved.status).toBe(200);
    expect(saved.body.saved).toBe(true);
    const after = (await t.http().get(`/api/reports/${draft.id}`).set(officer)).body;
    expect(after.narrative).toBe(
      narrative.replace(
        'Xã có 4.210 trẻ em dưới 16 tuổi,\nsống ở 18 thôn.',
        'Xã có 4.230 trẻ em dưới 16 tuổi, sống ở 18 thôn.',
      ),
    );
    const before = narrativeBlocks(narrative);
    const now = narrativeBlocks(after.narrative);
    expect(now).toHaveLength(before.length);
    expect(now.filter((b, i) => b !== before[i])).toHaveLength(1);
  }, 120_000);

  it('the web pages: "Tải bản Word" links, an edited copy uploaded shows its changes, then saves them', async () => {
    const officer = await t.auth('maipha.officer');
    const draft = await draftReport(t, 'maipha.officer');
    const narrative =
      'I. ĐẶC ĐIỂM TÌNH HÌNH\n\nXã có 3.100 trẻ em.\n\nII. KẾT QUẢ\n\nĐã tổ chức 4 lớp tập huấn.';
    const patched = await t
      .http()
      .patch(`/api/reports/${draft.id}`)
      .set(officer)
      .send({ version: draft.version, narrative });
    const copy = (
      await t.http().get(`/api/reports/${draft.id}/docx`).set(officer).buffer(true).parse(binary)
    ).body as Buffer;
    const edited = editParagraph(
      copy,
      'Đã tổ chức 4 lớp',
      'Đã tổ chức 5 lớp tập huấn & 2 hội thi.',
    );

    const agent = request.agent(t.app.getHttpServer());
    const home = await agent.get('/');
    const loginToken = /name="_csrf" value="([^"]+)"/.exec(home.text)![1];
    await agent
      .post('/login')
      .type('form')
      .send({ username: 'maipha.officer', password: 'demo', _csrf: loginToken });
    const page = await agent.get(`/reports/${draft.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/api/reports/${draft.id}/docx"`);
    expect(page.text).toContain('Tải bản Word');
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page.text)![1];
    const shown = await agent
      .post(`/reports/${draft.id}/docx`)
      .field('_csrf', csrf)
      .field('version', String(patched.body.version))
      .attach('file', edited, 'bao-cao.docx');
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('id="docx-changes"');
    expect(shown.text).toContain('Đã tổ chức 4 lớp tập huấn.');
    // Nothing saved yet.
    expect((await t.http().get(`/api/reports/${draft.id}`).set(officer)).body.narrative).toBe(
      narrative,
    );
    const hidden = /<textarea name="narrative"[^>]*>([\s\S]*?)<\/textarea>/.exec(shown.text)![1];
    const unescaped = hidden
      .replace(/&#x3D;/g, '=')
      .replace(/&#x27;/g, "'")
      .replace(/&#x60;/g, '`')
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    const save = await agent
      .post(`/reports/${draft.id}`)
      .type('form')
      .send({ _csrf: csrf, version: String(patched.body.version), narrative: unescaped });
    expect(save.status).toBe(303);
    expect((await t.http().get(`/api/reports/${draft.id}`).set(officer)).body.narrative).toBe(
      narrative.replace('Đã tổ chức 4 lớp tập huấn.', 'Đã tổ chức 5 lớp tập huấn & 2 hội thi.'),
    );
    const archive = await agent.get('/archive?year=2024');
    expect(archive.text).toMatch(/href="\/api\/documents\/[0-9a-f-]+\/docx"/);
  }, 120_000);

  it('an issued original returned and changed afterwards keeps its Word copy as issued', async () => {
    const draft = await draftReport(t, 'quanglac.officer');
    const officer = await t.auth('quanglac.officer');
    const first = 'I. ĐẶC ĐIỂM TÌNH HÌNH\n\nXã có 1.950 trẻ em như khi phát hành.';
    const patched = await t
      .http()
      .patch(`/api/reports/${draft.id}`)
      .set(officer)
      .send({ version: draft.version, narrative: first });
    expect(patched.status).toBe(200);
    expect((await fire(t, 'quanglac.officer', draft.id, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, 'quanglac.head', draft.id, 'SIGN')).status).toBe(200);
    const issued = await fire(t, 'quanglac.clerk', draft.id, 'SUBMIT');
    expect(issued.status).toBe(200);
    const documentId = issued.body.documentId as string;
    expect(documentId).toBeDefined();
    returnedDocumentId = documentId;
    expect(
      (await fire(t, 'tpls.officer', draft.id, 'RETURN', 'Bổ sung số liệu.', 'tpls.officer'))
        .status,
    ).toBe(200);
    const returned = (await t.http().get(`/api/reports/${draft.id}`).set(officer)).body;
    const changed = await t.http().patch(`/api/reports/${draft.id}`).set(officer).send({
      version: returned.version,
      narrative: 'I. ĐẶC ĐIỂM TÌNH HÌNH\n\nXã có 1.990 trẻ em sau khi sửa.',
    });
    expect(changed.status).toBe(200);
    const docx = async (url: string) =>
      documentXml((await t.http().get(url).set(officer).buffer(true).parse(binary)).body as Buffer);
    const original = await docx(`/api/documents/${documentId}/docx`);
    expect(original).toContain('Xã có 1.950 trẻ em như khi phát hành.');
    expect(original).not.toContain('1.990');
    expect(await docx(`/api/reports/${draft.id}/docx`)).toContain(
      'Xã có 1.990 trẻ em sau khi sửa.',
    );
  }, 120_000);

  it('a document issued before models were kept: rebuilt while its report holds what was signed, else 409', async () => {
    const admin = await t.auth('admin');
    const docs = (await t.http().get('/api/documents?year=2024').set(admin)).body as any[];
    const demo = docs.find((d) => d.docType === 'BC' && d.issuer.code === 'MP');
    expect(demo).toBeDefined();
    expect(returnedDocumentId).toBeDefined();
    const db = new Client({ connectionString: t.db.url });
    await db.connect();
    // The originals keep their model; a copy of a row without one stands for an older original.
    const copyWithoutModel = async (id: string) => {
      const kept = await db.query(
        'SELECT model IS NOT NULL AS kept FROM issued_document WHERE id = $1',
        [id],
      );
      expect(kept.rows[0].kept).toBe(true);
      const { rows } = await db.query(
        `INSERT INTO issued_document (report_id, org_unit_id, year, series, number, symbol, number_text, doc_type, issued_at, issue_date, issuer, title, signer, recipients, issued_by, pdf, sha256, pdf_size)
         SELECT report_id, org_unit_id, year, series, number + 900, symbol, (number + 900) || '/' || symbol, doc_type, issued_at, issue_date, issuer, title, signer, recipients, issued_by, pdf, sha256, pdf_size
         FROM issued_document WHERE id = $1 RETURNING id, number_text`,
        [id],
      );
      return rows[0] as { id: string; number_text: string };
    };
    try {
      // Mai Pha's demo report still holds what was signed: rebuilt from it.
      const old = await copyWithoutModel(demo.id);
      const res = await t
        .http()
        .get(`/api/documents/${old.id}/docx`)
        .set(admin)
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      expect(documentXml(res.body)).toContain(`Số: ${old.number_text}`);
      // Quảng Lạc's report was returned and changed after its issue (the test above): refused.
      const stale = await copyWithoutModel(returnedDocumentId);
      const refused = await t.http().get(`/api/documents/${stale.id}/docx`).set(admin);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('DOCX_NOT_AVAILABLE');
    } finally {
      await db.end();
    }
  }, 120_000);
});

/** docProps/core.xml of a .docx. */
function readCore(docx: Buffer): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { unzipSync, strFromU8 } = require('fflate');
  return strFromU8(unzipSync(new Uint8Array(docx))['docProps/core.xml']);
}
