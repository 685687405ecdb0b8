import { createHash, createPrivateKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { vietnamDate } from '@app/common';
import { demoCurrentPeriod } from '@app/demo';
import {
  issueCertificate,
  KeyDigestSigner,
  pemCertificates,
  TrustAnchorsRepository,
} from '@app/signatures';
import { RevocationCa, startRevocationCa } from '../support/ocsp';
import { binary } from '../support/http';
import { pdfText } from '../support/pdf';
import { demoPkiDir, demoSigner, returnSignature } from '../support/signer-client';
import { pdfsigBlocks, trustingNssDb } from '../support/pdfsig';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire, periodId } from '../support/workflow';

const pdfsig = (pdf: Buffer, work: string) => pdfsigBlocks(pdf, path.join(work, 'nss'));

/** The web sign-in form as a browser posts it: an agent with the session cookie. */
async function webAgent(t: TestApp, username: string) {
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
  let rca: RevocationCa;

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
    trustingNssDb(path.join(work, 'nss'), demoCa().certPem);
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
    // A second certificate authority, trusted, with its OCSP responder and CRL on loopback.
    rca = await startRevocationCa();
    await t.app.get(TrustAnchorsRepository).insert({
      name: 'CA kiểm thử thu hồi',
      certificatePem: rca.ca.certPem,
      sha256: createHash('sha256').update(pemCertificates(rca.ca.certPem)[0]).digest('hex'),
      addedBy: null,
    });
  });
  afterAll(async () => {
    await rca?.stop();
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

  it('the report page tells the head to sign in the signing application, with the request and the command', async () => {
    const page = await (await webAgent(t, 'luongvantri.head')).get(`/reports/${reportId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="pending-signature"');
    expect(page.text).toContain('Mở ứng dụng ký số trên máy của bạn để ký');
    const { requestId } = (await read()).pendingSignature;
    expect(page.text).toContain(requestId);
    expect(page.text).toContain(`--user luongvantri.head --report ${reportId}`);
    // The officer sees whose signature is awaited, without a command.
    const officer = await (await webAgent(t, 'luongvantri.officer')).get(`/reports/${reportId}`);
    expect(officer.text).toContain('Đang chờ chữ ký số của lãnh đạo');
    expect(officer.text).not.toContain('npm run sign-client');
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

  it('refuses a signature with a revoked certificate (the OCSP responder on loopback says so)', async () => {
    const before = await read();
    const revoked = await rca.issueRevoked({
      commonName: 'Hoàng Văn Nam',
      kind: 'person',
    });
    const me = await t.login('luongvantri.head');
    const registered = await t
      .http()
      .post(`/api/users/${me.user.id}/certificates`)
      .set(await t.auth('luongvantri.head'))
      .send({ certificate: pemCertificates(revoked.certPem)[0].toString('base64') });
    expect(registered.status).toBe(201);
    const asked = rca.ocspRequests();
    const signer = new KeyDigestSigner(
      createPrivateKey(revoked.keyPem),
      pemCertificates(revoked.certPem)[0],
      [pemCertificates(rca.ca.certPem)[0]],
    );
    const res = await returnSignature(t, 'luongvantri.head', reportId, signer);
    await expectUnchanged(res, before, /thu hồi/);
    expect(rca.ocspRequests()).toBeGreaterThan(asked);
  });

  it("accepts the head's signature made with their own key: the report is signed", async () => {
    const res = await returnSignature(
      t,
      'luongvantri.head',
      reportId,
      demoSigner('users', 'luongvantri.head'),
    );
    expect([res.status, res.body.state, res.body.pendingSignature]).toEqual([200, 'signed', null]);
    // Reloaded, the page no longer waits.
    const page = await (await webAgent(t, 'luongvantri.head')).get(`/reports/${reportId}`);
    expect(page.text).not.toContain('id="pending-signature"');
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

  it('a head whose certificates are removed is named to the administrator (API and admin page)', async () => {
    const head = (await t.login('kylua.head')).user.id;
    const admin = await t.auth('admin');
    const mine = await t
      .http()
      .get(`/api/users/${head}/certificates`)
      .set(await t.auth('kylua.head'));
    expect(mine.status).toBe(200);
    expect(mine.body.length).toBeGreaterThan(0);
    expect(mine.body[0]).toMatchObject({ ownerKind: 'user', ownerId: head });
    expect(JSON.stringify(mine.body)).not.toMatch(/PRIVATE|BEGIN/);
    // Another head may not read nor register them.
    expect(
      (
        await t
          .http()
          .get(`/api/users/${head}/certificates`)
          .set(await t.auth('luongvantri.head'))
      ).status,
    ).toBe(403);
    for (const c of mine.body)
      expect(
        (await t.http().delete(`/api/users/${head}/certificates/${c.id}`).set(admin)).status,
      ).toBe(204);
    const missing = await t.http().get('/api/signing-certificates/missing').set(admin);
    expect(missing.status).toBe(200);
    expect(missing.body.users.map((u: any) => u.username)).toEqual(['kylua.head']);
    const page = await (await webAgent(t, 'admin')).get('/admin');
    expect(page.text).toContain('id="missing-certificates"');
    expect(page.text).toContain('(kylua.head)');
    // Not a certificate → 422 naming the field.
    const bad = await t
      .http()
      .post(`/api/users/${head}/certificates`)
      .set(await t.auth('kylua.head'))
      .send({ certificate: 'not a certificate' });
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([422, 'certificate']);
  });

  it('approval mode, as the contract says: SIGN moves a legacy report to signed at once; PATCH switches a unit', async () => {
    const admin = await t.auth('admin');
    const units = (await t.http().get('/api/org-units').set(admin)).body;
    const hd = units.find((u: any) => u.code === 'HD');
    const draft = await draftReport(t, 'hoangdong.officer');
    expect((await fire(t, 'hoangdong.officer', draft.id, 'REQUEST_SIGNATURE')).status).toBe(200);
    const cur = (
      await t
        .http()
        .get(`/api/reports/${draft.id}`)
        .set(await t.auth('hoangdong.head'))
    ).body;
    const signed = await t
      .http()
      .post(`/api/reports/${draft.id}/events`)
      .set(await t.auth('hoangdong.head'))
      .send({ type: 'SIGN', version: cur.version });
    expect([signed.status, signed.body.state, signed.body.pendingSignature]).toEqual([
      200,
      'signed',
      null,
    ]);
    const patched = await t
      .http()
      .patch(`/api/org-units/${hd.id}`)
      .set(admin)
      .send({ signingMode: 'token' });
    expect([patched.status, patched.body.signingMode]).toEqual([200, 'token']);
    expect((await t.http().get(`/api/org-units/${hd.id}`).set(admin)).body.signingMode).toBe(
      'token',
    );
    const wrong = await t
      .http()
      .patch(`/api/org-units/${hd.id}`)
      .set(admin)
      .send({ signingMode: 'paper' });
    expect(wrong.status).toBe(422);
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
