import * as zlib from 'node:zlib';
import JSZip from 'jszip';

/**
 * The hostile files of issue 14, built the way an attacker would: zips written by hand (so their
 * directory can declare whatever sizes it likes), deflate streams that inflate a thousandfold, a
 * "PDF" that is one unterminated dictionary of /ByteRange entries, images whose first bytes lie.
 */

export interface ZipPart {
  name: string;
  /** The raw-deflated bytes. */
  deflated: Buffer;
  /** The uncompressed size and CRC the directory declares (honest unless given). */
  declaredSize: number;
  crc: number;
}

export const honestPart = (name: string, data: Buffer | string): ZipPart => {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
  return {
    name,
    deflated: zlib.deflateRawSync(bytes, { level: 6 }),
    declaredSize: bytes.length,
    crc: zlib.crc32(bytes) >>> 0,
  };
};

/** A zip (deflated entries, local headers, central directory) of `parts`, as declared. */
export function writeZip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(p.crc, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(p.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt16LE(0x21, 14);
    cd.writeUInt32LE(p.crc, 16);
    cd.writeUInt32LE(p.deflated.length, 20);
    cd.writeUInt32LE(p.declaredSize, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, name, p.deflated);
    central.push(cd, name);
    offset += local.length + name.length + p.deflated.length;
  }
  const cdBytes = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(parts.length, 8);
  eocd.writeUInt16LE(parts.length, 10);
  eocd.writeUInt32LE(cdBytes.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBytes, eocd]);
}

/** The parts of a real workbook (e.g. one the server exported), to swap one for a hostile one. */
export async function workbookParts(xlsx: Buffer): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(xlsx);
  const out = new Map<string, Buffer>();
  for (const [name, file] of Object.entries(zip.files))
    if (!file.dir) out.set(name, await file.async('nodebuffer'));
  return out;
}

/**
 * A raw deflate stream of `prefix`, `mib` MiB of spaces, then `suffix`, built in about `mib` KB:
 * one sync-flushed block inflating to 1 MiB of spaces is repeated (it only copies from the window,
 * which after the first MiB holds nothing but spaces).
 */
export async function spacesDeflate(prefix: string, mib: number, suffix: string): Promise<Buffer> {
  const z = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (c: Buffer) => out.push(c));
  const step = (data: Buffer | string) =>
    new Promise<Buffer>((resolve) => {
      z.write(data);
      z.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve(Buffer.concat(out.splice(0))));
    });
  const spaces = Buffer.alloc(1 << 20, 0x20);
  const first = await step(Buffer.concat([Buffer.from(prefix, 'utf8'), spaces]));
  const block = await step(spaces);
  const last = await new Promise<Buffer>((resolve) => {
    z.on('end', () => resolve(Buffer.concat(out.splice(0))));
    z.end(suffix);
  });
  return Buffer.concat([first, ...Array.from({ length: mib - 2 }, () => block), block, last]);
}

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';

/** A workbook whose sheet inflates to `mib` MiB while the zip directory declares its original size. */
export async function zipBombWorkbook(good: Buffer, mib: number): Promise<Buffer> {
  const parts = await workbookParts(good);
  const sheet = [...parts.keys()].find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))!;
  const bomb = await spacesDeflate(SHEET_HEAD, mib, SHEET_TAIL);
  return writeZip(
    [...parts].map(([name, data]) =>
      name === sheet
        ? { name, deflated: bomb, declaredSize: data.length, crc: zlib.crc32(data) >>> 0 }
        : honestPart(name, data),
    ),
  );
}

/** A workbook whose sheet honestly holds `rows` rows of one number each (and says so). */
export async function manyRowsWorkbook(good: Buffer, rows: number): Promise<Buffer> {
  const parts = await workbookParts(good);
  const sheet = [...parts.keys()].find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))!;
  const body: string[] = [SHEET_HEAD];
  for (let r = 1; r <= rows; r++)
    body.push(`<row r="${r}"><c r="A${r}"><v>${r % 10}</v></c></row>`);
  body.push(SHEET_TAIL);
  parts.set(sheet, Buffer.from(body.join(''), 'utf8'));
  return writeZip([...parts].map(([name, data]) => honestPart(name, data)));
}

/** A workbook whose shared-strings table honestly holds `count` strings. */
export async function manyStringsWorkbook(good: Buffer, count: number): Promise<Buffer> {
  const parts = await workbookParts(good);
  const body: string[] = [
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}">`,
  ];
  for (let i = 0; i < count; i++) body.push(`<si><t>${i}</t></si>`);
  body.push('</sst>');
  parts.set('xl/sharedStrings.xml', Buffer.from(body.join(''), 'utf8'));
  return writeZip([...parts].map(([name, data]) => honestPart(name, data)));
}

/** "%PDF-1.4", then one unterminated dictionary holding `entries` different /ByteRange arrays. */
export function byteRangeBomb(entries: number): Buffer {
  const out: string[] = ['%PDF-1.4\n1 0 obj\n<<'];
  for (let i = 0; i < entries; i++) out.push(`/ByteRange [0 ${i + 1} ${i + 2} 3]\n`);
  return Buffer.from(out.join(''), 'latin1');
}

const pngChunk = (type: string, data: Buffer) => {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
};
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A grey (8-bit greyscale) PNG of width × height white pixels, deflated as a stream. */
export async function whitePng(width: number, height: number): Promise<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  const z = zlib.createDeflate({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (c: Buffer) => out.push(c));
  const row = Buffer.alloc(width + 1, 0xff);
  row[0] = 0;
  const rows = Buffer.concat(Array.from({ length: Math.min(height, 256) }, () => row));
  for (let done = 0; done < height; done += 256) {
    const n = Math.min(256, height - done);
    if (!z.write(n === 256 ? rows : rows.subarray(0, n * row.length)))
      await new Promise((r) => z.once('drain', r));
  }
  await new Promise((r) => {
    z.on('end', r);
    z.end();
  });
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.concat(out)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const DOCUMENT_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
const DOCUMENT_TAIL = '</w:body></w:document>';

/** A Word copy whose word/document.xml inflates to `mib` MiB while the directory declares its original size. */
export async function zipBombDocx(good: Buffer, mib: number): Promise<Buffer> {
  const parts = await workbookParts(good);
  const bomb = await spacesDeflate(DOCUMENT_HEAD, mib, DOCUMENT_TAIL);
  return writeZip(
    [...parts].map(([name, data]) =>
      name === 'word/document.xml'
        ? { name, deflated: bomb, declaredSize: data.length, crc: zlib.crc32(data) >>> 0 }
        : honestPart(name, data),
    ),
  );
}

/** A Word copy whose body honestly holds `body` (e.g. a million paragraphs, tables nested deep). */
export async function docxWithBody(good: Buffer, body: string): Promise<Buffer> {
  const parts = await workbookParts(good);
  return writeZip(
    [...parts].map(([name, data]) =>
      honestPart(name, name === 'word/document.xml' ? DOCUMENT_HEAD + body + DOCUMENT_TAIL : data),
    ),
  );
}
