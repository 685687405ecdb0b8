import { PDFDocument, PDFObject, PDFRef } from 'pdf-lib';

/**
 * Incremental updates (ISO 32000-1, 7.5.6): new and changed objects appended after the last byte
 * of a PDF with a cross-reference section of the same kind as the previous one (table or stream)
 * pointing back to it through /Prev. Every byte already in the file stays where it is, so the
 * signatures in it stay valid. Used to add a signature placeholder (placeholder.ts) and to stamp
 * the number, the date and the seal on a signed document (stamp.ts).
 */

/** A PDF this library cannot add a signature or a stamp to (encrypted, damaged, no pages, a duplicate field name). */
export class PdfSignError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfSignError';
  }
}

/** The last cross-reference section of a PDF: where it starts, its /Size, whether it is a stream. */
export interface LastSection {
  startxref: number;
  size: number;
  isStream: boolean;
}

/** One object of an update: its number and generation, and its serialized value (without "obj"). */
export interface UpdateObject {
  ref: PDFRef;
  body: string | Buffer;
}

/**
 * The offset after the last `startxref`, and the /Size of that section. The file is kept whole:
 * a signature already in it may cover its final end-of-line.
 */
export function lastSection(pdf: Buffer): LastSection {
  let end = pdf.length;
  while (
    end > 0 &&
    (pdf[end - 1] === 0x0a ||
      pdf[end - 1] === 0x0d ||
      pdf[end - 1] === 0x20 ||
      pdf[end - 1] === 0x00)
  )
    end--;
  const tail = pdf.subarray(Math.max(0, end - 1024), end).toString('latin1');
  const m = /startxref\s+(\d+)\s+%%EOF$/.exec(tail);
  if (!m) throw new PdfSignError('The PDF does not end with startxref … %%EOF');
  const startxref = Number(m[1]);
  if (startxref <= 0 || startxref >= end)
    throw new PdfSignError('The PDF has a startxref outside the file');
  return { startxref, ...previousSize(pdf, startxref) };
}

/** /Size of the last cross-reference section (trailer dictionary or xref stream dictionary). */
function previousSize(body: Buffer, startxref: number): { size: number; isStream: boolean } {
  const section = body
    .subarray(startxref, Math.min(body.length, startxref + 1_000_000))
    .toString('latin1');
  const isStream = !/^\s*xref/.test(section);
  const dictText = isStream
    ? section.slice(0, section.indexOf('stream') >= 0 ? section.indexOf('stream') : undefined)
    : section.slice(section.indexOf('trailer'));
  const m = /\/Size\s+(\d+)/.exec(dictText);
  if (!m) throw new PdfSignError('The last cross-reference section of the PDF has no /Size');
  return { size: Number(m[1]), isStream };
}

/**
 * The PDF loaded by pdf-lib for building an update, refusing what cannot be updated (damaged,
 * encrypted, no catalog), with its last section. New objects pdf-lib registers get numbers past
 * both the objects read and the previous /Size (numbers of free entries are not reused).
 */
export async function loadForUpdate(pdf: Buffer): Promise<{ doc: PDFDocument; last: LastSection }> {
  const last = lastSection(pdf);
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false, throwOnInvalidObject: true });
  } catch (e) {
    throw new PdfSignError(`The PDF cannot be read: ${(e as Error).message}`);
  }
  const trailer = doc.context.trailerInfo;
  if (trailer.Encrypt) throw new PdfSignError('Encrypted PDFs cannot be signed');
  if (!(trailer.Root instanceof PDFRef))
    throw new PdfSignError('The PDF has no document catalog reference');
  doc.context.largestObjectNumber = Math.max(doc.context.largestObjectNumber, last.size - 1);
  return { doc, last };
}

/** A pdf-lib object as the bytes PDF syntax writes for it (streams with their data). */
export function serialize(obj: PDFObject): Buffer {
  const out = Buffer.alloc(obj.sizeInBytes());
  const n = obj.copyBytesInto(out, 0);
  return out.subarray(0, n);
}

/**
 * `pdf` followed by the objects and a cross-reference section for them (of the kind of the
 * previous one) with /Prev, /Root, /Info and /ID of the loaded trailer. Returns the new file.
 */
export function appendUpdate(
  pdf: Buffer,
  doc: PDFDocument,
  last: LastSection,
  objects: UpdateObject[],
): Buffer {
  const trailer = doc.context.trailerInfo;
  const chunks: Buffer[] = [pdf];
  let offset = pdf.length;
  const push = (s: string | Buffer) => {
    const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
    chunks.push(b);
    offset += b.length;
  };
  if (pdf[pdf.length - 1] !== 0x0a && pdf[pdf.length - 1] !== 0x0d) push('\n');
  const entries: { num: number; gen: number; offset: number }[] = [];
  const seen = new Set<number>();
  for (const o of objects) {
    if (seen.has(o.ref.objectNumber))
      throw new PdfSignError(`Object ${o.ref.objectNumber} written twice in one update`);
    seen.add(o.ref.objectNumber);
    entries.push({ num: o.ref.objectNumber, gen: o.ref.generationNumber, offset });
    push(`${o.ref.objectNumber} ${o.ref.generationNumber} obj\n`);
    push(o.body);
    push('\nendobj\n');
  }
  let size = Math.max(last.size, ...entries.map((e) => e.num + 1));
  const trailerEntries: string[] = [`/Root ${trailer.Root}`];
  if (trailer.Info) trailerEntries.push(`/Info ${trailer.Info}`);
  if (trailer.ID) trailerEntries.push(`/ID ${trailer.ID}`);
  trailerEntries.push(`/Prev ${last.startxref}`);

  if (last.isStream) {
    const xrefNum = size++;
    entries.push({ num: xrefNum, gen: 0, offset });
    entries.sort((a, b) => a.num - b.num);
    const data = Buffer.alloc(entries.length * 7);
    entries.forEach((e, i) => {
      data[i * 7] = 1;
      data.writeUInt32BE(e.offset, i * 7 + 1);
      data.writeUInt16BE(e.gen, i * 7 + 5);
    });
    const index = subsections(entries.map((e) => e.num))
      .map(([first, count]) => `${first} ${count}`)
      .join(' ');
    const xrefOffset = offset;
    push(
      `${xrefNum} 0 obj\n<<\n/Type /XRef\n/Size ${size}\n/Index [${index}]\n/W [1 4 2]\n${trailerEntries.join('\n')}\n/Length ${data.length}\n>>\nstream\n`,
    );
    push(data);
    push(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`);
  } else {
    entries.sort((a, b) => a.num - b.num);
    const xrefOffset = offset;
    let table = 'xref\n';
    let i = 0;
    for (const [first, count] of subsections(entries.map((e) => e.num))) {
      table += `${first} ${count}\n`;
      for (let k = 0; k < count; k++, i++) {
        table += `${String(entries[i].offset).padStart(10, '0')} ${String(entries[i].gen).padStart(5, '0')} n\r\n`;
      }
    }
    push(table);
    push(
      `trailer\n<<\n/Size ${size}\n${trailerEntries.join('\n')}\n>>\nstartxref\n${xrefOffset}\n%%EOF\n`,
    );
  }
  return Buffer.concat(chunks);
}

/** Sorted object numbers → [first, count] runs. */
function subsections(nums: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const n of nums) {
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === n) last[1]++;
    else runs.push([n, 1]);
  }
  return runs;
}
