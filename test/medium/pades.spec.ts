import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PdfRenderer, RenderablePart } from '@app/renderer';
import {
  DemoPki,
  ensureDemoPki,
  pdfSignatureVerdict,
  signPdf,
  verifyPdfSignatures,
} from '@app/signatures';

/**
 * PAdES signatures on PDFs rendered by the real Chromium, checked by our verifier and by poppler's
 * pdfsig (NSS) with the demo CA trusted. Needs /usr/bin/pdfsig (poppler-utils) and
 * /usr/bin/certutil (libnss3-tools), installed by scripts/setup.js.
 */
const PDFSIG = '/usr/bin/pdfsig';
const CERTUTIL = '/usr/bin/certutil';

const SIGNER = {
  username: 'hoangdong.head',
  fullName: 'Hoàng Quốc Thành',
  unitName: 'Ủy ban nhân dân xã Hoàng Đồng',
};
const UNIT = { code: 'HD', name: 'Ủy ban nhân dân xã Hoàng Đồng' };

const PAGE_HEAD = {
  key: 'pades-test',
  html: '<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>body{font-family:serif;font-size:14pt}</style></head>',
  printParts: 0,
};
const page = (title: string, body: string): RenderablePart => ({
  body: `<h1>${title}</h1><p>${body}</p>`,
});

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** pdfsig's report, one text block per signature ("Signature #1:" …). */
function pdfsig(pdf: Buffer, nssDir: string, work: string): string[] {
  const file = path.join(work, `doc-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    const r = spawnSync(PDFSIG, ['-nssdir', nssDir, file], { encoding: 'utf8', timeout: 20000 });
    if (r.error) throw r.error;
    return r.stdout.split(/^Signature #\d+:$/m).slice(1);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Offset of a byte inside the first stream's data: page content, not /Contents of a signature. */
function byteInsideFirstStream(pdf: Buffer): number {
  const s = pdf.indexOf('stream', 0, 'latin1');
  return s + 'stream'.length + 20;
}

describe('PAdES signatures on Chromium PDFs', () => {
  let work: string;
  let pki: DemoPki;
  let trustingNss: string;
  let emptyNss: string;
  let renderer: PdfRenderer;
  let issued: Buffer;
  let rendered: Buffer;

  beforeAll(async () => {
    for (const tool of [PDFSIG, CERTUTIL]) {
      if (!fs.existsSync(tool))
        throw new Error(`${tool} is missing: run "npm run setup" (poppler-utils, libnss3-tools)`);
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'te-pades-'));
    pki = ensureDemoPki(path.join(work, 'pki'), [SIGNER], [UNIT]);
    trustingNss = path.join(work, 'nss-trusting');
    emptyNss = path.join(work, 'nss-empty');
    for (const dir of [trustingNss, emptyNss]) {
      fs.mkdirSync(dir);
      run(CERTUTIL, ['-N', '-d', `sql:${dir}`, '--empty-password']);
    }
    // The S/MIME trust flag (second field) is the one NSS checks for a document signer.
    run(CERTUTIL, [
      '-A',
      '-d',
      `sql:${trustingNss}`,
      '-n',
      'te-reporting demo CA',
      '-t',
      'C,C,C',
      '-i',
      path.join(work, 'pki', 'ca.crt'),
    ]);

    renderer = new PdfRenderer({
      chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      poolSize: 2,
      queueLimit: 4,
      timeoutMs: 20000,
      maxDocsPerBrowser: 10,
    });
    // A main text and an annex, printed one by one and joined by pdf-lib.
    rendered = await renderer.renderDocument({
      head: PAGE_HEAD,
      parts: [
        page(
          'BÁO CÁO Kết quả công tác trẻ em',
          'Số: 12/BC-UBND — Hoàng Đồng, ngày 10 tháng 6 năm 2024. Toàn xã có 2.050 trẻ em.',
        ),
        page('Phụ lục: Mẫu 01/TE', 'Số liệu thống kê về trẻ em.'),
      ],
    });
    const signingTime = new Date();
    const once = await signPdf(
      rendered,
      { p12: pki.p12ByUser.get(SIGNER.username)!, password: pki.password },
      {
        fieldName: 'ChuKyNguoiCoThamQuyen',
        reason: 'Ký ban hành văn bản',
        location: 'Hoàng Đồng',
        signingTime,
      },
    );
    issued = await signPdf(
      once,
      { p12: pki.p12ByUnit.get(UNIT.code)!, password: pki.password },
      {
        fieldName: 'ChuKyCoQuan',
        reason: 'Chữ ký số của cơ quan ban hành',
        location: 'Hoàng Đồng',
        signingTime,
      },
    );
  }, 60000);

  afterAll(async () => {
    await renderer?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('our verifier finds two intact, trusted signatures, the second covering the whole file', async () => {
    const reports = await verifyPdfSignatures(issued, [pki.ca.certPem]);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toMatchObject({
      fieldName: 'ChuKyNguoiCoThamQuyen',
      signerName: SIGNER.fullName,
      signerOrganization: SIGNER.unitName,
      intact: true,
      trusted: true,
      coversWholeDocument: false,
      valid: true,
      subFilter: 'ETSI.CAdES.detached',
    });
    expect(reports[1]).toMatchObject({
      fieldName: 'ChuKyCoQuan',
      signerName: UNIT.name,
      intact: true,
      trusted: true,
      coversWholeDocument: true,
      valid: true,
    });
    expect(reports[0].certificateChain).toEqual([
      SIGNER.fullName,
      expect.stringContaining('CA thử nghiệm'),
    ]);
    expect(reports[1].byteRange[2] + reports[1].byteRange[3]).toBe(issued.length);
    expect(reports[0].signingTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    expect(pdfSignatureVerdict(reports)).toMatchObject({ status: 'valid', valid: true });
    // The rendered bytes are the start of the issued file (incremental updates only).
    expect(issued.subarray(0, rendered.length).equals(rendered)).toBe(true);
  });

  it('pdfsig (NSS, demo CA trusted) lists both signatures as valid and trusted', () => {
    const blocks = pdfsig(issued, trustingNss, work);
    expect(blocks).toHaveLength(2);
    for (const b of blocks) {
      expect(b).toContain('Signature Validation: Signature is Valid.');
      expect(b).toContain('Certificate Validation: Certificate is Trusted.');
      expect(b).toContain('Signature Type: ETSI.CAdES.detached');
      expect(b).toContain('Signing Hash Algorithm: SHA-256');
    }
    expect(blocks[0]).toContain('Signature Field Name: ChuKyNguoiCoThamQuyen');
    expect(blocks[0]).toContain(`Signer Certificate Common Name: ${SIGNER.fullName}`);
    expect(blocks[0]).toContain('Not total document signed');
    expect(blocks[1]).toContain('Signature Field Name: ChuKyCoQuan');
    expect(blocks[1]).toContain(`Signer Certificate Common Name: ${UNIT.name}`);
    expect(blocks[1]).toMatch(/^\s+- Total document signed$/m);

    // Without the demo CA in the database the signatures hold but the issuer is not trusted.
    for (const b of pdfsig(issued, emptyNss, work)) {
      expect(b).toContain('Signature Validation: Signature is Valid.');
      expect(b).not.toContain('Certificate Validation: Certificate is Trusted.');
    }
  });

  it('one changed byte in the signed content makes both signatures invalid, for us and for pdfsig', async () => {
    const [first] = await verifyPdfSignatures(issued, [pki.ca.certPem]);
    const at = byteInsideFirstStream(issued);
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(first.byteRange[1]); // inside the first signed range, before any /Contents
    const tampered = Buffer.from(issued);
    tampered[at] ^= 0x01;

    const reports = await verifyPdfSignatures(tampered, [pki.ca.certPem]);
    expect(reports.map((r) => r.intact)).toEqual([false, false]);
    expect(pdfSignatureVerdict(reports)).toMatchObject({ status: 'invalid', valid: false });

    const blocks = pdfsig(tampered, trustingNss, work);
    expect(blocks).toHaveLength(2);
    for (const b of blocks) {
      expect(b).not.toContain('Signature is Valid.');
      expect(b).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)\./);
    }
  });

  it('signs a single-page Chromium PDF (classic cross-reference table) that pdfsig validates', async () => {
    const single = await renderer.renderDocument({
      head: PAGE_HEAD,
      parts: [page('Văn bản thử', 'Một trang.')],
    });
    const signed = await signPdf(
      single,
      { p12: pki.p12ByUnit.get(UNIT.code)!, password: pki.password },
      {},
    );
    expect(await verifyPdfSignatures(signed, [pki.ca.certPem])).toMatchObject([
      { intact: true, trusted: true, coversWholeDocument: true, fieldName: 'Signature1' },
    ]);
    const [b] = pdfsig(signed, trustingNss, work);
    expect(b).toContain('Signature Validation: Signature is Valid.');
    expect(b).toContain('Certificate Validation: Certificate is Trusted.');
  });
});
