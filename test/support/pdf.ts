import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

function withFile<T>(pdf: Buffer, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF (poppler's pdftotext), pages separated by form feeds. */
export const pdfText = (pdf: Buffer, layout = false) =>
  withFile(pdf, (f) =>
    execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', f, '-'], {
      encoding: 'utf8',
    }),
  );

export const pdfInfo = (pdf: Buffer) =>
  withFile(pdf, (f) => execFileSync('pdfinfo', ['-f', '1', '-l', '999', f], { encoding: 'utf8' }));

/** [{name, embedded}] from pdffonts. */
export function pdfFonts(pdf: Buffer): { name: string; embedded: boolean }[] {
  const out = withFile(pdf, (f) => execFileSync('pdffonts', [f], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name type [type2] encoding emb sub uni object ID
      const embIdx = cols.length - 5;
      return { name: cols[0], embedded: cols[embIdx] === 'yes' };
    });
}

export interface WordBox {
  page: number;
  pageWidth: number;
  xMin: number;
  yMin: number;
  text: string;
}

/** Every word with its position (points), from pdftotext -bbox. */
export function pdfWords(pdf: Buffer): WordBox[] {
  const html = withFile(pdf, (f) =>
    execFileSync('pdftotext', ['-bbox', f, '-'], { encoding: 'utf8' }),
  );
  const words: WordBox[] = [];
  let page = 0;
  let width = 0;
  for (const line of html.split('\n')) {
    const p = line.match(/<page width="([\d.]+)"/);
    if (p) {
      page++;
      width = Number(p[1]);
      continue;
    }
    const w = line.match(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*)<\/word>/);
    if (w)
      words.push({ page, pageWidth: width, xMin: Number(w[1]), yMin: Number(w[2]), text: w[3] });
  }
  return words;
}

export const MM = 72 / 25.4;

export interface TextRun {
  page: number;
  /** Position and size in poppler's XML units (1.5 per point). */
  top: number;
  left: number;
  width: number;
  text: string;
  bold: boolean;
  italic: boolean;
}

/** Runs of text with their position and whether their font is bold or italic (pdftohtml -xml). */
export function pdfRuns(pdf: Buffer): TextRun[] {
  const xml = withFile(pdf, (f) =>
    execFileSync('pdftohtml', ['-xml', '-i', '-stdout', '-q', f], { encoding: 'utf8' }),
  );
  const runs: TextRun[] = [];
  let page = 0;
  const unescape = (s: string) =>
    s
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  for (const line of xml.split('\n')) {
    const p = /<page number="(\d+)"/.exec(line);
    if (p) {
      page = Number(p[1]);
      continue;
    }
    const t =
      /<text top="(\d+)" left="(\d+)" width="(\d+)" height="\d+" font="\d+">(.*)<\/text>/.exec(
        line,
      );
    if (!t) continue;
    runs.push({
      page,
      top: Number(t[1]),
      left: Number(t[2]),
      width: Number(t[3]),
      text: unescape(t[4]),
      bold: /<b>/.test(t[4]),
      italic: /<i>/.test(t[4]),
    });
  }
  return runs;
}

/** The lines of each page (words of about the same top joined), top to bottom: [{page, top, text}]. */
export function pdfLines(pdf: Buffer): { page: number; top: number; text: string }[] {
  const words = pdfWords(pdf);
  const lines: { page: number; top: number; words: WordBox[] }[] = [];
  for (const w of [...words].sort(
    (a, b) => a.page - b.page || a.yMin - b.yMin || a.xMin - b.xMin,
  )) {
    const last = lines[lines.length - 1];
    if (last && last.page === w.page && Math.abs(last.top - w.yMin) < 3) last.words.push(w);
    else lines.push({ page: w.page, top: w.yMin, words: [w] });
  }
  return lines.map((l) => ({
    page: l.page,
    top: l.top,
    text: l.words
      .sort((a, b) => a.xMin - b.xMin)
      .map((w) => w.text)
      .join(' '),
  }));
}

/** The runs of text (pdfRuns) on the line of `lines` whose text contains `phrase`: their bold and italic. */
export function lineRuns(pdf: Buffer, phrase: string): TextRun[] {
  const line = pdfLines(pdf).find((l) => l.text.includes(phrase));
  if (!line) throw new Error(`no line with "${phrase}"`);
  // pdftohtml's units are 1.5 per point.
  return pdfRuns(pdf).filter(
    (r) => r.page === line.page && Math.abs(r.top / 1.5 - line.top) < 4 && r.text.trim() !== '',
  );
}
