import { PdfValue, parseValueBounded } from './pdf-syntax';

/** An indirect object "num gen obj <value>" read from the file bytes. */
export interface PdfObject {
  num: number;
  gen: number;
  value: PdfValue;
  /** Offset of the header's object number. */
  start: number;
  /** Offset just past the value. */
  end: number;
}

/** One object is read over at most this many bytes (a signature's /Contents is a few tens of KB). */
const MAX_OBJECT_BYTES = 2 * 1024 * 1024;
/** … and holds at most this many values (names, numbers, strings, arrays, dictionaries). */
const MAX_OBJECT_VALUES = 50_000;
/** All the objects read from one file cover at most this many times its size, plus a margin. */
const READ_BUDGET_FACTOR = 4;
const READ_BUDGET_MARGIN = 4 * 1024 * 1024;
const HEADER = /(\d{1,10})[\0\t\n\f\r ]+(\d{1,5})[\0\t\n\f\r ]+$/;

/**
 * The indirect objects of a PDF around given offsets, for reading signature and field dictionaries
 * straight from the bytes (they are never in object streams). Object headers are found once, in one
 * pass; an object is parsed at most once, within a byte and value limit, and all parses of the file
 * share a budget proportional to its size: however the file is crafted (unterminated dictionaries or
 * strings, thousands of /ByteRange), reading it stays linear in its size.
 */
export class PdfObjectIndex {
  /** Offsets of the "obj" keywords of object headers, ascending, with their numbers. */
  private readonly headers: { at: number; start: number; num: number; gen: number }[] = [];
  private readonly parsed = new Map<number, PdfObject | null>();
  private budget: number;

  constructor(
    private readonly buf: Buffer,
    text: string,
  ) {
    this.budget = buf.length * READ_BUDGET_FACTOR + READ_BUDGET_MARGIN;
    for (let at = text.indexOf('obj'); at >= 0; at = text.indexOf('obj', at + 3)) {
      if (at >= 3 && text.startsWith('end', at - 3)) continue;
      const m = HEADER.exec(text.slice(Math.max(0, at - 40), at));
      if (!m || /\d/.test(text[at - m[0].length - 1] ?? '')) continue;
      this.headers.push({ at, start: at - m[0].length, num: Number(m[1]), gen: Number(m[2]) });
    }
  }

  /** The object whose value spans `offset` (its nearest header before it), or undefined. */
  around(offset: number): PdfObject | undefined {
    let lo = 0;
    let hi = this.headers.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.headers[mid].at < offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    const obj = this.read(found);
    return obj && obj.end > offset ? obj : undefined;
  }

  private read(index: number): PdfObject | null {
    const cached = this.parsed.get(index);
    if (cached !== undefined) return cached;
    const h = this.headers[index];
    let obj: PdfObject | null = null;
    if (this.budget > 0) {
      const end = Math.min(this.buf.length, h.at + 3 + Math.min(MAX_OBJECT_BYTES, this.budget));
      const r = parseValueBounded(this.buf, h.at + 3, end, MAX_OBJECT_VALUES);
      this.budget -= r.pos - h.at;
      if (r.value) obj = { num: h.num, gen: h.gen, value: r.value, start: h.start, end: r.pos };
    }
    this.parsed.set(index, obj);
    return obj;
  }
}
