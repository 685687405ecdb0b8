import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { Client } from 'pg';
import { vietnamYear } from '@app/common';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire } from '../support/workflow';
import { binary } from '../support/http';
import { pdfsigBlocks, trustingNssDb } from '../support/pdfsig';

const pdfsig = (pdf: Buffer, work: string) => pdfsigBlocks(pdf, path.join(work, 'nss'));

/** A small solid-colour PNG (what an admin uploads as a signature or a seal). */
function png(width: number, height: number, [r, g, b]: number[]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.concat(
    Array.from({ length: height }, () =>
      Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).map((_, i) => [r, g, b][i % 3])]),
    ),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('Digital signatures of issued documents (e2e)', () => {
  let t: TestApp;
  let work: string;
  let pdf: Buffer;
  let issued: any;

  beforeAll(async () => {
    t = await startTestApp();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'te-sig-'));
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    const [{ certificate_pem: ca }] = (await c.query(`SELECT certificate_pem FROM trusted_root`))
      .rows;
    await c.end();
    trustingNssDb(path.join(work, 'nss'), ca);

    const report = await draftReport(t, 'hoangdong.officer');
    for (const [who, ev] of [
      ['hoangdong.officer', 'REQUEST_SIGNATURE'],
      ['hoangdong.head', 'SIGN'],
      ['hoangdong.clerk', 'SUBMIT'],
    ]) {
      const res = await fire(t, who, report.id, ev);
      expect([ev, res.status]).toEqual([ev, 200]);
      issued = res.body;
    }
    pdf = (
      await t
        .http()
        .get(`/api/documents/${issued.documentId}/pdf`)
        .set(await t.auth('hoangdong.clerk'))
        .buffer(true)
        .parse(binary)
    ).body;
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  // Hoàng Đồng signs in approval mode: the head approves in the system (no personal digital
  // signature), the organisation's signature covers the issued file. Token mode, with both
  // signatures: deferred-signing.e2e-spec.ts.
  it("carries the organisation's PAdES signature over the whole file, valid for pdfsig with the demo CA trusted", () => {
    const blocks = pdfsig(pdf, work);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatch(/Signer Certificate Common Name: Ủy ban nhân dân xã Hoàng Đồng/);
    expect(blocks[0]).toMatch(/Signature Validation: Signature is Valid\./);
    expect(blocks[0]).toMatch(/Certificate Validation: Certificate is Trusted\./);
    expect(blocks[0]).toMatch(/Total document signed/);
  });

  it('the archive holds exactly the signed bytes, and the product verifies the signature', async () => {
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(
      (
        await t
          .http()
          .get(`/api/documents/${issued.documentId}`)
          .set(await t.auth('hoangdong.clerk'))
      ).body.sha256,
    );
    const res = await t
      .http()
      .post('/api/documents/verify')
      .set(await t.auth('tpls.officer'))
      .set('Content-Type', 'application/pdf')
      .send(pdf);
    expect(res.body).toMatchObject({ archived: true, signatureStatus: 'valid' });
    expect(res.body.signatures).toEqual([
      expect.objectContaining({
        signerName: 'Ủy ban nhân dân xã Hoàng Đồng',
        intact: true,
        trusted: true,
        valid: true,
        coversWholeDocument: true,
      }),
    ]);
    expect(res.body.signatures[0].certificateChain.at(-1)).toMatch(/CA thử nghiệm/);
  });

  it('one changed byte in the signed content makes the signature invalid, for the product and for pdfsig', async () => {
    const tampered = Buffer.from(pdf);
    const at = tampered.indexOf('stream', 0, 'latin1') + 40;
    tampered[at] ^= 0x20;
    const blocks = pdfsig(tampered, work);
    expect(blocks).toHaveLength(1);
    for (const b of blocks) expect(b).not.toMatch(/Signature Validation: Signature is Valid\./);
    const res = await t
      .http()
      .post('/api/documents/verify')
      .set(await t.auth('tpls.officer'))
      .set('Content-Type', 'application/pdf')
      .send(tampered);
    expect(res.body.archived).toBe(false);
    expect(res.body.signatureStatus).not.toBe('valid');
    expect(res.body.signatures.map((s: any) => s.intact)).toEqual([false]);
  });

  it('refuses any PKCS#12 upload: no private key is stored in the database', async () => {
    const { createCertificateAuthority, issueCertificate, toPkcs12 } =
      await import('@app/signatures');
    const ca = createCertificateAuthority({ commonName: 'CA thử' });
    const cert = issueCertificate(ca, {
      commonName: 'Ủy ban nhân dân xã Mai Pha',
      kind: 'organisation',
    });
    const p12 = toPkcs12(cert.certPem, cert.keyPem, ca.certPem, 'mật-khẩu');
    const units = (
      await t
        .http()
        .get('/api/org-units')
        .set(await t.auth('admin'))
    ).body;
    const owners = [
      { ownerKind: 'orgUnit', ownerId: units.find((u: any) => u.code === 'MP').id },
      { ownerKind: 'user', ownerId: (await t.login('maipha.head')).user.id },
    ];
    for (const owner of owners) {
      const res = await t
        .http()
        .post('/api/signing-credentials')
        .set(await t.auth('admin'))
        .send({ ...owner, p12: p12.toString('base64'), password: 'mật-khẩu' });
      expect([res.status, res.body.errors?.[0]?.field]).toEqual([422, 'p12']);
    }
    const list = await t
      .http()
      .get('/api/signing-credentials')
      .set(await t.auth('admin'));
    expect(list.body).toEqual([]);
  });

  it("prints the signer's signature image and the organisation's seal on the issued original", async () => {
    const units = (
      await t
        .http()
        .get('/api/org-units')
        .set(await t.auth('admin'))
    ).body;
    const ql = units.find((u: any) => u.code === 'QL').id;
    const head = (await t.login('quanglac.head')).user.id;
    const admin = await t.auth('admin');
    expect(
      (
        await t
          .http()
          .post('/api/signing-images')
          .set(admin)
          .send({
            ownerKind: 'user',
            ownerId: head,
            image: Buffer.from('not an image at all').toString('base64'),
          })
      ).status,
    ).toBe(422);
    expect(
      (
        await t
          .http()
          .post('/api/signing-images')
          .set(admin)
          .send({
            ownerKind: 'user',
            ownerId: head,
            image: png(40, 20, [20, 40, 200]).toString('base64'),
          })
      ).status,
    ).toBe(201);
    expect(
      (
        await t
          .http()
          .post('/api/signing-images')
          .set(admin)
          .send({
            ownerKind: 'orgUnit',
            ownerId: ql,
            image: png(30, 30, [210, 20, 20]).toString('base64'),
          })
      ).status,
    ).toBe(201);
    expect(
      (
        await t
          .http()
          .post('/api/signing-images')
          .set(await t.auth('quanglac.head'))
          .send({
            ownerKind: 'user',
            ownerId: head,
            image: png(4, 4, [0, 0, 0]).toString('base64'),
          })
      ).status,
    ).toBe(403);
    const report = await draftReport(t, 'quanglac.officer');
    for (const [who, ev] of [
      ['quanglac.officer', 'REQUEST_SIGNATURE'],
      ['quanglac.head', 'SIGN'],
      ['quanglac.clerk', 'SUBMIT'],
    ]) {
      expect((await fire(t, who, report.id, ev)).status).toBe(200);
    }
    const original = (
      await t
        .http()
        .get(`/api/reports/${report.id}/pdf`)
        .set(await t.auth('quanglac.clerk'))
        .buffer(true)
        .parse(binary)
    ).body;
    const file = path.join(work, 'with-images.pdf');
    fs.writeFileSync(file, original);
    const images = spawnSync('/usr/bin/pdfimages', ['-list', file], { encoding: 'utf8' })
      .stdout.split('\n')
      .slice(2)
      .filter((l) => l.trim());
    expect(images.map((l) => l.trim().split(/\s+/).slice(3, 5).join('x'))).toEqual(
      expect.arrayContaining(['40x20', '30x30']),
    );
    // The signature is valid over the page that carries the images.
    for (const b of pdfsig(original, work)) expect(b).toMatch(/Signature is Valid/);
  });

  it("refuses to issue when the organisation's server-side slot has no key for the unit, and leaves nothing behind", async () => {
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    // The slot holds each approval-mode unit's key under the unit's code: renamed, Mai Pha has none.
    await c.query(`UPDATE org_unit SET code = 'MP-NOKEY' WHERE code = 'MP'`);
    const report = await draftReport(t, 'maipha.officer');
    expect((await fire(t, 'maipha.officer', report.id, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, 'maipha.head', report.id, 'SIGN')).status).toBe(200);
    const res = await fire(t, 'maipha.clerk', report.id, 'SUBMIT');
    expect([res.status, res.body.code]).toEqual([409, 'ORGANISATION_SLOT_UNAVAILABLE']);
    expect(res.body.message).toMatch(/khóa ký của cơ quan/);
    expect(
      (
        await c.query(
          `SELECT count(*)::int AS n FROM document_number_registry WHERE org_unit_id = (SELECT id FROM org_unit WHERE code = 'MP-NOKEY') AND year = $1`,
          [vietnamYear()],
        )
      ).rows[0].n,
    ).toBe(0);
    await c.end();
  });
});
