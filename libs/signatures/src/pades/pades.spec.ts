import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { certificateInfo, nameField, pemCertificates } from './certificate';
import {
  createCertificateAuthority,
  ensureDemoPki,
  issueCertificate,
  OID_KP_DOCUMENT_SIGNING,
  pdfSignatureVerdict,
  PdfSignError,
  Pkcs12FormatError,
  Pkcs12PasswordError,
  readPkcs12,
  signPdf,
  toPkcs12,
  verifyPdfSignatures,
} from './index';

const subjectOf = (pem: string) => certificateInfo(pemCertificates(pem)[0]).subject;

async function plainPdf(useObjectStreams: boolean): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < 2; i++)
    doc.addPage([595, 842]).drawText(`Page ${i + 1}`, { x: 50, y: 780, size: 14, font });
  return Buffer.from(await doc.save({ useObjectStreams }));
}

describe('PAdES: PKI', () => {
  const ca = createCertificateAuthority({
    commonName: 'CA thử nghiệm Lạng Sơn',
    organization: 'Sở Lao động - Thương binh và Xã hội',
  });
  const person = issueCertificate(ca, {
    commonName: 'Hoàng Quốc Thành',
    organization: 'Ủy ban nhân dân xã Hoàng Đồng',
    kind: 'person',
  });

  it('creates a self-signed CA and issues RSA-2048 SHA-256 signing certificates with Vietnamese names', () => {
    const caX = new X509Certificate(ca.certPem);
    const x = new X509Certificate(person.certPem);
    expect(caX.ca).toBe(true);
    expect(caX.verify(caX.publicKey)).toBe(true);
    expect(x.ca).toBe(false);
    expect(x.checkIssued(caX) && x.verify(caX.publicKey)).toBe(true);
    expect(x.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(x.keyUsage).toEqual(
      expect.arrayContaining(['1.3.6.1.5.5.7.3.4', OID_KP_DOCUMENT_SIGNING]),
    );
    expect(nameField(subjectOf(person.certPem), 'CN')).toBe('Hoàng Quốc Thành');
    expect(nameField(subjectOf(person.certPem), 'O')).toBe('Ủy ban nhân dân xã Hoàng Đồng');
    // The issuer name is the CA's subject byte for byte (no double UTF-8 encoding); the CA is self-signed.
    const caName = certificateInfo(pemCertificates(ca.certPem)[0]).issuerDer;
    expect(certificateInfo(pemCertificates(person.certPem)[0]).issuerDer.equals(caName)).toBe(true);
    const other = issueCertificate(ca, {
      commonName: 'Ủy ban nhân dân xã Hoàng Đồng',
      organization: 'Ủy ban nhân dân xã Hoàng Đồng',
      kind: 'organisation',
    });
    expect(new X509Certificate(other.certPem).serialNumber).not.toBe(x.serialNumber);
  });

  it('round-trips a certificate and its key through a password-protected PKCS#12 file', () => {
    const p12 = toPkcs12(person.certPem, person.keyPem, ca.certPem, 'mật khẩu 123');
    const back = readPkcs12(p12, 'mật khẩu 123');
    expect(new X509Certificate(back.certPem).fingerprint256).toBe(
      new X509Certificate(person.certPem).fingerprint256,
    );
    expect(back.chainPem.map((p) => new X509Certificate(p).fingerprint256)).toEqual([
      new X509Certificate(ca.certPem).fingerprint256,
    ]);
    expect(back.keyPem).toContain('PRIVATE KEY');
    expect(new X509Certificate(back.certPem).checkPrivateKey(createPrivateKey(back.keyPem))).toBe(
      true,
    );
  });

  it('refuses a wrong password with Pkcs12PasswordError and garbage with Pkcs12FormatError', () => {
    const p12 = toPkcs12(person.certPem, person.keyPem, ca.certPem, 'right');
    expect(() => readPkcs12(p12, 'wrong')).toThrow(Pkcs12PasswordError);
    expect(() => readPkcs12(Buffer.from('not a p12 file at all'), 'right')).toThrow(
      Pkcs12FormatError,
    );
    expect(() => toPkcs12(person.certPem, person.keyPem, ca.certPem, '')).toThrow();
  });
});

describe('PAdES: signing and verification (pdf-lib input, no browser)', () => {
  const ca = createCertificateAuthority({ commonName: 'CA thử nghiệm' });
  const head = issueCertificate(ca, {
    commonName: 'Hoàng Quốc Thành',
    organization: 'Ủy ban nhân dân xã Hoàng Đồng',
    kind: 'person',
  });
  const unit = issueCertificate(ca, {
    commonName: 'Ủy ban nhân dân xã Hoàng Đồng',
    organization: 'Ủy ban nhân dân xã Hoàng Đồng',
    kind: 'organisation',
  });
  const headP12 = { p12: toPkcs12(head.certPem, head.keyPem, ca.certPem, 'pw'), password: 'pw' };
  const unitP12 = { p12: toPkcs12(unit.certPem, unit.keyPem, ca.certPem, 'pw'), password: 'pw' };

  it.each([
    ['a cross-reference table', false],
    ['a cross-reference stream and object streams', true],
  ])(
    'signs a PDF with %s twice by incremental update; both signatures hold',
    async (_label, streams) => {
      const pdf = await plainPdf(streams);
      const time = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
      const once = await signPdf(pdf, headP12, {
        fieldName: 'LanhDao',
        reason: 'Ký ban hành',
        signingTime: time,
      });
      const twice = await signPdf(once, unitP12, {
        fieldName: 'CoQuan',
        reason: 'Cơ quan ban hành',
        signingTime: new Date(time.getTime() + 1000),
      });
      // Incremental: every earlier byte stays where it was.
      expect(once.subarray(0, pdf.length).equals(pdf)).toBe(true);
      expect(twice.subarray(0, once.length).equals(once)).toBe(true);
      // Still a readable PDF with the same pages.
      expect((await PDFDocument.load(twice)).getPageCount()).toBe(2);

      const reports = await verifyPdfSignatures(twice, [ca.certPem]);
      expect(reports).toHaveLength(2);
      expect(
        reports.map((r) => [
          r.fieldName,
          r.signerName,
          r.signerOrganization,
          r.intact,
          r.trusted,
          r.coversWholeDocument,
        ]),
      ).toEqual([
        ['LanhDao', 'Hoàng Quốc Thành', 'Ủy ban nhân dân xã Hoàng Đồng', true, true, false],
        [
          'CoQuan',
          'Ủy ban nhân dân xã Hoàng Đồng',
          'Ủy ban nhân dân xã Hoàng Đồng',
          true,
          true,
          true,
        ],
      ]);
      expect(reports[0].certificateChain).toEqual(['Hoàng Quốc Thành', 'CA thử nghiệm']);
      expect(reports[0].signingTime).toBe(time.toISOString());
      expect(reports[1].signingTime).toBe(new Date(time.getTime() + 1000).toISOString());
      expect(reports[1].subFilter).toBe('ETSI.CAdES.detached');
      expect(reports[0].reason).toBe('Ký ban hành');
      expect(pdfSignatureVerdict(reports)).toMatchObject({ status: 'valid', valid: true });
    },
  );

  it('reports a changed byte, an unknown root, bytes appended after the last signature, and no signature', async () => {
    const signed = await signPdf(await plainPdf(false), headP12, {});
    const [r] = await verifyPdfSignatures(signed, [ca.certPem]);
    expect(r).toMatchObject({
      intact: true,
      trusted: true,
      coversWholeDocument: true,
      fieldName: 'Signature1',
      valid: true,
    });

    const tampered = Buffer.from(signed);
    const at =
      tampered.indexOf('Page 1') >= 0
        ? tampered.indexOf('Page 1')
        : tampered.indexOf('stream') + 12;
    tampered[at] ^= 0x01;
    expect(at).toBeLessThan(r.byteRange[1]);
    const [bad] = await verifyPdfSignatures(tampered, [ca.certPem]);
    expect(bad.intact).toBe(false);
    expect(bad.problems.join(' ')).toMatch(/digest/);
    expect(pdfSignatureVerdict([bad]).status).toBe('invalid');

    const otherCa = createCertificateAuthority({ commonName: 'Another CA' });
    const [untrusted] = await verifyPdfSignatures(signed, [otherCa.certPem]);
    expect(untrusted).toMatchObject({ intact: true, trusted: false, valid: false });
    expect(pdfSignatureVerdict([untrusted]).status).toBe('untrusted');

    const appended = Buffer.concat([signed, Buffer.from('\n1 0 obj\n<< >>\nendobj\n')]);
    const [partial] = await verifyPdfSignatures(appended, [ca.certPem]);
    expect(partial).toMatchObject({ intact: true, coversWholeDocument: false });
    expect(pdfSignatureVerdict([partial]).status).toBe('modified-after-signing');

    expect(await verifyPdfSignatures(await plainPdf(true), [ca.certPem])).toEqual([]);
    expect(pdfSignatureVerdict([]).status).toBe('unsigned');
  });

  it('names fields Signature1, Signature2 by default and refuses a duplicate name', async () => {
    const a = await signPdf(await plainPdf(true), headP12, { signatureLength: 4096 });
    const b = await signPdf(a, unitP12);
    expect((await verifyPdfSignatures(b, [ca.certPem])).map((r) => r.fieldName)).toEqual([
      'Signature1',
      'Signature2',
    ]);
    await expect(signPdf(b, unitP12, { fieldName: 'Signature1' })).rejects.toThrow(PdfSignError);
    await expect(signPdf(b, { ...unitP12, password: 'nope' })).rejects.toThrow(Pkcs12PasswordError);
    await expect(signPdf(Buffer.from('%PDF-1.7\nnothing'), unitP12)).rejects.toThrow(PdfSignError);
  });

  it('writes the signing-time attribute for adbe.pkcs7.detached and reads it back', async () => {
    const time = new Date(Math.floor(Date.now() / 1000) * 1000);
    const s = await signPdf(await plainPdf(false), headP12, {
      subFilter: 'adbe.pkcs7.detached',
      signingTime: time,
    });
    const [r] = await verifyPdfSignatures(s, [ca.certPem]);
    expect(r).toMatchObject({
      subFilter: 'adbe.pkcs7.detached',
      intact: true,
      trusted: true,
      signingTime: time.toISOString(),
    });
  });
});

describe('PAdES: demo PKI', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-pki-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates a CA and a PKCS#12 file per person and unit once, then reuses them', () => {
    const people = [
      {
        username: 'hoangdong.head',
        fullName: 'Hoàng Quốc Thành',
        unitName: 'Ủy ban nhân dân xã Hoàng Đồng',
      },
    ];
    const units = [{ code: 'HD', name: 'Ủy ban nhân dân xã Hoàng Đồng' }];
    const first = ensureDemoPki(dir, people, units);
    const head = readPkcs12(first.p12ByUser.get('hoangdong.head')!, first.password);
    expect(nameField(subjectOf(head.certPem), 'CN')).toBe('Hoàng Quốc Thành');
    const org = readPkcs12(first.p12ByUnit.get('HD')!, first.password);
    expect(nameField(subjectOf(org.certPem), 'CN')).toBe('Ủy ban nhân dân xã Hoàng Đồng');
    expect(
      new X509Certificate(org.certPem).verify(new X509Certificate(first.ca.certPem).publicKey),
    ).toBe(true);
    expect(fs.statSync(path.join(dir, 'ca.pem')).mode & 0o077).toBe(0);
    expect(fs.statSync(path.join(dir, 'p12-password')).mode & 0o077).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8')).toBe(first.ca.certPem);

    const again = ensureDemoPki(dir, people, units);
    expect(again.ca.certPem).toBe(first.ca.certPem);
    expect(again.password).toBe(first.password);
    expect(
      again.p12ByUser.get('hoangdong.head')!.equals(first.p12ByUser.get('hoangdong.head')!),
    ).toBe(true);

    // A renamed head gets a new certificate from the same CA.
    const renamed = ensureDemoPki(dir, [{ ...people[0], fullName: 'Nguyễn Văn Mới' }], units);
    expect(
      nameField(
        subjectOf(readPkcs12(renamed.p12ByUser.get('hoangdong.head')!, renamed.password).certPem),
        'CN',
      ),
    ).toBe('Nguyễn Văn Mới');
    expect(renamed.ca.certPem).toBe(first.ca.certPem);
    expect(fs.readdirSync(path.join(dir, 'users')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
