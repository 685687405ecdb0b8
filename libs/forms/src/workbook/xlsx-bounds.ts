import { Inflate } from 'fflate';
import { SaxesParser, SaxesTagPlain } from 'saxes';
import { formatVietnameseNumber } from '@app/common';
import { NotAWorkbookError } from './workbook-layout';
import { MSG_NOT_XLSX, ZipEntry, checkXlsxContainer } from './xlsx-container';

/** What one uploaded workbook may hold, whatever its zip directory declares. */
export interface XlsxLimits {
  /** Bytes all its files inflate to, counted as they inflate. */
  inflatedBytes: number;
  /** Rows of any worksheet, by count and by row number. */
  rows: number;
  /** Fewer rows that the workbook's use allows (a form's rows plus a margin), with its own message. */
  expectedRows?: { rows: number; message: string };
  /** Columns of any worksheet, by column number. */
  columns: number;
  /** Cells of the whole workbook. */
  cells: number;
  /** Entries of the shared-strings table. */
  sharedStrings: number;
}

const MSG_CORRUPT = 'Không đọc được bảng tính: tệp .xlsx bị hỏng hoặc không đúng định dạng.';
/** Compressed bytes inflated at a time: one push inflates to at most ~1,000 times as much (1 MB). */
const CHUNK = 1024;
/** Inflated bytes decoded to text at a time. */
const DECODE_SLICE = 32 * 1024;
const n = (x: number) => formatVietnameseNumber(x);

/**
 * Reads every file of the workbook once, as a stream, before exceljs sees it: inflates each with
 * fflate counting the bytes really produced (a zip directory declaring small sizes proves nothing),
 * and runs every XML part through a SAX parser (saxes, the one exceljs uses) that counts rows,
 * columns, cells and shared strings. It stops — and refuses the file with the reason — as soon as
 * one passes its limit, so a zip bomb or a million-row sheet costs what the limit allows and no
 * more. exceljs then loads every worksheet of a workbook that fits, which is why the limits apply
 * to every sheet and not only the one read.
 */
export function checkXlsxBounds(buf: Buffer, limits: XlsxLimits): void {
  const entries = checkXlsxContainer(buf);
  const totals = { inflated: 0, cells: 0 };
  for (const entry of entries) {
    const scanner = /\.xml$/i.test(entry.name) ? new PartScanner(limits, totals) : undefined;
    inflateEntry(buf, entry, (chunk) => {
      totals.inflated += chunk.length;
      if (totals.inflated > limits.inflatedBytes)
        throw new NotAWorkbookError(
          `Bảng tính quá lớn khi giải nén (giới hạn ${n(Math.round(limits.inflatedBytes / 1048576))} MB), không thể đọc.`,
        );
      scanner?.write(chunk);
    });
    scanner?.close();
  }
}

function inflateEntry(buf: Buffer, entry: ZipEntry, onData: (chunk: Uint8Array) => void): void {
  const p = entry.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50)
    throw new NotAWorkbookError(MSG_NOT_XLSX);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length || entry.flags & 1) throw new NotAWorkbookError(MSG_CORRUPT);
  if (entry.method === 0) {
    for (let i = start; i < end; i += CHUNK) onData(buf.subarray(i, Math.min(end, i + CHUNK)));
    return;
  }
  if (entry.method !== 8) throw new NotAWorkbookError(MSG_CORRUPT);
  const inflate = new Inflate((chunk) => onData(chunk));
  try {
    for (let i = start; i < end; i += CHUNK)
      inflate.push(buf.subarray(i, Math.min(end, i + CHUNK)), i + CHUNK >= end);
    if (start === end) inflate.push(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof NotAWorkbookError) throw e;
    throw new NotAWorkbookError(MSG_CORRUPT);
  }
}

/** Column number of a cell reference ("AB12" → 28), 0 when there is none. */
function columnOf(ref: string | undefined): number {
  let col = 0;
  for (let i = 0; ref && i < ref.length && i < 4; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + c - 64;
  }
  return col;
}

/** Counts what one XML part holds, as it streams in. */
class PartScanner {
  private readonly sax = new SaxesParser();
  private readonly decoder = new TextDecoder('utf-8');
  private rows = 0;
  private lastRow = 0;
  private lastColumn = 0;
  private strings = 0;

  constructor(
    private readonly limits: XlsxLimits,
    private readonly totals: { cells: number },
  ) {
    this.sax.on('opentag', (tag) => this.open(tag as SaxesTagPlain));
  }

  write(chunk: Uint8Array): void {
    // Decoded in slices: a string under 128 KB is young garbage that V8 collects at once, a longer
    // one lives in the old generation until a full collection — a bomb of spaces would fill the
    // thread's heap with them.
    for (let i = 0; i < chunk.length; i += DECODE_SLICE) {
      const slice = chunk.subarray(i, i + DECODE_SLICE);
      this.parse(() => this.sax.write(this.decoder.decode(slice, { stream: true })));
    }
  }

  close(): void {
    this.parse(() => this.sax.write(this.decoder.decode()).close());
  }

  private parse(step: () => void): void {
    try {
      step();
    } catch (e) {
      if (e instanceof NotAWorkbookError) throw e;
      throw new NotAWorkbookError(MSG_CORRUPT);
    }
  }

  private open(tag: SaxesTagPlain): void {
    const name = tag.name.slice(tag.name.indexOf(':') + 1);
    const L = this.limits;
    if (name === 'row') {
      const r = Number(tag.attributes.r);
      this.lastRow = Number.isInteger(r) && r > 0 ? r : this.lastRow + 1;
      this.lastColumn = 0;
      const rows = Math.max(++this.rows, this.lastRow);
      if (rows > L.rows)
        throw new NotAWorkbookError(
          `Trang tính có ${this.lastRow > L.rows ? n(this.lastRow) : `hơn ${n(L.rows)}`} dòng, vượt quá giới hạn ${n(L.rows)} dòng.`,
        );
      if (L.expectedRows && rows > L.expectedRows.rows)
        throw new NotAWorkbookError(L.expectedRows.message);
    } else if (name === 'c') {
      this.lastColumn = columnOf(tag.attributes.r) || this.lastColumn + 1;
      if (this.lastColumn > L.columns)
        throw new NotAWorkbookError(
          `Bảng tính có dữ liệu ở cột thứ ${n(this.lastColumn)}, vượt quá giới hạn ${n(L.columns)} cột nên không được đọc.`,
        );
      if (++this.totals.cells > L.cells)
        throw new NotAWorkbookError(
          `Bảng tính có hơn ${n(L.cells)} ô dữ liệu, vượt quá giới hạn nên không được đọc.`,
        );
    } else if (name === 'si' && ++this.strings > L.sharedStrings) {
      throw new NotAWorkbookError(
        `Bảng tính có hơn ${n(L.sharedStrings)} chuỗi văn bản, vượt quá giới hạn nên không được đọc.`,
      );
    }
  }
}
