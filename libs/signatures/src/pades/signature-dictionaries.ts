import { PdfObjectIndex } from './pdf-objects';
import { dictGet, pdfText, PdfValue } from './pdf-syntax';

/**
 * Bounds of a verification, whatever the file: signature dictionaries read (a document of ours has
 * two), /ByteRange and /V occurrences looked at, the size of one signature's /Contents and the
 * certificates taken from it. Reading the objects themselves is bounded by PdfObjectIndex.
 */
export const VERIFY_LIMITS = {
  signatures: 20,
  occurrences: 2000,
  contentsHexChars: 1024 * 1024,
  certificates: 50,
};

export interface FoundSignature {
  byteRange: number[];
  dict?: PdfValue;
  objNum?: number;
  objGen?: number;
}

/** Every signature dictionary of the file (by its /ByteRange), in file order. */
export function findSignatures(objects: PdfObjectIndex, text: string): FoundSignature[] {
  const re = /\/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/g;
  const seen = new Set<string>();
  const out: FoundSignature[] = [];
  let looked = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (out.length >= VERIFY_LIMITS.signatures || ++looked > VERIFY_LIMITS.occurrences) break;
    const byteRange = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    const key = byteRange.join(' ');
    if (seen.has(key)) continue;
    const obj = objects.around(m.index);
    const dict = obj?.value;
    // A /ByteRange outside a signature dictionary (inside some stream) is not a signature.
    if (dict && dict.kind === 'dict' && !dict.entries.has('Contents')) continue;
    seen.add(key);
    out.push({
      byteRange,
      dict: dict?.kind === 'dict' ? dict : undefined,
      objNum: obj?.num,
      objGen: obj?.gen,
    });
  }
  return out;
}

/** Field names (/T) of the fields whose /V is the given signature object, read from the file. */
export function fieldNameOf(
  objects: PdfObjectIndex,
  text: string,
  num: number,
  gen: number,
): string | undefined {
  const re = new RegExp(`/V\\s+${num}\\s+${gen}\\s+R`, 'g');
  let looked = 0;
  for (let m = re.exec(text); m && ++looked <= VERIFY_LIMITS.occurrences; m = re.exec(text)) {
    const obj = objects.around(m.index);
    const v = dictGet(obj?.value, 'V');
    if (v?.kind === 'ref' && v.num === num && v.gen === gen) {
      const t = pdfText(dictGet(obj?.value, 'T'));
      if (t !== undefined) return t;
    }
  }
  return undefined;
}
