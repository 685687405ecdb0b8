/**
 * Just enough PDF syntax to read a signature dictionary and a field dictionary straight from the
 * file bytes (signature dictionaries are never inside object streams: /ByteRange is about file
 * offsets). Synchronous, no whole-document parse. The objects around offsets: pdf-objects.ts.
 */
export type PdfValue =
  | { kind: 'dict'; entries: Map<string, PdfValue> }
  | { kind: 'array'; items: PdfValue[] }
  | { kind: 'name'; value: string }
  | { kind: 'string'; bytes: Buffer }
  | { kind: 'number'; value: number }
  | { kind: 'ref'; num: number; gen: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' };

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));

export class PdfSyntaxError extends Error {}

class Reader {
  /** Values this reader may still read: bounds the memory one object can take. */
  private valuesLeft: number;

  constructor(
    readonly buf: Buffer,
    public pos: number,
    maxValues = Infinity,
  ) {
    this.valuesLeft = maxValues;
  }

  skipWs() {
    for (;;) {
      while (this.pos < this.buf.length && WS.has(this.buf[this.pos])) this.pos++;
      if (this.buf[this.pos] === 0x25 /* % */) {
        while (
          this.pos < this.buf.length &&
          this.buf[this.pos] !== 0x0a &&
          this.buf[this.pos] !== 0x0d
        )
          this.pos++;
        continue;
      }
      return;
    }
  }

  regular(): string {
    const start = this.pos;
    while (
      this.pos < this.buf.length &&
      !WS.has(this.buf[this.pos]) &&
      !DELIM.has(this.buf[this.pos])
    )
      this.pos++;
    return this.buf.toString('latin1', start, this.pos);
  }

  value(depth = 0): PdfValue {
    if (depth > 32) throw new PdfSyntaxError('PDF object nested too deeply');
    if (--this.valuesLeft < 0) throw new PdfSyntaxError('PDF object has too many values');
    this.skipWs();
    if (this.pos >= this.buf.length) throw new PdfSyntaxError('Unexpected end of PDF');
    const c = this.buf[this.pos];
    if (c === 0x3c && this.buf[this.pos + 1] === 0x3c) {
      this.pos += 2;
      const entries = new Map<string, PdfValue>();
      for (;;) {
        this.skipWs();
        if (this.buf[this.pos] === 0x3e && this.buf[this.pos + 1] === 0x3e) {
          this.pos += 2;
          return { kind: 'dict', entries };
        }
        const key = this.value(depth + 1);
        if (key.kind !== 'name') throw new PdfSyntaxError('Dictionary key is not a name');
        entries.set(key.value, this.value(depth + 1));
      }
    }
    if (c === 0x3c) {
      const end = this.buf.indexOf(0x3e, this.pos);
      if (end < 0) throw new PdfSyntaxError('Unterminated hex string');
      const hex = this.buf.toString('latin1', this.pos + 1, end).replace(/[^0-9a-fA-F]/g, '');
      this.pos = end + 1;
      return { kind: 'string', bytes: Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex') };
    }
    if (c === 0x28) return { kind: 'string', bytes: this.literal() };
    if (c === 0x5b) {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipWs();
        if (this.buf[this.pos] === 0x5d) {
          this.pos++;
          return { kind: 'array', items };
        }
        items.push(this.value(depth + 1));
      }
    }
    if (c === 0x2f) {
      this.pos++;
      return {
        kind: 'name',
        value: this.regular().replace(/#([0-9a-fA-F]{2})/g, (_, h) =>
          String.fromCharCode(parseInt(h, 16)),
        ),
      };
    }
    const token = this.regular();
    if (token === '') throw new PdfSyntaxError(`Unexpected character at ${this.pos}`);
    if (token === 'true' || token === 'false') return { kind: 'bool', value: token === 'true' };
    if (token === 'null') return { kind: 'null' };
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) {
      // An integer may start "num gen R".
      if (/^\d+$/.test(token)) {
        const save = this.pos;
        this.skipWs();
        const gen = this.regular();
        if (/^\d+$/.test(gen)) {
          this.skipWs();
          if (this.regular() === 'R') return { kind: 'ref', num: Number(token), gen: Number(gen) };
        }
        this.pos = save;
      }
      return { kind: 'number', value: Number(token) };
    }
    throw new PdfSyntaxError(`Unexpected token "${token}"`);
  }

  literal(): Buffer {
    this.pos++; // (
    const out: number[] = [];
    let depth = 1;
    while (this.pos < this.buf.length) {
      const c = this.buf[this.pos++];
      if (c === 0x5c) {
        const e = this.buf[this.pos++];
        const simple: Record<number, number> = {
          0x6e: 0x0a,
          0x72: 0x0d,
          0x74: 0x09,
          0x62: 0x08,
          0x66: 0x0c,
          0x28: 0x28,
          0x29: 0x29,
          0x5c: 0x5c,
        };
        if (e in simple) out.push(simple[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let k = 0; k < 2 && this.buf[this.pos] >= 0x30 && this.buf[this.pos] <= 0x37; k++)
            v = v * 8 + (this.buf[this.pos++] - 0x30);
          out.push(v & 0xff);
        } else if (e === 0x0d) {
          if (this.buf[this.pos] === 0x0a) this.pos++;
        } else if (e !== 0x0a) out.push(e);
        continue;
      }
      if (c === 0x28) depth++;
      if (c === 0x29 && --depth === 0) return Buffer.from(out);
      out.push(c);
    }
    throw new PdfSyntaxError('Unterminated literal string');
  }
}

/** Parses one value at `pos`. */
export function parseValueAt(buf: Buffer, pos: number): PdfValue {
  return new Reader(buf, pos).value();
}

/**
 * Parses one value at `pos`, reading no byte at or past `end` and at most `maxValues` values;
 * answers the value (or the error) and the offset where reading stopped.
 */
export function parseValueBounded(
  buf: Buffer,
  pos: number,
  end: number,
  maxValues: number,
): { value?: PdfValue; error?: Error; pos: number } {
  const r = new Reader(buf.subarray(0, end), pos, maxValues);
  try {
    return { value: r.value(), pos: r.pos };
  } catch (e) {
    return { error: e as Error, pos: r.pos };
  }
}

export const dictGet = (v: PdfValue | undefined, key: string): PdfValue | undefined =>
  v?.kind === 'dict' ? v.entries.get(key) : undefined;

/** A PDF text string: UTF-16BE with a byte-order mark, UTF-8 with one (PDF 2.0), else PDFDocEncoding (≈ Latin-1). */
export function pdfText(v: PdfValue | undefined): string | undefined {
  if (v?.kind !== 'string') return undefined;
  const b = v.bytes;
  if (b[0] === 0xfe && b[1] === 0xff) {
    const s = Buffer.from(b.subarray(2, 2 + ((b.length - 2) & ~1)));
    s.swap16();
    return s.toString('utf16le');
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  return b.toString('latin1');
}

/** D:YYYYMMDDHHmmSSOHH'mm' → Date. */
export function parsePdfDate(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(
    s.trim(),
  );
  if (!m) return undefined;
  const ms = Date.UTC(
    Number(m[1]),
    Number(m[2] ?? '01') - 1,
    Number(m[3] ?? '01'),
    Number(m[4] ?? '0'),
    Number(m[5] ?? '0'),
    Number(m[6] ?? '0'),
  );
  let offset = 0;
  if (m[7] && m[7] !== 'Z') {
    const z = m[7].replace(/'/g, '');
    offset = (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
  }
  return new Date(ms - offset * 60000);
}
