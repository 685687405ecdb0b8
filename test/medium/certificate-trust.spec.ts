import { X509Certificate } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { VerificationService } from '@app/archive';
import {
  CertificateTrust,
  CertificateTrustService,
  TrustAnchorsRepository,
  createCertificateAuthority,
  issueCertificate,
  signPdf,
} from '@app/signatures';
import { startMediumApp, MediumApp } from '../support/medium-app';
import { RevocationCa, startRevocationCa } from '../support/ocsp';

const der = (pem: string) => Buffer.from(new X509Certificate(pem).raw);
const sha256 = (pem: string) =>
  new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase();

/**
 * CertificateTrust against real PostgreSQL (the trust store, the caches), a real OCSP responder
 * (`openssl ocsp`) and a CRL served over http on loopback.
 */
describe(CertificateTrustService.name, () => {
  let m: MediumApp;
  let rca: RevocationCa;
  let trust: CertificateTrustService;

  beforeAll(async () => {
    m = await startMediumApp();
    rca = await startRevocationCa();
    trust = m.get(CertificateTrustService);
    await m.get(TrustAnchorsRepository).insert({
      name: 'test CA',
      certificatePem: rca.ca.certPem,
      sha256: sha256(rca.ca.certPem),
      addedBy: null,
    });
  });
  afterAll(async () => {
    await rca?.stop();
    await m?.close();
  });

  it('is what SignaturesModule provides as CertificateTrust', () => {
    expect(m.get(CertificateTrust as never)).toBe(trust);
  });

  it('accepts a certificate the OCSP responder says is good, with its chain up to the anchor', async () => {
    const good = rca.issue({ commonName: 'Nguyễn Văn Tốt' });
    const asked = rca.ocspRequests();
    const r = await trust.assess(der(good.certPem), [], new Date());
    expect(rca.ocspRequests()).toBe(asked + 1);
    expect(r).toMatchObject({ verdict: 'valid', message: '', revocation: 'good' });
    expect(r.chain.map((c) => c.toString('base64'))).toEqual([
      der(good.certPem).toString('base64'),
      der(rca.ca.certPem).toString('base64'),
    ]);
  });

  it("refuses a certificate revoked at the OCSP responder as 'revoked'", async () => {
    const revoked = await rca.issueRevoked({ commonName: 'Trần Thị Thu Hồi' });
    const r = await trust.check(der(revoked.certPem), [], new Date());
    expect(r.verdict).toBe('revoked');
    expect(r.message).toMatch(/^Chứng thư số đã bị thu hồi \(OCSP, ngày \d\d\/\d\d\/\d{4}\)\.$/);
  });

  it('reads the CRL distribution point when the certificate names no OCSP responder', async () => {
    const good = rca.issue({ commonName: 'Chỉ CRL', ocsp: false });
    expect((await trust.assess(der(good.certPem), [], new Date())).revocation).toBe('good');
    const revoked = rca.issue({ commonName: 'Chỉ CRL thu hồi', ocsp: false });
    await rca.revoke(revoked.certPem);
    // The CRL fetched above is kept until its nextUpdate (an hour): a new CRL is not fetched yet.
    expect((await trust.check(der(revoked.certPem), [], new Date())).verdict).toBe('valid');
    const later = new Date(Date.now() + 2 * 3600_000);
    const r = await trust.assess(der(revoked.certPem), [], new Date(), later);
    expect(r.verdict).toBe('revoked');
    expect(r.message).toMatch(/^Chứng thư số đã bị thu hồi \(CRL, ngày /);
  });

  it('reuses an OCSP answer without nextUpdate for five minutes, not after', async () => {
    const cert = rca.issue({ commonName: 'Bộ nhớ đệm OCSP' });
    const before = rca.ocspRequests();
    const now = new Date();
    expect((await trust.check(der(cert.certPem), [], now)).verdict).toBe('valid');
    await rca.revoke(cert.certPem);
    // Within five minutes the kept answer ("good") is used; past them the responder is asked again.
    const in4 = new Date(now.getTime() + 4 * 60_000);
    expect((await trust.assess(der(cert.certPem), [], now, in4)).verdict).toBe('valid');
    const in6 = new Date(now.getTime() + 6 * 60_000);
    // The responder's answer is dated now, which is earlier than `in6`: it is used.
    expect((await trust.assess(der(cert.certPem), [], now, in6)).verdict).toBe('revoked');
    expect(rca.ocspRequests() - before).toBe(2);
  });

  it("an expired certificate → 'expired' with its end date", async () => {
    const expired = rca.issue({
      commonName: 'Hết Hạn',
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2021-03-04T00:00:00Z'),
    });
    const r = await trust.check(der(expired.certPem), [], new Date());
    expect(r.verdict).toBe('expired');
    expect(r.message).toBe('Chứng thư số đã hết hạn ngày 04/03/2021.');
  });

  it("a certificate of a CA outside the trust store → 'untrusted', even with its CA attached", async () => {
    const other = createCertificateAuthority({ commonName: 'CA lạ' });
    const cert = issueCertificate(other, { commonName: 'Người Lạ', kind: 'person' });
    for (const withCa of [[], [der(other.certPem)]]) {
      const r = await trust.check(der(cert.certPem), withCa, new Date());
      expect(r).toEqual({
        verdict: 'untrusted',
        message: 'Chứng thư số không do tổ chức chứng thực tin cậy cấp.',
        chain: [],
      });
    }
  });

  it('refuses when the certificate names a responder and a CRL that do not answer', async () => {
    const cert = rca.issue({
      commonName: 'Không kiểm tra được',
      ocspUrl: 'http://127.0.0.1:9/',
      crlUrl: 'http://127.0.0.1:9/ca.crl',
    });
    const r = await trust.check(der(cert.certPem), [], new Date());
    expect(r.verdict).toBe('untrusted');
    expect(r.message).toMatch(/^Không kiểm tra được tình trạng thu hồi/);
  });

  it('accepts a demo certificate (no revocation published) with a note', async () => {
    const row = (await m.get(TrustAnchorsRepository).list()).find((a) => a.name.includes('DEMO'));
    expect(row).toBeDefined();
    // A demo head's certificate, registered in their profile (the key stays in the demo's file).
    const demoCert = (
      await m.ds.query(
        `SELECT c.certificate_der FROM registered_certificate c JOIN app_user u ON u.id = c.owner_id
          WHERE c.owner_kind = 'user' AND u.username = 'hoangdong.head' LIMIT 1`,
      )
    )[0].certificate_der as Buffer;
    const r = await trust.assess(demoCert, [], new Date());
    expect(r).toMatchObject({ verdict: 'valid', revocation: 'unknown' });
    expect(r.notes[0]).toMatch(/không công bố thông tin thu hồi/);
  });

  it("a certificate without digitalSignature/nonRepudiation → 'not-for-signing'", async () => {
    // The CA certificate itself: trusted, valid, but for signing certificates only.
    const r = await trust.check(der(rca.ca.certPem), [], new Date());
    expect(r.verdict).toBe('not-for-signing');
  });

  it('verification of a PDF signed with a revoked certificate shows it revoked, a good one valid', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([595, 842]).drawText('Van ban thu', { x: 50, y: 780, size: 14, font });
    const pdf = Buffer.from(await doc.save());
    const good = rca.issue({ commonName: 'Người Ký Tốt' });
    const revoked = rca.issue({ commonName: 'Người Ký Bị Thu Hồi' });
    const signedGood = await signPdf(pdf, { p12: rca.p12(good, 'pw'), password: 'pw' });
    const signedRevoked = await signPdf(pdf, { p12: rca.p12(revoked, 'pw'), password: 'pw' });
    await rca.revoke(revoked.certPem);
    const user = await m.user('syt.officer');
    const verification = m.get(VerificationService);

    const ok = await verification.verify(user, signedGood);
    expect(ok.signatureStatus).toBe('valid');
    expect(ok.signatures).toEqual([
      expect.objectContaining({
        signerName: 'Người Ký Tốt',
        issuer: expect.stringContaining('CA thử nghiệm thu hồi'),
        serial: new X509Certificate(good.certPem).serialNumber.toUpperCase(),
        verdict: 'valid',
        verdictLabel: 'Hợp lệ',
        revocation: 'good',
        coversWholeDocument: true,
      }),
    ]);
    expect(ok.signatures[0].signingTimeVietnam).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);

    const bad = await verification.verify(user, signedRevoked);
    expect(bad.signatureStatus).toBe('revoked');
    expect(bad.signatures).toEqual([
      expect.objectContaining({
        signerName: 'Người Ký Bị Thu Hồi',
        intact: true,
        verdict: 'revoked',
        verdictLabel: 'Đã bị thu hồi',
        verdictMessage: expect.stringMatching(/^Chứng thư số đã bị thu hồi \(OCSP, ngày /),
        valid: false,
      }),
    ]);
  });

  it('accepts OCSP answers of a responder the CA delegated, and refuses those of a responder it never certified', async () => {
    const anchors = m.get(TrustAnchorsRepository);
    for (const [responder, expected] of [
      ['delegated', 'revoked'],
      ['rogue', 'untrusted'],
    ] as const) {
      const other = await startRevocationCa(`CA ủy quyền OCSP ${responder}`, { responder });
      try {
        await anchors.insert({
          name: responder,
          certificatePem: other.ca.certPem,
          sha256: sha256(other.ca.certPem),
          addedBy: null,
        });
        const revoked = await other.issueRevoked({ commonName: 'Thu Hồi', crl: false });
        const r = await trust.assess(der(revoked.certPem), [], new Date());
        expect([responder, r.verdict]).toEqual([responder, expected]);
        if (responder === 'delegated')
          expect(r.message).toMatch(/^Chứng thư số đã bị thu hồi \(OCSP, ngày /);
        else expect(r.problems.join(' ')).toMatch(/OCSP answer's signer is not accepted/);
      } finally {
        await other.stop();
      }
    }
  });
});
