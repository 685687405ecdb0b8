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
