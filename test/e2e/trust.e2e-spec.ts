import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { createCertificateAuthority, issueCertificate, signPdf, toPkcs12 } from '@app/signatures';
import { clickAndWait, launchBrowser, listen, screenshotter, signInPage } from '../support/browser';
import { binary } from '../support/http';
import { RevocationCa, startRevocationCa } from '../support/ocsp';
import { startTestApp, TestApp } from '../support/test-app';
import { fire, periodId } from '../support/workflow';
import { vietnamDate } from '@app/common';
import { demoCurrentPeriod } from '@app/demo';

/** The text of the first element matching `selector` ('' when none). */
const textOf = (page: Page, selector: string) =>
  page.$eval(selector, (e) => (e as HTMLElement).innerText).catch(() => '');

const derBase64 = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

async function plainPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText('Van ban kiem tra', { x: 50, y: 780, size: 14, font });
  return Buffer.from(await doc.save());
}

/**
 * The trust store (POST/GET/DELETE /api/trust-anchors, CRL uploads) and verification of signatures
 * against it, with revocation asked of a real OCSP responder on loopback; the pages in Chromium.
 */
describe('Trust anchors, revocation and verification (e2e)', () => {
  let t: TestApp;
  let rca: RevocationCa;
  let demoPdf: Buffer;
  const verify = async (pdf: Buffer, who = 'admin') =>
    t
      .http()
      .post('/api/documents/verify')
      .set(await t.auth(who))
      .set('Content-Type', 'application/pdf')
      .send(pdf);

  beforeAll(async () => {
    t = await startTestApp();
    rca = await startRevocationCa();
    // A document issued by a ward signing with tokens: the head's and the organisation's
    // signatures, made with the demo keys they hold (the demo history's legacy units issue in
    // approval mode, with the organisation's signature alone).
    const admin = await t.auth('admin');
    const officer = await t.auth('luongvantri.officer');
    const created = await t
      .http()
      .post('/api/reports')
      .set(officer)
      .send({
        periodId: await periodId(t, demoCurrentPeriod(vietnamDate()).code),
        type: 'BC',
        title: 'Báo cáo để kiểm tra chữ ký',
      });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await t
      .http()
      .patch(`/api/reports/${id}`)
      .set(officer)
      .send({ version: created.body.version, data: { '01/TE': { POP: { y2024: 15200 } } } })
      .expect(200);
    let issued: any;
    for (const [who, ev] of [
      ['luongvantri.officer', 'REQUEST_SIGNATURE'],
      ['luongvantri.head', 'SIGN'],
      ['luongvantri.clerk', 'SUBMIT'],
    ]) {
      issued = await fire(t, who, id, ev);
      expect([ev, issued.status]).toEqual([ev, 200]);
    }
    demoPdf = (
      await t
        .http()
        .get(`/api/documents/${issued.body.documentId}/pdf`)
        .set(admin)
        .buffer(true)
        .parse(binary)
    ).body;
  });
  afterAll(async () => {
    await rca?.stop();
    await t?.close();
  });

  it('lets the admin add a CA certificate (PEM or base64 DER), list it and remove it', async () => {
    const admin = await t.auth('admin');
    const before = (await t.http().get('/api/trust-anchors').set(admin)).body;
    expect(before).toEqual([
      expect.objectContaining({ subject: expect.stringContaining('CA thử nghiệm'), isCa: true }),
    ]);
    const ca = createCertificateAuthority({ commonName: 'CA tạm thời' });
    const added = await t
      .http()
      .post('/api/trust-anchors')
      .set(admin)
      .send({ certificate: ca.certPem });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      id: expect.any(String),
      subject: 'C=VN, CN=CA tạm thời',
      issuer: 'C=VN, CN=CA tạm thời',
      name: 'CA tạm thời',
      serial: expect.stringMatching(/^[0-9A-F]+$/),
      notBefore: expect.any(String),
      notAfter: expect.any(String),
      isCa: true,
      addedAt: expect.any(String),
    });
    // The same certificate as base64 DER: the same anchor, not a second one.
    const again = await t
      .http()
      .post('/api/trust-anchors')
      .set(admin)
      .send({ certificate: derBase64(ca.certPem) });
    expect(again.body.id).toBe(added.body.id);
    const list = (await t.http().get('/api/trust-anchors').set(admin)).body;
    expect(list.map((a: { id: string }) => a.id)).toContain(added.body.id);
    expect(list).toHaveLength(2);

    expect((await t.http().delete(`/api/trust-anchors/${added.body.id}`).set(admin)).status).toBe(
      204,
    );
    expect((await t.http().delete(`/api/trust-anchors/${added.body.id}`).set(admin)).status).toBe(
      404,
    );
    expect((await t.http().get('/api/trust-anchors').set(admin)).body).toHaveLength(1);
  });

  it('refuses what is not a CA certificate (422, in Vietnamese), too large input, and non-admins (403)', async () => {
    const admin = await t.auth('admin');
    const post = (body: object, who = admin) =>
      t.http().post('/api/trust-anchors').set(who).send(body);
    for (const certificate of [
      'xin chào, đây không phải chứng thư',
      Buffer.from('%PDF-1.7 …').toString('base64') + 'AAAAAAAAAAAAAAAA',
    ]) {
      const res = await post({ certificate });
      expect(res.status).toBe(422);
      expect(res.body.errors[0]).toEqual({
        field: 'certificate',
        message: 'Nội dung không phải là chứng thư số X.509 (PEM, hoặc DER mã hóa base64).',
      });
    }
    const endEntity = issueCertificate(rca.ca, { commonName: 'Người ký', kind: 'person' });
    const notCa = await post({ certificate: endEntity.certPem });
    expect(notCa.status).toBe(422);
    expect(notCa.body.errors[0].message).toMatch(/không phải của một tổ chức chứng thực/);
    expect((await post({ certificate: 'A'.repeat(70_000) })).status).toBe(422);
    for (const who of ['syt.head', 'syt.officer', 'luongvantri.clerk']) {
      const auth = await t.auth(who);
      expect([who, (await post({ certificate: rca.ca.certPem }, auth)).status]).toEqual([who, 403]);
      expect([who, (await t.http().get('/api/trust-anchors').set(auth)).status]).toEqual([
        who,
        403,
      ]);
    }
  });

  it('verifies the two signatures of an issued document of the demo, and one changed byte', async () => {
    const ok = await verify(demoPdf);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ archived: true, signatureStatus: 'valid' });
    expect(ok.body.signatures).toHaveLength(2);
    for (const s of ok.body.signatures) {
      expect(s).toMatchObject({
        signerName: expect.any(String),
        issuer: expect.stringContaining('CA thử nghiệm'),
        serial: expect.stringMatching(/^[0-9A-F]{10,}$/),
        signingTimeVietnam: expect.stringMatching(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/),
        intact: true,
        verdict: 'valid',
        verdictLabel: 'Hợp lệ',
        valid: true,
      });
    }
    expect(
      ok.body.signatures.map((s: { coversWholeDocument: boolean }) => s.coversWholeDocument),
    ).toEqual([false, true]);
    expect(ok.body.signatures[0].signerName).not.toBe(ok.body.signatures[1].signerName);

    const tampered = Buffer.from(demoPdf);
    tampered[tampered.indexOf('stream', 0, 'latin1') + 40] ^= 0x20;
    const bad = await verify(tampered);
    expect(bad.body).toMatchObject({ archived: false, signatureStatus: 'invalid' });
    expect(
      bad.body.signatures.map((s: { verdict: string; verdictLabel: string }) => [
        s.verdict,
        s.verdictLabel,
      ]),
    ).toEqual([
      ['modified-after-signing', 'Đã bị sửa sau khi ký'],
      ['modified-after-signing', 'Đã bị sửa sau khi ký'],
    ]);
  });

  it('shows a certificate revoked at the OCSP responder as revoked, an expired one as expired, an unknown CA as untrusted', async () => {
    const admin = await t.auth('admin');
    const trusted = await t
      .http()
      .post('/api/trust-anchors')
      .set(admin)
      .send({ certificate: rca.ca.certPem });
    expect(trusted.status).toBe(201);
    const pdf = await plainPdf();
    const signWith = (cert: { certPem: string; keyPem: string }, caPem = rca.ca.certPem) =>
      signPdf(pdf, { p12: toPkcs12(cert.certPem, cert.keyPem, caPem, 'pw'), password: 'pw' });

    const good = rca.issue({ commonName: 'Người Ký Hợp Lệ' });
    const revoked = await rca.issueRevoked({ commonName: 'Người Ký Bị Thu Hồi' });
    const expired = rca.issue({
      commonName: 'Người Ký Hết Hạn',
      notBefore: new Date('2021-01-01T00:00:00Z'),
      notAfter: new Date('2022-06-30T00:00:00Z'),
    });
    const stranger = createCertificateAuthority({ commonName: 'CA không quen' });
    const unknown = issueCertificate(stranger, { commonName: 'Người Lạ', kind: 'person' });

    const verdictOf = async (signed: Buffer) => (await verify(signed)).body.signatures[0];
    expect(await verdictOf(await signWith(good))).toMatchObject({
      verdict: 'valid',
      revocation: 'good',
    });
    expect(await verdictOf(await signWith(revoked))).toMatchObject({
      signerName: 'Người Ký Bị Thu Hồi',
      verdict: 'revoked',
      verdictLabel: 'Đã bị thu hồi',
      verdictMessage: expect.stringMatching(
        /^Chứng thư số đã bị thu hồi \(OCSP, ngày \d\d\/\d\d\/\d{4}\)\.$/,
      ),
    });
    expect(await verdictOf(await signWith(expired))).toMatchObject({
      verdict: 'expired',
      verdictLabel: 'Đã hết hạn',
      verdictMessage: 'Chứng thư số đã hết hạn ngày 30/06/2022.',
    });
    expect(await verdictOf(await signWith(unknown, stranger.certPem))).toMatchObject({
      verdict: 'untrusted',
      verdictLabel: 'Không tin cậy',
      verdictMessage: 'Chứng thư số không do tổ chức chứng thực tin cậy cấp.',
    });
  });

  it('takes a CRL uploaded by the admin for a trusted issuer (then a certificate it lists is revoked), and refuses others', async () => {
    const admin = await t.auth('admin');
    // A certificate that names no revocation source: accepted with a note until a CRL says otherwise.
    const silent = rca.issue({ commonName: 'Không công bố thu hồi', ocsp: false, crl: false });
    const signed = await signPdf(await plainPdf(), {
      p12: rca.p12(silent, 'pw'),
      password: 'pw',
    });
    const before = (await verify(signed)).body.signatures[0];
    expect(before).toMatchObject({ verdict: 'valid', revocation: 'unknown' });
    expect(before.notes[0]).toMatch(/không công bố thông tin thu hồi/);
    await rca.revoke(silent.certPem);
    const crl = (await rca.crlDer()).toString('base64');
    const up = await t.http().post('/api/trust-anchors/crls').set(admin).send({ crl });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      issuer: expect.stringContaining('CA thử nghiệm thu hồi'),
      source: 'uploaded',
      revokedCount: expect.any(Number),
    });
    expect((await verify(signed)).body.signatures[0]).toMatchObject({
      verdict: 'revoked',
      verdictMessage: expect.stringMatching(/^Chứng thư số đã bị thu hồi \(CRL, ngày /),
    });
    const list = (await t.http().get('/api/trust-anchors/crls').set(admin)).body;
    expect(list.map((c: { id: string }) => c.id)).toContain(up.body.id);

    const garbage = await t
      .http()
      .post('/api/trust-anchors/crls')
      .set(admin)
      .send({ crl: 'không phải CRL' });
    expect(garbage.status).toBe(422);
    expect(garbage.body.errors[0].field).toBe('crl');
    // A CRL whose issuer is not trusted.
    const other = await startRevocationCa('CA khác');
    try {
      const refused = await t
        .http()
        .post('/api/trust-anchors/crls')
        .set(admin)
        .send({ crl: (await other.crlDer()).toString('base64') });
      expect(refused.status).toBe(422);
      expect(refused.body.errors[0].message).toMatch(
        /không do một tổ chức chứng thực trong danh sách tin cậy/,
      );
    } finally {
      await other.stop();
    }
    expect((await t.http().delete(`/api/trust-anchors/crls/${up.body.id}`).set(admin)).status).toBe(
      204,
    );
  });

  describe('pages', () => {
    let browser: Browser;
    let page: Page;
    let base: string;
    let dir: string;
    const shot = screenshotter('trust');

    beforeAll(async () => {
      base = await listen(t.app);
      browser = await launchBrowser();
      page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-trust-'));
      await signInPage(page, base, 'admin');
    });
    afterAll(async () => {
      await browser?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('the admin adds and removes a trusted CA on /admin/trust; nonsense is refused in Vietnamese', async () => {
      await page.goto(`${base}/admin`, { waitUntil: 'load' });
      await clickAndWait(page, 'a[href="/admin/trust"]');
      expect(await textOf(page, '#anchors-table')).toContain('CA thử nghiệm');

      await page.type('#certificate', 'không phải chứng thư');
      await clickAndWait(page, '#add-anchor button[type="submit"]');
      expect(await textOf(page, '.problems')).toContain(
        'Nội dung không phải là chứng thư số X.509',
      );
      await shot(page, 'trust-refused');

      const ca = createCertificateAuthority({ commonName: 'CA Trang Quản Trị' });
      await page.$eval(
        '#certificate',
        (el, v) => ((el as HTMLTextAreaElement).value = v as string),
        ca.certPem,
      );
      await clickAndWait(page, '#add-anchor button[type="submit"]');
      expect(await textOf(page, '.flash')).toContain('Đã thêm chứng thư vào danh sách tin cậy.');
      expect(await textOf(page, '#anchors-table')).toContain('CA Trang Quản Trị');
      await shot(page, 'trust-added');

      const row = await page.$$eval('#anchors-table tr[data-anchor]', (rows) =>
        rows
          .filter((r) => r.textContent?.includes('CA Trang Quản Trị'))
          .map((r) => r.getAttribute('data-anchor')),
      );
      await clickAndWait(page, `tr[data-anchor="${row[0]}"] form button`);
      expect(await textOf(page, '.flash')).toContain('Đã bỏ chứng thư khỏi danh sách tin cậy.');
      expect(await textOf(page, '#anchors-table')).not.toContain('CA Trang Quản Trị');
    });

    it('the verification page shows both signers of an issued PDF, and "Đã bị sửa sau khi ký" for a changed byte', async () => {
      const upload = async (pdf: Buffer, name: string) => {
        await page.goto(`${base}/archive`, { waitUntil: 'load' });
        const file = path.join(dir, name);
        fs.writeFileSync(file, pdf);
        const input = (await page.$('#verify-file')) as ElementHandle<HTMLInputElement>;
        await input.uploadFile(file);
        await clickAndWait(page, 'form[action="/archive/verify"] button');
        return page.$$eval('#verify-signatures tbody tr', (rows) =>
          rows.map((r) =>
            Array.from(r.querySelectorAll('td')).map((td) => (td as HTMLElement).innerText.trim()),
          ),
        );
      };
      const ok = await upload(demoPdf, 'ban-goc.pdf');
      expect(ok).toHaveLength(2);
      const api = (await verify(demoPdf)).body.signatures;
      for (const [i, cells] of ok.entries()) {
        expect(cells[0]).toContain(api[i].signerName);
        expect(cells[1]).toContain(api[i].serial);
        expect(cells[2]).toBe(api[i].signingTimeVietnam);
        expect(cells[4]).toContain('Hợp lệ');
      }
      expect(ok[0][3]).toContain('Một phần');
      expect(ok[1][3]).toContain('Toàn bộ tệp');
      await shot(page, 'verify-valid');

      const tampered = Buffer.from(demoPdf);
      tampered[tampered.indexOf('stream', 0, 'latin1') + 40] ^= 0x20;
      const bad = await upload(tampered, 'da-sua.pdf');
      expect(bad.map((cells) => cells[4])).toEqual([
        expect.stringContaining('Đã bị sửa sau khi ký'),
        expect.stringContaining('Đã bị sửa sau khi ký'),
      ]);
      await shot(page, 'verify-modified');
    });
  });
});
