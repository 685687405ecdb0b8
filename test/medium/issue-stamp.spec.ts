import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { ReportDocumentService } from '@app/approval';
import { DocumentModel } from '@app/documents';
import { PdfRenderer } from '@app/renderer';
import { DemoPki, ensureDemoPki, IssuePlaces, signPdf, stampIssuedPdf } from '@app/signatures';
import { pdfText } from '../support/pdf';
import { sampleDocument } from '../support/sample-document';

/**
 * Issuing a document the head signed (Nghị định 30/2020, Phụ lục I): the real renderer prints the
 * original with the number and date left for the clerk and reports their places; the head signs
 * it; the number, the date and the seal are stamped as an incremental update; the organisation
 * signs. Checked with poppler (pdfsig with the demo CA trusted through an NSS database, pdftotext,
 * pdfimages, pdftoppm). Screenshots: test-artifacts/issue-stamp/.
 */
const PDFSIG = '/usr/bin/pdfsig';
const CERTUTIL = '/usr/bin/certutil';
const SIGNER = {
  username: 'luongvantri.head',
  fullName: 'Nông Văn Hải',
  unitName: 'Ủy ban nhân dân phường Lương Văn Tri',
};
const UNIT = { code: 'LVT', name: 'Ủy ban nhân dân phường Lương Văn Tri' };
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'issue-stamp');

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** An RGBA PNG drawn by `paint(x, y)` → [r, g, b, a] or undefined (transparent). */
function png(w: number, h: number, paint: (x: number, y: number) => number[] | undefined): string {
  const img = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) img.data.set(paint(x, y) ?? [255, 255, 255, 0], (y * w + x) * 4);
  return `data:image/png;base64,${PNG.sync.write(img).toString('base64')}`;
}

/** A blue handwritten-like stroke, 300 × 120. */
const signatureImage = png(300, 120, (x, y) => {
  const curve = 60 + 35 * Math.sin(x / 22) * (1 - x / 400);
  return Math.abs(y - curve) < 4 ? [20, 40, 190, 255] : undefined;
});
/** A red ring with a star-like centre, 300 × 300. */
const sealPng = Buffer.from(
  png(300, 300, (x, y) => {
    const r = Math.hypot(x - 150, y - 150);
    const ring = (r > 128 && r < 146) || (r > 100 && r < 106);
    const star = r < 40 && Math.abs(Math.sin(Math.atan2(y - 150, x - 150) * 2.5)) * 40 > r;
    return ring || star ? [215, 20, 30, 255] : undefined;
  }).split(',')[1],
  'base64',
);

const isBlue = (r: number, g: number, b: number) => b > 140 && r < 90 && g < 110;
const isRed = (r: number, g: number, b: number) => r > 160 && g < 90 && b < 90;

/** The bounding box (pixels) of the pixels `match` accepts in a PNG. */
function bbox(file: string, match: (r: number, g: number, b: number) => boolean) {
  const img = PNG.sync.read(fs.readFileSync(file));
  let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      if (match(img.data[i], img.data[i + 1], img.data[i + 2])) {
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      }
    }
  return { x0, y0, x1, y1, width: x1 - x0 + 1 };
}

describe('Issuing a head-signed document: number, date and seal stamped, then the organisation’s signature', () => {
  let work: string;
  let pki: DemoPki;
  let nss: string;
  let renderer: PdfRenderer;
  let model: DocumentModel;
  let rendered: Buffer;
  let places: IssuePlaces;
  let headSigned: Buffer;
  let stamped: Buffer;
  let issued: Buffer;
  /** The same original printed the old way: numbered, dated and sealed by the template. */
  let classic: Buffer;
  let documents: ReportDocumentService;

  beforeAll(async () => {
    for (const tool of [PDFSIG, CERTUTIL]) {
      if (!fs.existsSync(tool))
        throw new Error(`${tool} is missing: run "npm run setup" (poppler-utils, libnss3-tools)`);
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'te-issue-stamp-'));
    pki = ensureDemoPki(path.join(work, 'pki'), [SIGNER], [UNIT]);
    nss = path.join(work, 'nss');
    fs.mkdirSync(nss);
    run(CERTUTIL, ['-N', '-d', `sql:${nss}`, '--empty-password']);
    run(CERTUTIL, [
      '-A',
      '-d',
      `sql:${nss}`,
      '-n',
      'demo CA',
      '-t',
      'C,C,C',
      '-i',
      path.join(work, 'pki', 'ca.crt'),
    ]);

    renderer = new PdfRenderer({
      chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      poolSize: 2,
      queueLimit: 4,
      timeoutMs: 90000,
      maxDocsPerBrowser: 20,
    });
    // The text, a portrait annex and a landscape one (sampleDocument), issued in Lạng Sơn.
    model = sampleDocument({
      issuer: {
        governingBody: null,
        name: UNIT.name,
        abbreviation: 'UBND',
        placeName: 'Lạng Sơn',
        filingUnit: 'VHXH',
      },
      // What the clerk will fill in must not be printed for the head.
      numberText: '99/BC-UBND',
      issueDate: '2026-11-30',
    });
    model.signature = { ...model.signature, signerName: SIGNER.fullName, signatureImage };
    // Only the renderer is used by renderForSignature.
    const none = undefined as never;
    documents = new ReportDocumentService(none, none, none, none, none, none, none, renderer);
    ({ pdf: rendered, places } = await documents.renderForSignature(model));

    const signingTime = new Date();
    headSigned = await signPdf(
      rendered,
      { p12: pki.p12ByUser.get(SIGNER.username)!, password: pki.password },
      { fieldName: 'ChuKyNguoiCoThamQuyen', reason: 'Ký ban hành văn bản', signingTime },
    );
    stamped = await stampIssuedPdf(headSigned, places, {
      numberText: '01/BC-UBND',
      dateText: 'ngày 02 tháng 12 năm 2026',
      sealPng,
    });
    issued = await signPdf(
      stamped,
      { p12: pki.p12ByUnit.get(UNIT.code)!, password: pki.password },
      { fieldName: 'ChuKyCoQuan', reason: 'Chữ ký số của cơ quan ban hành', signingTime },
    );
    classic = await documents.render({
      ...model,
      numberText: '01/BC-UBND',
      issueDate: '2026-12-02',
      signature: {
        ...model.signature,
        sealImage: `data:image/png;base64,${sealPng.toString('base64')}`,
      },
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'issued.pdf'), issued);
    fs.writeFileSync(path.join(ARTIFACTS, 'for-signature.pdf'), rendered);
  }, 240000);

  afterAll(async () => {
    await renderer?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('prints the original for signature with the places empty and reports them on their pages', () => {
    const text = pdfText(rendered);
    expect(text).not.toContain('99');
    expect(text).not.toContain('30 tháng 11');
    // "Số:" and the symbol on one line with nothing between; the place name alone on the date line.
    const words = wordBoxes(rendered, 1);
    const so = words.find((w) => w.text === 'Số:')!;
    const line = words.filter((w) => near(w.yMax, so.yMax) && w.xMin > so.xMin);
    expect(line[0].text).toBe('/BC-UBND');
    const son = words.find((w) => w.text === 'Sơn,')!;
    expect(words.filter((w) => near(w.yMax, son.yMax) && w.xMin > son.xMin)).toEqual([]);
    // The marks used to find the places leave nothing in the PDF.
    expect(rendered.toString('latin1')).not.toContain('place.invalid');
    expect(places.number).toMatchObject({
      page: 0,
      text: { size: 13, italic: false, align: 'right' },
    });
    expect(places.date).toMatchObject({ page: 0, text: { size: 14, italic: true, align: 'left' } });
    expect(places.seal!.width).toBeCloseTo((30 * 72) / 25.4, 0);
    // One reference line per annex, each on its own annex's first page (page 2, then the landscape one).
    expect(places.references!.map((r) => [r.number.page, r.date.page])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('pdfsig: the head’s signature holds over the document as signed, the organisation’s over the whole file', () => {
    expect(stamped.subarray(0, headSigned.length).equals(headSigned)).toBe(true);
    expect(issued.subarray(0, stamped.length).equals(stamped)).toBe(true);
    const file = path.join(work, 'issued.pdf');
    fs.writeFileSync(file, issued);
    const blocks = spawnSync(PDFSIG, ['-nssdir', nss, file], { encoding: 'utf8' })
      .stdout.split(/^Signature #\d+:$/m)
      .slice(1);
    expect(blocks).toHaveLength(2);
    for (const b of blocks) {
      expect(b).toContain('Signature Validation: Signature is Valid.');
      expect(b).toContain('Certificate Validation: Certificate is Trusted.');
    }
    expect(blocks[0]).toContain(`Signer Certificate Common Name: ${SIGNER.fullName}`);
    expect(blocks[0]).toContain('Not total document signed');
    expect(blocks[1]).toContain(`Signer Certificate Common Name: ${UNIT.name}`);
    expect(blocks[1]).toMatch(/^\s+- Total document signed$/m);
  });

  it('pdftotext reads the number after "Số:" and the whole date line, on their lines, and in each annex', () => {
    const text = pdfText(issued);
    expect(text).toContain('Số: 01/BC-UBND');
    expect(text).toContain('Lạng Sơn, ngày 02 tháng 12 năm 2026');
    const pages = text.split('\f');
    for (const annexPage of [pages[1], pages[2]])
      expect(annexPage.replace(/\s+/g, ' ')).toContain(
        'Kèm theo Báo cáo số 01/BC-UBND ngày 02 tháng 12 năm 2026 của',
      );

    const words = wordBoxes(issued, 1);
    const word = (t: string, after?: Box) =>
      words.find(
        (w) => w.text === t && (!after || (near(w.yMax, after.yMax) && w.xMin > after.xMin)),
      );
    const so = word('Số:')!;
    const number = word('01', so)!;
    // Right after "Số:" (a space and at most one digit's width more), on the same line, and
    // right before the printed symbol.
    expect(number.xMin - so.xMax).toBeGreaterThan(1);
    expect(number.xMin - so.xMax).toBeLessThan(11);
    expect(word('/BC-UBND', number)!.xMin - number.xMax).toBeLessThan(0.5);
    const sonComma = word('Sơn,')!;
    const ngay = word('ngày', sonComma)!;
    expect(ngay.xMin - sonComma.xMax).toBeGreaterThan(1);
    expect(ngay.xMin - sonComma.xMax).toBeLessThan(6);
    expect(word('2026', ngay)).toBeDefined();

    // Where the template prints the date line of an original numbered and dated at render time:
    // the stamped one is at the same place, word for word.
    const printed = wordBoxes(classic, 1);
    const dateWords = (ws: Box[]) => {
      const first = ws.find((w) => w.text === 'Lạng')!;
      return ws.filter((w) => near(w.yMax, first.yMax) && w.xMin >= first.xMin);
    };
    const stampedLine = dateWords(words);
    const printedLine = dateWords(printed);
    expect(stampedLine.map((w) => w.text)).toEqual(printedLine.map((w) => w.text));
    stampedLine.forEach((w, i) => expect(Math.abs(w.xMin - printedLine[i].xMin)).toBeLessThan(1));
    stampedLine.forEach((w, i) => expect(Math.abs(w.yMax - printedLine[i].yMax)).toBeLessThan(1));
  });

  it('prints the seal image over the left part of the signature image', () => {
    const list = run('pdfimages', ['-list', writeFile('issued.pdf', issued)]);
    const page = String(places.seal!.page + 1);
    const onPage = list
      .split('\n')
      .slice(2)
      .map((l) => l.trim().split(/\s+/))
      .filter((c) => c[0] === page);
    // The signature image, the seal, and the seal's transparency mask (the signature's too).
    expect(onPage.filter((c) => c[2] === 'image').length).toBeGreaterThanOrEqual(2);
    expect(onPage.some((c) => c[2] === 'image' && c[3] === '300' && c[4] === '300')).toBe(true);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = writeFile('issued.pdf', issued);
    const shot = path.join(ARTIFACTS, 'signature-page');
    run('pdftoppm', ['-png', '-r', '80', '-f', page, '-l', page, '-singlefile', file, shot]);
    run('pdftoppm', [
      '-png',
      '-r',
      '80',
      '-f',
      '1',
      '-l',
      '1',
      '-H',
      '300',
      '-singlefile',
      file,
      path.join(ARTIFACTS, 'page-1-top'),
    ]);
    run('pdftoppm', [
      '-png',
      '-r',
      '80',
      '-f',
      '1',
      '-l',
      '1',
      '-H',
      '300',
      '-singlefile',
      writeFile('for-signature.pdf', rendered),
      path.join(ARTIFACTS, 'page-1-top-for-signature'),
    ]);
    const blue = bbox(`${shot}.png`, isBlue);
    const red = bbox(`${shot}.png`, isRed);
    expect(blue.width).toBeGreaterThan(50);
    expect(red.width).toBeGreaterThan(50);
    // The seal reaches into the left part of the signature, not past its middle, on its height.
    expect(red.x0).toBeLessThan(blue.x0 + blue.width / 3);
    expect(red.x1).toBeGreaterThan(blue.x0 + blue.width / 5);
    expect(red.x1).toBeLessThan(blue.x0 + blue.width * 0.6);
    expect(red.y0).toBeLessThan(blue.y1);
    expect(red.y1).toBeGreaterThan(blue.y0);

    // Where and how big the template prints the seal on an original rendered with it.
    const classicShot = path.join(work, 'classic');
    const classicFile = writeFile('classic.pdf', classic);
    run('pdftoppm', [
      '-png',
      '-r',
      '80',
      '-f',
      page,
      '-l',
      page,
      '-singlefile',
      classicFile,
      classicShot,
    ]);
    const printedRed = bbox(`${classicShot}.png`, isRed);
    for (const k of ['x0', 'y0', 'x1', 'y1'] as const)
      expect(Math.abs(red[k] - printedRed[k])).toBeLessThanOrEqual(2);
  });

  it('finds the seal on the page the closing block was pushed to, and stamps it there', async () => {
    const paragraph = (i: number) =>
      `${i}. Tổ chức tốt công tác bảo vệ, chăm sóc trẻ em tại các thôn, bản; rà soát, lập danh sách trẻ em có hoàn cảnh đặc biệt, hỗ trợ kịp thời.`;
    const long = {
      ...model,
      annexes: [],
      narrative: ['I. KẾT QUẢ', ...Array.from({ length: 16 }, (_, i) => paragraph(i + 1))].join(
        '\n\n',
      ),
    };
    const signed = await documents.renderForSignature(long);
    const pages = pdfText(signed.pdf).split('\f');
    const closingPage = pages.findIndex((p) => p.includes('Nơi nhận:'));
    expect(closingPage).toBeGreaterThan(0);
    expect(signed.places.seal!.page).toBe(closingPage);
    expect([signed.places.number.page, signed.places.date.page]).toEqual([0, 0]);
    const out = await stampIssuedPdf(signed.pdf, signed.places, {
      numberText: '12/BC-UBND',
      dateText: 'ngày 05 tháng 3 năm 2027',
      sealPng,
    });
    const list = run('pdfimages', ['-list', writeFile('long.pdf', out)]);
    const sealRow = list
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .find((c) => c[2] === 'image' && c[3] === '300' && c[4] === '300');
    expect(sealRow?.[0]).toBe(String(closingPage + 1));
    expect(pdfText(out)).toContain('Lạng Sơn, ngày 05 tháng 3 năm 2027');
  });

  function writeFile(name: string, pdf: Buffer): string {
    const file = path.join(work, name);
    fs.writeFileSync(file, pdf);
    return file;
  }
});

interface Box {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

const near = (a: number, b: number) => Math.abs(a - b) < 1;

/** The words of one page with their boxes (points, from the top), from pdftotext -bbox. */
function wordBoxes(pdf: Buffer, page: number): Box[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-bbox-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, pdf);
    const html = execFileSync(
      'pdftotext',
      ['-f', String(page), '-l', String(page), '-bbox', file, '-'],
      { encoding: 'utf8' },
    );
    const re =
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/g;
    return Array.from(html.matchAll(re), (m) => ({
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      text: m[5],
    }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
