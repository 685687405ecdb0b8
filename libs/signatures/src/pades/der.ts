/**
 * A small ASN.1 BER/DER reader that keeps the byte offsets of every element: verifying a CMS
 * signature needs the signed attributes exactly as they were encoded, not a re-encoding.
 */
export interface DerNode {
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  cls: number;
  constructed: boolean;
  /** Tag number (16 SEQUENCE, 17 SET, 6 OID, …; the n of [n] for context-specific tags). */
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  contentStart: number;
  contentEnd: number;
  /** Offset just past the element (after the end-of-contents octets of an indefinite length). */
  end: number;
  children: DerNode[];
}

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

export const UNIVERSAL = 0;
export const CONTEXT = 2;

export const TAG = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8_STRING: 12,
  SEQUENCE: 16,
  SET: 17,
  PRINTABLE_STRING: 19,
  T61_STRING: 20,
  IA5_STRING: 22,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
  UNIVERSAL_STRING: 28,
  BMP_STRING: 30,
} as const;

const MAX_DEPTH = 64;

/** Parses one element starting at `start` (and, when constructed, everything inside it). */
export function parseDer(buf: Buffer, start = 0, limit = buf.length, depth = 0): DerNode {
  if (depth > MAX_DEPTH) throw new DerError('ASN.1 nested too deeply');
  let p = start;
  const need = (n: number) => {
    if (p + n > limit)
      throw new DerError(`ASN.1 element at ${start} runs past the end of its container`);
  };
  need(1);
  const first = buf[p++];
  const cls = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tag = first & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (;;) {
      need(1);
      const b = buf[p++];
      tag = tag * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
      if (tag > 0x1fffff) throw new DerError('ASN.1 tag number too large');
    }
  }
  need(1);
  const l0 = buf[p++];
  let length = -1;
  if (l0 < 0x80) length = l0;
  else if (l0 > 0x80) {
    const n = l0 & 0x7f;
    if (n > 4) throw new DerError('ASN.1 length too large');
    need(n);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[p++];
  } else if (!constructed) throw new DerError('Indefinite length on a primitive ASN.1 element');
  const contentStart = p;
  const children: DerNode[] = [];
  if (length >= 0) {
    const contentEnd = contentStart + length;
    if (contentEnd > limit)
      throw new DerError(`ASN.1 element at ${start} runs past the end of its container`);
    if (constructed) {
      let q = contentStart;
      while (q < contentEnd) {
        const child = parseDer(buf, q, contentEnd, depth + 1);
        children.push(child);
        q = child.end;
      }
    }
    return { cls, constructed, tag, start, contentStart, contentEnd, end: contentEnd, children };
  }
  // Indefinite length: children up to the end-of-contents octets 00 00.
  let q = contentStart;
  for (;;) {
    if (q + 2 > limit) throw new DerError('ASN.1 indefinite length without end-of-contents');
    if (buf[q] === 0 && buf[q + 1] === 0) break;
    const child = parseDer(buf, q, limit, depth + 1);
    children.push(child);
    q = child.end;
  }
  return { cls, constructed, tag, start, contentStart, contentEnd: q, end: q + 2, children };
}

export const isUniversal = (n: DerNode | undefined, tag: number): n is DerNode =>
  !!n && n.cls === UNIVERSAL && n.tag === tag;
export const isContext = (n: DerNode | undefined, tag: number): n is DerNode =>
  !!n && n.cls === CONTEXT && n.tag === tag;

export function expectUniversal(n: DerNode | undefined, tag: number, what: string): DerNode {
  if (!isUniversal(n, tag)) throw new DerError(`${what}: unexpected ASN.1 element`);
  return n;
}

/** The bytes of a whole element (identifier, length, contents). */
export const elementBytes = (buf: Buffer, n: DerNode): Buffer => buf.subarray(n.start, n.end);
/** The contents octets of a primitive element. */
export const contentBytes = (buf: Buffer, n: DerNode): Buffer =>
  buf.subarray(n.contentStart, n.contentEnd);

export function decodeOid(buf: Buffer, n: DerNode): string {
  const bytes = contentBytes(buf, n);
  const arcs: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = value < 40 ? 0 : value < 80 ? 1 : 2;
        arcs.push(first, value - first * 40);
      } else arcs.push(value);
      value = 0;
    }
  }
  return arcs.join('.');
}

/** The text of a directory string (UTF8String, PrintableString, BMPString, …). */
export function decodeString(buf: Buffer, n: DerNode): string {
  const bytes = contentBytes(buf, n);
  switch (n.tag) {
    case TAG.UTF8_STRING:
      return bytes.toString('utf8');
    case TAG.BMP_STRING: {
      const swapped = Buffer.from(bytes);
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    case TAG.UNIVERSAL_STRING: {
      let s = '';
      for (let i = 0; i + 3 < bytes.length; i += 4)
        s += String.fromCodePoint(bytes.readUInt32BE(i));
      return s;
    }
    default:
      return bytes.toString('latin1');
  }
}

/** UTCTime or GeneralizedTime → Date. */
export function decodeTime(buf: Buffer, n: DerNode): Date {
  const s = contentBytes(buf, n).toString('latin1');
  const m =
    n.tag === TAG.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{4})?$/.exec(s);
  if (!m) throw new DerError(`Unreadable ASN.1 time "${s}"`);
  let year: number;
  let rest: string[];
  let frac = '';
  let zone: string | undefined;
  if (n.tag === TAG.UTC_TIME) {
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    rest = [m[2], m[3], m[4], m[5], m[6] ?? '00'];
    zone = m[7];
  } else {
    year = Number(m[1]);
    rest = [m[2], m[3], m[4], m[5], m[6] ?? '00'];
    frac = m[7] ?? '';
    zone = m[8];
  }
  const ms = Date.UTC(
    year,
    Number(rest[0]) - 1,
    Number(rest[1]),
    Number(rest[2]),
    Number(rest[3]),
    Number(rest[4]),
    frac ? Math.round(Number(`0.${frac}`) * 1000) : 0,
  );
  let offsetMin = 0;
  if (zone && zone !== 'Z')
    offsetMin =
      (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  return new Date(ms - offsetMin * 60000);
}
