import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import {
  createCertificateAuthority,
  IssuePlaces,
  issueCertificate,
  PdfSignError,
  signPdf,
  stampIssuedPdf,
  toPkcs12,
} from './index';
import { lastSection } from './incremental-update';

/**
 * The stamp's incremental update, checked on PDFs made by pdf-lib (no browser): the original bytes
 * kept, every cross-reference offset pointing at its object, every revision readable by qpdf and
 * pdf-lib, the text extractable. Needs qpdf and pdftotext (scripts/setup.js installs them).
 */
const QPDF = '/usr/bin/qpdf';

let work: string;
beforeAll(() => {
  if (!fs.existsSync(QPDF)) throw new Error(`${QPDF} is missing: run "npm run setup" (qpdf)`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'te-stamp-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function file(pdf: Buffer): string {
  const f = path.join(work, `${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(f, pdf);
  return f;
}

/** qpdf --check: exit 0 (no errors, no warnings) and its report. */
function qpdfCheck(pdf: Buffer): { status: number | null; out: string } {
  const r = spawnSync(QPDF, ['--check', file(pdf)], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

const text = (pdf: Buffer) =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', file(pdf), '-'], { encoding: 'utf8' });

/** A two-page document with "Số:   /BC-UBND" and "Lạng Sơn, " printed, and where the stamp goes. */
async function document(useObjectStreams: boolean): Promise<{ pdf: Buffer; places: IssuePlaces }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const p1 = doc.addPage([595, 842]);
  p1.drawText('So:', { x: 100, y: 760, size: 13, font });
  p1.drawText('/BC-UBND', { x: 140, y: 760, size: 13, font });
  p1.drawText('Lang Son,', { x: 300, y: 760, size: 14, font });
  doc.addPage([842, 595]).drawText('Phu luc', { x: 100, y: 500, size: 14, font });
  const pdf = Buffer.from(await doc.save({ useObjectStreams }));
  return {
    pdf,
    places: {
      number: { page: 0, x: 120, y: 760, width: 19.5, height: 10 },
      date: { page: 0, x: 362, y: 760, width: 160, height: 11 },
      seal: { page: 1, x: 400, y: 200, width: 85, height: 85 },
      references: [
        {
          number: { page: 1, x: 150, y: 480, width: 21, height: 11 },
          date: { page: 1, x: 250, y: 480, width: 160, height: 11 },
        },
      ],
    },
  };
}

/** A red 40 × 40 PNG with a transparent corner. */
async function sealPng(): Promise<Buffer> {
  const { PNG } = await import('pngjs');
  const png = new PNG({ width: 40, height: 40 });
  for (let i = 0; i < 40 * 40; i++) png.data.set([200, 0, 0, i % 40 < 5 ? 0 : 255], i * 4);
  return PNG.sync.write(png);
}

/** The objects the last cross-reference table of `pdf` lists, each checked to start where it says. */
function checkLastXrefTable(pdf: Buffer): number[] {
  const { startxref } = lastSection(pdf);
  const section = pdf.subarray(startxref).toString('latin1');
  expect(section.startsWith('xref\n')).toBe(true);
  const lines = section.slice(5, section.indexOf('trailer')).split(/\r?\n/);
  const nums: number[] = [];
  let next = 0;
  for (const line of lines) {
    const sub = /^(\d+) (\d+)$/.exec(line);
    if (sub) {
      next = Number(sub[1]);
      continue;
    }
    const entry = /^(\d{10}) (\d{5}) n\s*$/.exec(line);
    if (!entry) continue;
    const at = Number(entry[1]);
    expect(pdf.toString('latin1', at, at + 20)).toMatch(
      new RegExp(`^${next} ${Number(entry[2])} obj\\b`),
    );
    nums.push(next++);
  }
  return nums;
}

describe('stampIssuedPdf: the incremental update', () => {
  const stamp = { numberText: '07/BC-UBND', dateText: 'ngày 02 tháng 12 năm 2026' };

  it('keeps every byte of the original, points each xref entry at its object, and every revision passes qpdf --check', async () => {
    const { pdf, places } = await document(false);
    const out = await stampIssuedPdf(pdf, places, { ...stamp, sealPng: await sealPng() });
    expect(out.subarray(0, pdf.length).equals(pdf)).toBe(true);
    const listed = checkLastXrefTable(out);
    // The two pages, the new objects (fonts, the seal and its mask, the content streams).
    expect(listed.length).toBeGreaterThan(8);
    expect(out.toString('latin1', pdf.length)).toContain(`/Prev ${lastSection(pdf).startxref}`);
    for (const revision of [pdf, out]) {
      const check = qpdfCheck(revision);
      expect(check.out).toContain('No syntax or stream encoding errors found');
      expect(check.status).toBe(0);
      const reloaded = await PDFDocument.load(revision, { throwOnInvalidObject: true });
      expect(reloaded.getPageCount()).toBe(2);
    }
  });

  it('between two signatures: every revision of the file (cut after each %%EOF) passes qpdf --check and loads', async () => {
    const ca = createCertificateAuthority({
      commonName: 'CA thử nghiệm',
      organization: 'Thử nghiệm',
    });
    const key = (commonName: string, kind: 'person' | 'organisation') => {
      const c = issueCertificate(ca, { commonName, organization: 'Thử nghiệm', kind });
      return { p12: toPkcs12(c.certPem, c.keyPem, ca.certPem, 'pw'), password: 'pw' };
    };
    const { pdf, places } = await document(false);
    const headSigned = await signPdf(pdf, key('Người ký', 'person'));
    const stamped = await stampIssuedPdf(headSigned, places, stamp);
    const issued = await signPdf(stamped, key('Cơ quan', 'organisation'));
    const ends: number[] = [];
    for (let at = issued.indexOf('%%EOF'); at >= 0; at = issued.indexOf('%%EOF', at + 5))
      ends.push(at + 5);
    // The original, the head's placeholder, the stamp, the organisation's placeholder.
    expect(ends).toHaveLength(4);
    for (const end of ends) {
      const revision = issued.subarray(0, end);
      const check = qpdfCheck(revision);
      expect(check.out).toContain('No syntax or stream encoding errors found');
      expect(check.status).toBe(0);
      expect((await PDFDocument.load(revision)).getPageCount()).toBe(2);
    }
    expect(issued.subarray(0, stamped.length).equals(stamped)).toBe(true);
    expect(stamped.subarray(0, headSigned.length).equals(headSigned)).toBe(true);
  });

  it('writes an xref stream after an xref stream (object streams), readable by qpdf and pdf-lib', async () => {
    const { pdf, places } = await document(true);
    const out = await stampIssuedPdf(pdf, places, stamp);
    expect(out.subarray(0, pdf.length).equals(pdf)).toBe(true);
    expect(out.toString('latin1', pdf.length)).toMatch(/\/Type \/XRef[\s\S]*\/Prev \d+/);
    const check = qpdfCheck(out);
    expect(check.out).toContain('No syntax or stream encoding errors found');
    expect(check.status).toBe(0);
    expect((await PDFDocument.load(out)).getPageCount()).toBe(2);
  });

  it('prints real text with the Vietnamese letters extractable, the number without the printed symbol', async () => {
    const { pdf, places } = await document(false);
    const out = await stampIssuedPdf(pdf, places, stamp);
    const [page1, page2] = text(out).split('\f');
    expect(page1).toContain('ngày 02 tháng 12 năm 2026');
    expect(page1).toMatch(/\b07\b/);
    expect(page1).not.toContain('07/BC-UBND/BC-UBND');
    expect(page2).toContain('ngày 02 tháng 12 năm 2026');
    expect(page2).toMatch(/\b07\b/);
    // Tinos embedded with a ToUnicode map, upright and italic, Latin and Vietnamese letters
    // (pdf-lib does not tag subset names, so pdffonts says "sub no"; the size shows they are).
    const fonts = execFileSync('pdffonts', [file(out)], { encoding: 'utf8' });
    const tinos = fonts.split('\n').filter((l) => /Tinos/.test(l));
    expect(tinos.length).toBeGreaterThanOrEqual(3);
    for (const line of tinos) expect(line).toMatch(/Identity-H\s+yes\s+(yes|no)\s+yes/);
    expect(tinos.some((l) => /Italic/i.test(l))).toBe(true);
    expect(out.length - pdf.length).toBeLessThan(12_000);
  });

  it('condenses a number wider than its place instead of printing over its neighbours', async () => {
    const { pdf, places } = await document(false);
    const out = await stampIssuedPdf(pdf, places, { ...stamp, numberText: '1234/BC-UBND' });
    const bbox = execFileSync('pdftotext', ['-bbox', file(out), '-'], { encoding: 'utf8' });
    const word = /<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>1234<\/word>/.exec(bbox);
    expect(word).not.toBeNull();
    const { x, width } = places.number;
    expect(Number(word![1])).toBeGreaterThanOrEqual(x - 0.5);
    expect(Number(word![2])).toBeLessThanOrEqual(x + width + 0.5);
  });

  it('refuses a place on a page the document does not have, a letter the font lacks, a control character', async () => {
    const { pdf, places } = await document(false);
    await expect(
      stampIssuedPdf(pdf, { ...places, date: { ...places.date, page: 5 } }, stamp),
    ).rejects.toThrow(PdfSignError);
    await expect(
      stampIssuedPdf(pdf, places, { ...stamp, dateText: 'ngày 02 ☃ 2026' }),
    ).rejects.toThrow(/no glyph/);
    await expect(
      stampIssuedPdf(pdf, places, { ...stamp, numberText: '07\n/BC-UBND' }),
    ).rejects.toThrow(/one line/);
    await expect(stampIssuedPdf(Buffer.from('not a pdf'), places, stamp)).rejects.toThrow(
      PdfSignError,
    );
  });
});
