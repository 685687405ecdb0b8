import { Inflate } from 'fflate';
import { SaxesParser, SaxesTagPlain } from 'saxes';

/** An uploaded file that is not a Word document we can read (the message says why, in Vietnamese). */
export class NotADocxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotADocxError';
  }
}

export interface DocxRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  sup?: boolean;
  sub?: boolean;
  /** A line break before the text. */
  lineBreak?: boolean;
}
export interface DocxParagraph {
  type: 'p';
  style: string | null;
  /** A Word list item (bullets or numbers of Word's own). */
  listItem: boolean;
  runs: DocxRun[];
}
export interface DocxTable {
  type: 'table';
  rows: { header: boolean; cells: string[][] }[];
}
/** What the body of document.xml holds, at its top level, in order. */
export type DocxBodyItem = DocxParagraph | DocxTable;

/** The bounds of one upload, whatever its zip directory declares. */
export const DOCX_LIMITS = {
  /** Entries of the zip. */
  entries: 2000,
  /** Bytes word/document.xml may inflate to (counted as it inflates). */
  documentXml: 10 * 1024 * 1024,
  /** Declared unzipped size of everything. */
  declared: 200 * 1024 * 1024,
  /** Paragraphs and table cells of the body. */
  blocks: 20_000,
  /** Elements open at once. */
  depth: 200,
  /** Characters between two tags (a paragraph's text is far shorter; a bomb of spaces is not). */
  textRun: 1024 * 1024,
};

const MSG_NOT_DOCX = 'Tệp tải lên không phải là văn bản Word (.docx).';
const MSG_DOC =
  'Tệp tải lên là văn bản Word đời cũ (.doc); hãy mở bằng Word và lưu lại dưới dạng .docx.';
const MSG_CORRUPT = 'Không đọc được văn bản Word: tệp .docx bị hỏng hoặc không đúng định dạng.';
const MSG_TOO_BIG = 'Văn bản Word quá lớn khi giải nén, không thể đọc.';
const MSG_TOO_COMPLEX = 'Văn bản Word có quá nhiều đoạn hoặc ô bảng, không thể đọc.';
const CHUNK = 1024;

/** The local header offset, compressed size and method of word/document.xml, from the central directory. */
function documentEntry(buf: Buffer) {
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1)
    throw new NotADocxError(MSG_DOC);
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) throw new NotADocxError(MSG_NOT_DOCX);
  let eocd = -1;
  for (let i = buf.length - 22, min = Math.max(0, buf.length - 22 - 0xffff); i >= min; i--)
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new NotADocxError(MSG_NOT_DOCX);
  const entries = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdOffset === 0xffffffff || entries > DOCX_LIMITS.entries)
    throw new NotADocxError(MSG_TOO_BIG);
  let found: { flags: number; method: number; compressed: number; local: number } | null = null;
  let declared = 0;
  for (let i = 0, p = cdOffset; i < entries; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw new NotADocxError(MSG_CORRUPT);
    const nameLen = buf.readUInt16LE(p + 28);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen).replace(/^\//, '');
    declared += buf.readUInt32LE(p + 24);
    if (name === 'word/document.xml')
      found = {
        flags: buf.readUInt16LE(p + 8),
        method: buf.readUInt16LE(p + 10),
        compressed: buf.readUInt32LE(p + 20),
        local: buf.readUInt32LE(p + 42),
      };
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  if (declared > DOCX_LIMITS.declared) throw new NotADocxError(MSG_TOO_BIG);
  if (!found) throw new NotADocxError(MSG_NOT_DOCX);
  return found;
}

/** word/document.xml, inflated in small steps and counted (the declared sizes may lie), to `onData`. */
function inflateDocument(buf: Buffer, onData: (chunk: Uint8Array) => void): void {
  const e = documentEntry(buf);
  const p = e.local;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50)
    throw new NotADocxError(MSG_CORRUPT);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + e.compressed;
  if (end > buf.length || e.flags & 1) throw new NotADocxError(MSG_CORRUPT);
  let total = 0;
  let sinceTag = 0;
  const counted = (chunk: Uint8Array) => {
    total += chunk.length;
    if (total > DOCX_LIMITS.documentXml) throw new NotADocxError(MSG_TOO_BIG);
    // Refused before the parser buffers it: megabytes of text with no tag in between.
    const lastTag = chunk.lastIndexOf(0x3c);
    sinceTag = lastTag < 0 ? sinceTag + chunk.length : chunk.length - lastTag;
    if (sinceTag > DOCX_LIMITS.textRun) throw new NotADocxError(MSG_TOO_BIG);
    onData(chunk);
  };
  if (e.method === 0) {
    for (let i = start; i < end; i += CHUNK) counted(buf.subarray(i, Math.min(end, i + CHUNK)));
    return;
  }
  if (e.method !== 8) throw new NotADocxError(MSG_CORRUPT);
  const inflate = new Inflate((chunk) => counted(chunk));
  try {
    for (let i = start; i < end; i += CHUNK)
      inflate.push(buf.subarray(i, Math.min(end, i + CHUNK)), i + CHUNK >= end);
    if (start === end) inflate.push(new Uint8Array(0), true);
  } catch (err) {
    if (err instanceof NotADocxError) throw err;
    throw new NotADocxError(MSG_CORRUPT);
  }
}

const on = (tag: SaxesTagPlain) => {
  const v = tag.attributes['w:val'];
  return v === undefined || !/^(0|false|off|none)$/i.test(v);
};

/**
 * The body of an uploaded .docx, bounded: only word/document.xml is inflated, counting what it
 * really inflates to; it streams through a SAX parser (saxes, no entities, no DTD) that keeps the
 * top-level paragraphs (style, Word list or not, runs with bold/italic/superscript/subscript and
 * line breaks) and tables (rows of cell texts); deleted text of tracked changes and field codes are
 * left out. Anything over the limits is refused with the reason.
 */
export function readDocxBody(buf: Buffer): DocxBodyItem[] {
  const items: DocxBodyItem[] = [];
  const sax = new SaxesParser();
  const stack: string[] = [];
  let blocks = 0;
  let tableDepth = 0;
  let para: DocxParagraph | null = null;
  let table: DocxTable | null = null;
  let cellParas: string[] = [];
  let cellText = '';
  let run: { bold: boolean; italic: boolean; sup: boolean; sub: boolean } | null = null;
  let pendingBreak = false;
  let inText = false;
  const within = (name: string) => stack.includes(name);
  const push = (text: string) => {
    if (!text && !pendingBreak) return;
    if (tableDepth > 0) {
      cellText += text;
      return;
    }
    if (!para || !run) return;
    para.runs.push({
      text,
      ...(run.bold ? { bold: true } : {}),
      ...(run.italic ? { italic: true } : {}),
      ...(run.sup ? { sup: true } : {}),
      ...(run.sub ? { sub: true } : {}),
      ...(pendingBreak ? { lineBreak: true } : {}),
    });
    pendingBreak = false;
  };
  sax.on('opentag', (t) => {
    const tag = t as SaxesTagPlain;
    stack.push(tag.name);
    if (stack.length > DOCX_LIMITS.depth) throw new NotADocxError(MSG_TOO_COMPLEX);
    const inRunProps = within('w:rPr') && !within('w:pPr') && run;
    switch (tag.name) {
      case 'w:tbl':
        if (++tableDepth === 1 && stack.length === 3) table = { type: 'table', rows: [] };
        break;
      case 'w:tr':
        if (tableDepth === 1 && table) table.rows.push({ header: false, cells: [] });
        break;
      case 'w:tblHeader':
        if (tableDepth === 1 && table?.rows.length && on(tag))
          table.rows[table.rows.length - 1].header = true;
        break;
      case 'w:tc':
        if (tableDepth === 1) cellParas = [];
        if (++blocks > DOCX_LIMITS.blocks) throw new NotADocxError(MSG_TOO_COMPLEX);
        break;
      case 'w:p':
        if (++blocks > DOCX_LIMITS.blocks) throw new NotADocxError(MSG_TOO_COMPLEX);
        if (tableDepth > 0) cellText = tableDepth === 1 ? '' : cellText + ' ';
        else para = { type: 'p', style: null, listItem: false, runs: [] };
        pendingBreak = false;
        break;
      case 'w:pStyle':
        if (para && tableDepth === 0) para.style = tag.attributes['w:val'] ?? null;
        break;
      case 'w:numPr':
        if (para && tableDepth === 0) para.listItem = true;
        break;
      case 'w:r':
        run = { bold: false, italic: false, sup: false, sub: false };
        break;
      case 'w:b':
        if (inRunProps) run!.bold = on(tag);
        break;
      case 'w:i':
        if (inRunProps) run!.italic = on(tag);
        break;
      case 'w:vertAlign':
        if (inRunProps) {
          run!.sup = tag.attributes['w:val'] === 'superscript';
          run!.sub = tag.attributes['w:val'] === 'subscript';
        }
        break;
      case 'w:t':
        inText = !within('w:del') && !within('w:instrText');
        break;
      case 'w:tab':
        if (run && !within('w:pPr')) push(' ');
        break;
      case 'w:br':
      case 'w:cr':
        if (run) {
          if (tableDepth > 0) cellText += ' ';
          else pendingBreak = true;
        }
        break;
    }
  });
  sax.on('text', (text) => {
    if (inText) push(text);
  });
  sax.on('closetag', (t) => {
    const name = (t as SaxesTagPlain).name;
    stack.pop();
    switch (name) {
      case 'w:t':
        inText = false;
        break;
      case 'w:r':
        run = null;
        break;
      case 'w:p':
        if (tableDepth === 1) cellParas.push(cellText.trim());
        else if (tableDepth === 0 && para && stack.length === 2) items.push(para);
        if (tableDepth === 0) para = null;
        break;
      case 'w:tc':
        if (tableDepth === 1 && table?.rows.length)
          table.rows[table.rows.length - 1].cells.push(cellParas.filter((s) => s !== ''));
        break;
      case 'w:tbl':
        if (--tableDepth === 0 && table) {
          items.push(table);
          table = null;
        }
        break;
    }
  });
  const decoder = new TextDecoder('utf-8');
  const parse = (step: () => void) => {
    try {
      step();
    } catch (e) {
      if (e instanceof NotADocxError) throw e;
      throw new NotADocxError(MSG_CORRUPT);
    }
  };
  inflateDocument(buf, (chunk) => {
    for (let i = 0; i < chunk.length; i += 32 * 1024) {
      const slice = chunk.subarray(i, i + 32 * 1024);
      parse(() => sax.write(decoder.decode(slice, { stream: true })));
    }
  });
  parse(() => sax.write(decoder.decode()).close());
  return items;
}
