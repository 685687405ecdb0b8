import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { vietnamDate } from '@app/common';
import { demoCurrentPeriod } from '@app/demo';
import { issueCertificate, KeyDigestSigner, pemCertificates } from '@app/signatures';
import { binary } from '../support/http';
import { pdfText } from '../support/pdf';
import { demoPkiDir, demoSigner, returnSignature } from '../support/signer-client';
import { startTestApp, TestApp } from '../support/test-app';
import { fire, periodId } from '../support/workflow';

/** pdfsig's report of a file, one block per signature, with an NSS store trusting the demo CA. */
function pdfsig(pdf: Buffer, work: string): string[] {
  const file = path.join(work, `d-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  const r = spawnSync('/usr/bin/pdfsig', ['-nssdir', path.join(work, 'nss'), file], {
    encoding: 'utf8',
    timeout: 20000,
  });
  fs.rmSync(file);
  return r.stdout.split(/^Signature #\d+:$/m).slice(1);
}

/** The demo CA (its key in the test run's demo PKI directory): issues the test's odd certificates. */
function demoCa() {
  const pem = fs.readFileSync(path.join(demoPkiDir(), 'ca.pem'), 'utf8');
  return {
    certPem: /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(pem)![0] + '\n',
    keyPem: /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]*?-----END (RSA )?PRIVATE KEY-----/.exec(
      pem,
    )![0],
  };
}

/**
 * Deferred signing in a unit signing with tokens (the ward Lương Văn Tri): the head's SIGN and the
 * clerk's SUBMIT prepare the PDF and wait; the client side signs the digest with the key the signer
 * holds (here KeyDigestSigner over the demo .p12 file, the sign client's p12 mode); the server
 * verifies the CMS before the step. A signature from another key, with an expired certificate or
 * over other bytes is refused, the report unchanged.
 */
describe('Deferred signing with the signer’s own key (e2e)', () => {
  let t: TestApp;
  let work: string;
  let reportId: string;
  let issuedPdf: Buffer;
  let numberText: string;

  const read = async (who = 'luongvantri.head') =>
    (
      await t
        .http()
        .get(`/api/reports/${reportId}`)
        .set(await t.auth(who))
    ).body;

  beforeAll(async () => {
    t = await startTestApp();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'te-defsig-'));
    fs.mkdirSync(path.join(work, 'nss'));
    const nss = `sql:${path.join(work, 'nss')}`;
    spawnSync('/usr/bin/certutil', ['-N', '-d', nss, '--empty-password']);
    fs.writeFileSync(path.join(work, 'ca.crt'), demoCa().certPem);
    spawnSync('/usr/bin/certutil', [
      ...['-A', '-d', nss, '-n', 'demo CA', '-t', 'C,C,C', '-i', path.join(work, 'ca.crt')],
    ]);
    const officer = await t.auth('luongvantri.officer');
    const created = await t
      .http()
      .post('/api/reports')
      .set(officer)
      .send({
        periodId: await periodId(t, demoCurrentPeriod(vietnamDate()).code),
        type: 'BC',
        title: 'Báo cáo công tác trẻ em ký bằng khóa của người ký',
      });
    expect(created.status).toBe(201);
    reportId = created.body.id;
    const saved = await t
      .http()
      .patch(`/api/reports/${reportId}`)
      .set(officer)
      .send({
        version: created.body.version,
        data: { '01/TE': { POP: { y2024: 15200 }, 'I.1': { y2024: 3100 } } },
      });
    expect(saved.status).toBe(200);
    expect((await fire(t, 'luongvantri.officer', reportId, 'REQUEST_SIGNATURE')).status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('the ward signs with tokens: its unit says so, a legacy commune approves', async () => {
    const units = (
      await t
        .http()
        .get('/api/org-units')
        .set(await t.auth('admin'))
    ).body;
    const mode = (code: string) => units.find((u: any) => u.code === code).signingMode;
    expect([mode('LVT'), mode('KL'), mode('SYT')]).toEqual(['token', 'token', 'token']);
    expect([mode('HD'), mode('TPLS'), mode('LS')]).toEqual(['approval', 'approval', 'approval']);
  });

  it("SIGN leaves the report awaiting the head's signature, with the request to sign", async () => {
    const before = await read();
    const res = await t
      .http()
      .post(`/api/reports/${reportId}/events`)
      .set(await t.auth('luongvantri.head'))
      .send({ type: 'SIGN', version: before.version });
    expect(res.status).toBe(200);
    expect([res.body.state, res.body.step, res.body.version]).toEqual([
      'draft',
      'awaitingSignature',
      before.version,
    ]);
    expect(res.body.pendingSignature.role).toBe('head');
    const req = await t
      .http()
      .get(`/api/reports/${reportId}/signing-request`)
      .set(await t.auth('luongvantri.head'));
    expect(req.status).toBe(200);
    expect(req.body.requestId).toBe(res.body.pendingSignature.requestId);
    expect(req.body.digestAlgorithm).toBe('SHA-256');
    expect(Buffer.from(req.body.digest, 'base64')).toHaveLength(32);
    expect(req.body.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(req.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const mine = await t
      .http()
      .get('/api/signing-requests')
      .set(await t.auth('luongvantri.head'));
    expect(mine.body.find((r: any) => r.reportId === reportId)).toMatchObject({
      requestId: req.body.requestId,
      role: 'head',
      title: 'Báo cáo công tác trẻ em ký bằng khóa của người ký',
    });
    // Nobody else is asked: not the officer, not the head of another ward.
    for (const who of ['luongvantri.officer', 'kylua.head']) {
      const other = await t
        .http()
        .get('/api/signing-requests')
        .set(await t.auth(who));
      expect(other.body.map((r: any) => r.reportId)).not.toContain(reportId);
    }
  });

  const expectUnchanged = async (res: any, before: any, reason: RegExp) => {
    expect([res.status, res.body.code]).toEqual([422, 'SIGNATURE_REFUSED']);
    expect(res.body.message).toMatch(reason);
    const after = await read();
    expect([after.state, after.step, after.version]).toEqual([
      before.state,
      before.step,
      before.version,
    ]);
    expect(after.pendingSignature).toEqual(before.pendingSignature);
  };

  it("refuses a signature made with another person's key (422, nothing changed)", async () => {
    const before = await read();
    const res = await returnSignature(
      t,
      'luongvantri.head',
      reportId,
      demoSigner('users', 'kylua.head'),
    );
    await expectUnchanged(res, before, /không phải chứng thư số đã đăng ký/);
  });

  it('refuses a signature over other bytes than the prepared PDF', async () => {
    const before = await read();
    const res = await returnSignature(
      t,
      'luongvantri.head',
      reportId,
      demoSigner('users', 'luongvantri.head'),
      (digest) => Buffer.from(digest.map((b, i) => (i === 0 ? b ^ 1 : b))),
    );
    await expectUnchanged(res, before, /mã băm khác/);
  });

  it('refuses a signature with an expired certificate, even one registered for the head', async () => {
    const before = await read();
    const ca = demoCa();
    const expired = issueCertificate(ca, {
      commonName: 'Lãnh đạo phường Lương Văn Tri',
      kind: 'person',
      notBefore: new Date('2021-01-01T00:00:00Z'),
      validYears: -0.01,
    });
    const me = await t.login('luongvantri.head');
    const registered = await t
      .http()
      .post(`/api/users/${me.user.id}/certificates`)
      .set(await t.auth('luongvantri.head'))
      .send({ certificate: expired.certPem });
    expect(registered.status).toBe(201);
    expect(new Date(registered.body.notAfter).getTime()).toBeLessThan(Date.now());
    const signer = new KeyDigestSigner(
      createPrivateKey(expired.keyPem),
      pemCertificates(expired.certPem)[0],
      [pemCertificates(ca.certPem)[0]],
    );
    const res = await returnSignature(t, 'luongvantri.head', reportId, signer);
    expect([res.status, res.body.code]).toEqual([422, 'SIGNATURE_REFUSED']);
    const after = await read();
    expect([after.state, after.step, after.version]).toEqual([
      before.state,
      before.step,
      before.version,
    ]);
  });

  it("accepts the head's signature made with their own key: the report is signed", async () => {
    const res = await returnSignature(
      t,
      'luongvantri.head',
      reportId,
      demoSigner('users', 'luongvantri.head'),
    );
    expect([res.status, res.body.state, res.body.pendingSignature]).toEqual([200, 'signed', null]);
    const again = await t
      .http()
      .get(`/api/reports/${reportId}/signing-request`)
      .set(await t.auth('luongvantri.head'));
    expect(again.status).toBe(404);
  });

  it("SUBMIT waits for the organisation's signature from the clerk's token, then issues", async () => {
    const before = await read('luongvantri.clerk');
    const res = await t
      .http()
      .post(`/api/reports/${reportId}/events`)
      .set(await t.auth('luongvantri.clerk'))
      .send({ type: 'SUBMIT', version: before.version });
    expect([res.status, res.body.state, res.body.pendingSignature?.role]).toEqual([
      200,
      'signed',
      'organisation',
    ]);
    // The head cannot send the organisation's signature.
    const byHead = await returnSignature(
      t,
      'luongvantri.head',
      reportId,
      demoSigner('units', 'LVT'),
    ).catch((e: Error) => e);
    expect(byHead).toBeInstanceOf(Error);
    const signed = await returnSignature(
      t,
      'luongvantri.clerk',
      reportId,
      demoSigner('units', 'LVT'),
    );
    expect([signed.status, signed.body.state]).toEqual([200, 'submitted']);
    numberText = signed.body.number;
    expect(numberText).toMatch(/^\d{2}\/BC-UBND$/);
    issuedPdf = (
      await t
        .http()
        .get(`/api/documents/${signed.body.documentId}/pdf`)
        .set(await t.auth('luongvantri.clerk'))
        .buffer(true)
        .parse(binary)
    ).body;
  });

  it('the archived PDF carries two valid signatures, the head’s then the organisation’s over the whole file', () => {
    const blocks = pdfsig(issuedPdf, work);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(/Signer Certificate Common Name: Hoàng Văn Nam/);
    expect(blocks[1]).toMatch(
      /Signer Certificate Common Name: Ủy ban nhân dân phường Lương Văn Tri/,
    );
    for (const b of blocks) {
      expect(b).toMatch(/Signature Validation: Signature is Valid\./);
      expect(b).toMatch(/Certificate Validation: Certificate is Trusted\./);
    }
    expect(blocks[1]).toMatch(/Total document signed/);
  });

  it('the number and the issue date are in their places, as text', () => {
    const text = pdfText(issuedPdf);
    expect(text).toContain(`Số: ${numberText}`);
    expect(text).toMatch(/Lương Văn Tri, ngày \d{2} tháng \d{2} năm \d{4}/);
  });

  it('no column of the database holds a private key or a PKCS#12 (PKCS#8 / PFX material)', async () => {
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    try {
      const columns: { table_name: string; column_name: string; data_type: string }[] = (
        await c.query(
          `SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type IN ('bytea', 'text', 'character varying', 'jsonb')`,
        )
      ).rows;
      expect(columns.length).toBeGreaterThan(20);
      const found: string[] = [];
      // DER prefixes: PKCS#8 PrivateKeyInfo (version 0, rsaEncryption / id-ecPublicKey),
      // EncryptedPrivateKeyInfo (PBES2), a PKCS#12 PFX (version 3, then pkcs7-data).
      const der = [
        '020100300d06092a864886f70d0101010500',
        '020100301306072a8648ce3d0201',
        '06092a864886f70d01050d',
        '0201033082',
      ];
      const texts = ['PRIVATE KEY', 'AgEAMA0GCSqGSIb3DQEBAQUABII', 'BgkqhkiG9w0BBQ0'];
      for (const col of columns) {
        const id = `"${col.table_name}"."${col.column_name}"`;
        const q = `SELECT count(*)::int AS n FROM "${col.table_name}" WHERE `;
        const cond =
          col.data_type === 'bytea'
            ? der.map((h) => `position('\\x${h}'::bytea in "${col.column_name}") > 0`).join(' OR ')
            : texts.map((s) => `"${col.column_name}"::text LIKE '%${s}%'`).join(' OR ');
        const n = (await c.query(q + cond)).rows[0].n;
        if (n > 0) found.push(`${id}: ${n}`);
      }
      expect(found).toEqual([]);
      // The people's server-held credentials are gone.
      const people = (
        await c.query(`SELECT count(*)::int AS n FROM signing_credential WHERE owner_kind = 'user'`)
      ).rows[0].n;
      expect(people).toBe(0);
    } finally {
      await c.end();
    }
  });
});
