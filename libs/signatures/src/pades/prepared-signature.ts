import { createHash } from 'node:crypto';
import { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import { buildDetachedCms } from '../cms/detached-cms';
import { DigestSigner } from '../cms/digest-signer';
import { addSignaturePlaceholder, PdfSignError } from './placeholder';

export interface PrepareSignatureOptions {
  /** Name of the new signature field (/T). */
  fieldName: string;
  /** /Name of the signature dictionary. */
  name?: string;
  reason?: string;
  location?: string;
  /** Written as /M (the time a PAdES signature states). */
  signingTime: Date;
  /** Bytes reserved for the CMS; default 16384 (a token's chain may hold three certificates). */
  signatureLength?: number;
}

/** A PDF with an empty signature, its byte ranges fixed: what a signer's client signs. */
export interface PreparedSignature {
  /** The PDF, /ByteRange filled in, /Contents zeros. */
  pdf: Buffer;
  /** SHA-256 of the bytes the signature covers (the two byte ranges). */
  digest: Buffer;
  byteRange: [number, number, number, number];
}

/** @signpdf's Signer that only records what is to be signed (the CMS comes later, from the signer). */
class CapturingSigner extends Signer {
  content: Buffer | null = null;
  override async sign(content: Buffer): Promise<Buffer> {
    this.content = Buffer.from(content);
    return Buffer.alloc(0);
  }
}

/**
 * Prepares a signature as an incremental update of `pdf` (earlier signatures stay valid): the
 * placeholder added, the byte ranges computed by @signpdf/signpdf, and the digest of what the CMS
 * must cover. The PDF returned is the one the CMS is later embedded into, byte for byte.
 */
export async function prepareSignature(
  pdf: Buffer,
  opts: PrepareSignatureOptions,
): Promise<PreparedSignature> {
  const withPlaceholder = await addSignaturePlaceholder(pdf, {
    fieldName: opts.fieldName,
    subFilter: 'ETSI.CAdES.detached',
    signatureLength: opts.signatureLength ?? 16384,
    reason: opts.reason,
    location: opts.location,
    name: opts.name,
    signingTime: opts.signingTime,
  });
  const capture = new CapturingSigner();
  let prepared: Buffer;
  try {
    prepared = await new SignPdf().sign(withPlaceholder, capture, opts.signingTime);
  } catch (e) {
    throw new PdfSignError(`Preparing the signature failed: ${(e as Error).message}`);
  }
  const byteRange = byteRangeOf(prepared);
  return {
    pdf: prepared,
    digest: createHash('sha256').update(capture.content!).digest(),
    byteRange,
  };
}

/** The last /ByteRange of a prepared PDF. */
export function byteRangeOf(pdf: Buffer): [number, number, number, number] {
  const text = pdf.toString('latin1');
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) last = m;
  if (!last) throw new PdfSignError('The PDF has no /ByteRange');
  const r = [1, 2, 3, 4].map((i) => Number(last![i])) as [number, number, number, number];
  if (r[0] !== 0 || r[1] + 2 > r[2] || r[2] + r[3] !== pdf.length)
    throw new PdfSignError('The /ByteRange does not describe this file');
  return r;
}

/** The digest of the bytes a prepared signature covers. */
export function preparedDigest(pdf: Buffer, byteRange: readonly number[]): Buffer {
  const [a, b, c, d] = byteRange;
  return createHash('sha256')
    .update(pdf.subarray(a, a + b))
    .update(pdf.subarray(c, c + d))
    .digest();
}

/**
 * The prepared PDF with the CMS in its /Contents (hex, zero-padded): nothing else changes, so the
 * digest the CMS signed stays that of the byte ranges.
 */
export function embedCms(prepared: Buffer, byteRange: readonly number[], cms: Buffer): Buffer {
  const [, start, end] = byteRange;
  if (prepared[start] !== 0x3c || prepared[end - 1] !== 0x3e)
    throw new PdfSignError('The prepared /Contents is not where its /ByteRange says');
  const room = (end - start - 2) / 2;
  if (cms.length > room)
    throw new PdfSignError(`The signature (${cms.length} bytes) exceeds its place (${room})`);
  const hex = Buffer.from(cms.toString('hex') + '00'.repeat(room - cms.length), 'latin1');
  const out = Buffer.from(prepared);
  hex.copy(out, start + 1);
  return out;
}

/**
 * Signs `pdf` with a signer this process drives (the organisation's server-side slot): prepared,
 * the CMS built over the digest by buildDetachedCms, embedded.
 */
export async function signPdfWith(
  pdf: Buffer,
  signer: DigestSigner,
  opts: PrepareSignatureOptions,
): Promise<Buffer> {
  const prepared = await prepareSignature(pdf, opts);
  const cms = await buildDetachedCms({ digest: prepared.digest, signer });
  return embedCms(prepared.pdf, prepared.byteRange, cms);
}
