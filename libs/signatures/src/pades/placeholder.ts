import { vietnamParts } from '@app/common';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObject,
  PDFRef,
  PDFString,
} from 'pdf-lib';

/** The ByteRange placeholder @signpdf/signpdf looks for and fills in. */
export const BYTE_RANGE_PLACEHOLDER = '**********';

export interface PlaceholderOptions {
  /** Name of the new signature field (/T); must not exist yet. Default `Signature<n>`. */
  fieldName?: string;
  /** ETSI.CAdES.detached (PAdES) or adbe.pkcs7.detached. */
  subFilter: 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached';
  /** Bytes reserved for the CMS signature (/Contents holds twice as many hex digits). */
  signatureLength: number;
  reason?: string;
  location?: string;
  name?: string;
  contactInfo?: string;
  /** Written as /M. */
  signingTime: Date;
  /** 0-based page the (invisible) widget is attached to. Default 0. */
  pageIndex?: number;
}

/** A PDF this library cannot add a signature to (encrypted, damaged, no pages, a duplicate field name). */
export class PdfSignError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfSignError';
  }
}

/** A PDF text string: literal when printable ASCII, else UTF-16BE with a byte-order mark. */
export function pdfTextString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, (c) => '\\' + c)})`;
  return PDFHexString.fromText(text).toString();
}

/** D:YYYYMMDDHHmmSS+07'00' (Vietnam time). */
export function pdfDate(d: Date): string {
  const t = vietnamParts(d);
  return `D:${t.year}${t.month}${t.day}${t.hour}${t.minute}${t.second}+07'00'`;
}

function textOf(o: PDFObject | undefined): string | undefined {
  if (o instanceof PDFString || o instanceof PDFHexString) return o.decodeText();
  return undefined;
}

/**
 * The offset after the last `startxref`. The file is kept whole: a signature already in it may
 * cover its final end-of-line.
 */
function lastSection(pdf: Buffer): { body: Buffer; startxref: number } {
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
  return { body: pdf, startxref };
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
 * Adds an empty signature (a /Sig dictionary with ByteRange and Contents placeholders, an
 * invisible signature widget on a page, the field in the AcroForm) as an incremental update:
 * every byte of `pdf` stays where it is, so signatures already in it stay valid. The
 * cross-reference section written is of the same kind as the previous one (table or stream).
 */
export async function addSignaturePlaceholder(
  pdf: Buffer,
  opts: PlaceholderOptions,
): Promise<Buffer> {
  const { body, startxref } = lastSection(pdf);
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(body, { updateMetadata: false, throwOnInvalidObject: true });
  } catch (e) {
    throw new PdfSignError(`The PDF cannot be read: ${(e as Error).message}`);
  }
  const ctx = doc.context;
  const trailer = ctx.trailerInfo;
  if (trailer.Encrypt) throw new PdfSignError('Encrypted PDFs cannot be signed');
  if (!(trailer.Root instanceof PDFRef))
    throw new PdfSignError('The PDF has no document catalog reference');
  const { size, isStream } = previousSize(body, startxref);

  const pageIndex = opts.pageIndex ?? 0;
  const pages = doc.getPages();
  if (pages.length === 0) throw new PdfSignError('The PDF has no pages');
  if (pageIndex < 0 || pageIndex >= pages.length)
    throw new PdfSignError(`The PDF has no page ${pageIndex + 1}`);
  const page = pages[pageIndex];

  // Existing fields: names must stay unique.
  const catalog = doc.catalog;
  const acroEntry = catalog.get(PDFName.of('AcroForm'));
  const acroForm =
    acroEntry instanceof PDFRef
      ? ctx.lookupMaybe(acroEntry, PDFDict)
      : acroEntry instanceof PDFDict
        ? acroEntry
        : undefined;
  const fieldsEntry = acroForm?.get(PDFName.of('Fields'));
  const fields =
    fieldsEntry instanceof PDFRef
      ? ctx.lookupMaybe(fieldsEntry, PDFArray)
      : fieldsEntry instanceof PDFArray
        ? fieldsEntry
        : undefined;
  const names = new Set<string>();
  let signatureFields = 0;
  for (const f of fields?.asArray() ?? []) {
    const field =
      f instanceof PDFRef ? ctx.lookupMaybe(f, PDFDict) : f instanceof PDFDict ? f : undefined;
    const t = textOf(field?.get(PDFName.of('T')));
    if (t !== undefined) names.add(t);
    if (field?.get(PDFName.of('FT')) === PDFName.of('Sig')) signatureFields++;
  }
  let fieldName = opts.fieldName;
  if (fieldName !== undefined) {
    if (fieldName === '' || fieldName.includes('.'))
      throw new PdfSignError('A signature field name must be non-empty and without "."');
    if (names.has(fieldName))
      throw new PdfSignError(`The PDF already has a field named "${fieldName}"`);
  } else {
    let n = signatureFields + 1;
    while (names.has(`Signature${n}`)) n++;
    fieldName = `Signature${n}`;
  }

  let next = Math.max(size, ctx.largestObjectNumber + 1);
  const sigRef = PDFRef.of(next++);
  const widgetRef = PDFRef.of(next++);
  const objects: { ref: PDFRef; text: string }[] = [];

  const sigEntries = [
    '/Type /Sig',
    '/Filter /Adobe.PPKLite',
    `/SubFilter /${opts.subFilter}`,
    `/ByteRange [0 /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER}]`,
    `/Contents <${'0'.repeat(opts.signatureLength * 2)}>`,
    `/M ${pdfTextString(pdfDate(opts.signingTime))}`,
  ];
  if (opts.name) sigEntries.push(`/Name ${pdfTextString(opts.name)}`);
  if (opts.reason) sigEntries.push(`/Reason ${pdfTextString(opts.reason)}`);
  if (opts.location) sigEntries.push(`/Location ${pdfTextString(opts.location)}`);
  if (opts.contactInfo) sigEntries.push(`/ContactInfo ${pdfTextString(opts.contactInfo)}`);
  sigEntries.push('/Prop_Build << /App << /Name /te-reporting >> >>');
  objects.push({ ref: sigRef, text: `<<\n${sigEntries.join('\n')}\n>>` });

  // Invisible widget merged with its field; flags Print (4) + Locked (128).
  objects.push({
    ref: widgetRef,
    text: `<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/T ${pdfTextString(fieldName)}\n/V ${sigRef}\n/F 132\n/Rect [0 0 0 0]\n/P ${page.ref}\n>>`,
  });

  // The page's annotations.
  const annots = page.node.get(PDFName.of('Annots'));
  if (annots instanceof PDFRef) {
    const arr = ctx.lookupMaybe(annots, PDFArray);
    if (!arr) throw new PdfSignError('The page /Annots reference does not point to an array');
    arr.push(widgetRef);
    objects.push({ ref: annots, text: arr.toString() });
  } else {
    const arr = annots instanceof PDFArray ? annots : ctx.obj([]);
    arr.push(widgetRef);
    page.node.set(PDFName.of('Annots'), arr);
    objects.push({ ref: page.ref, text: page.node.toString() });
  }

  // The AcroForm: the field listed, SigFlags SignaturesExist | AppendOnly.
  const sigFlags = (form: PDFDict) => {
    const old = form.get(PDFName.of('SigFlags'));
    form.set(
      PDFName.of('SigFlags'),
      PDFNumber.of((old instanceof PDFNumber ? old.asNumber() : 0) | 3),
    );
  };
  if (acroForm) {
    if (fieldsEntry instanceof PDFRef && fields) {
      fields.push(widgetRef);
      objects.push({ ref: fieldsEntry, text: fields.toString() });
    } else {
      const arr = fields ?? ctx.obj([]);
      arr.push(widgetRef);
      acroForm.set(PDFName.of('Fields'), arr);
    }
    sigFlags(acroForm);
    if (acroEntry instanceof PDFRef) objects.push({ ref: acroEntry, text: acroForm.toString() });
    else objects.push({ ref: trailer.Root, text: catalog.toString() });
  } else {
    const formRef = PDFRef.of(next++);
    objects.push({ ref: formRef, text: `<<\n/Fields [${widgetRef}]\n/SigFlags 3\n>>` });
    catalog.set(PDFName.of('AcroForm'), formRef);
    objects.push({ ref: trailer.Root, text: catalog.toString() });
  }

  // The update: objects, then a cross-reference section pointing back to the previous one.
  const chunks: Buffer[] = [body];
  let offset = body.length;
  const push = (s: string | Buffer) => {
    const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
    chunks.push(b);
    offset += b.length;
  };
  if (body[body.length - 1] !== 0x0a && body[body.length - 1] !== 0x0d) push('\n');
  const entries: { num: number; gen: number; offset: number }[] = [];
  for (const o of objects) {
    entries.push({ num: o.ref.objectNumber, gen: o.ref.generationNumber, offset });
    push(`${o.ref.objectNumber} ${o.ref.generationNumber} obj\n${o.text}\nendobj\n`);
  }
  const trailerEntries: string[] = [`/Root ${trailer.Root}`];
  if (trailer.Info) trailerEntries.push(`/Info ${trailer.Info}`);
  if (trailer.ID) trailerEntries.push(`/ID ${trailer.ID}`);
  trailerEntries.push(`/Prev ${startxref}`);

  if (isStream) {
    const xrefNum = next++;
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
      `${xrefNum} 0 obj\n<<\n/Type /XRef\n/Size ${next}\n/Index [${index}]\n/W [1 4 2]\n${trailerEntries.join('\n')}\n/Length ${data.length}\n>>\nstream\n`,
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
      `trailer\n<<\n/Size ${next}\n${trailerEntries.join('\n')}\n>>\nstartxref\n${xrefOffset}\n%%EOF\n`,
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
