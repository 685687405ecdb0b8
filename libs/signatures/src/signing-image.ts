import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { formatVietnameseNumber } from '@app/common';
import { imageType } from './image-type';

/** What a signature image or seal may be once normalised, and what an upload may be. */
export const SIGNING_IMAGE_LIMITS = {
  /** The uploaded file. */
  inputBytes: 500 * 1024,
  width: 2000,
  height: 2000,
  /** The PNG stored and printed. */
  outputBytes: 500 * 1024,
};

/** The upload is not a signature image we store: the message says why, in Vietnamese. */
export class SigningImageRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningImageRefused';
  }
}

export interface NormalizedImage {
  png: Buffer;
  width: number;
  height: number;
}

const L = SIGNING_IMAGE_LIMITS;
const n = (x: number) => formatVietnameseNumber(x);
const tooLarge = (w: number, h: number) =>
  new SigningImageRefused(
    `Ảnh có kích thước ${n(w)} × ${n(h)} điểm ảnh, vượt quá giới hạn ${n(L.width)} × ${n(L.height)}; hãy thu nhỏ ảnh rồi tải lên lại.`,
  );
const broken = (kind: string) =>
  new SigningImageRefused(
    `Tệp không phải là ảnh ${kind} hợp lệ (bị hỏng, hoặc phần đầu là ${kind} nhưng nội dung không phải). Hãy xuất lại ảnh bằng phần mềm đồ họa rồi tải lên.`,
  );

/** Width, height and interlace of a PNG from its IHDR (the first chunk), before anything is inflated. */
function pngHeader(data: Buffer): { width: number; height: number; interlaced: boolean } {
  if (data.length < 33 || data.toString('latin1', 12, 16) !== 'IHDR') throw broken('PNG');
  return {
    width: data.readUInt32BE(16),
    height: data.readUInt32BE(20),
    interlaced: data[28] !== 0,
  };
}

function decode(data: Buffer): { width: number; height: number; data: Uint8Array } {
  const type = imageType(data);
  if (type === 'image/png') {
    const h = pngHeader(data);
    if (h.width > L.width || h.height > L.height) throw tooLarge(h.width, h.height);
    // pngjs inflates interlaced images without an output bound: refused rather than trusted.
    if (h.interlaced)
      throw new SigningImageRefused(
        'Ảnh PNG dạng xen kẽ (interlaced) không được hỗ trợ; hãy lưu lại ảnh ở dạng thường rồi tải lên.',
      );
    try {
      const png = PNG.sync.read(data);
      return { width: png.width, height: png.height, data: png.data };
    } catch {
      throw broken('PNG');
    }
  }
  if (type === 'image/jpeg') {
    let img: jpeg.UintArrRet;
    try {
      img = jpeg.decode(data, {
        useTArray: true,
        formatAsRGBA: true,
        tolerantDecoding: false,
        maxResolutionInMP: (L.width * L.height) / 1_000_000,
        maxMemoryUsageInMB: 64,
      });
    } catch (e) {
      if (/maxResolutionInMP/.test((e as Error).message))
        throw new SigningImageRefused(
          `Ảnh quá lớn (tối đa ${n(L.width)} × ${n(L.height)} điểm ảnh); hãy thu nhỏ ảnh rồi tải lên lại.`,
        );
      throw broken('JPEG');
    }
    if (img.width > L.width || img.height > L.height) throw tooLarge(img.width, img.height);
    return img;
  }
  throw new SigningImageRefused('Ảnh chữ ký, con dấu phải là tệp PNG hoặc JPEG.');
}

/**
 * A signature image or seal as we store and print it: the upload decoded by a maintained decoder
 * (pngjs, jpeg-js) — so its real type is what its pixels are, not what its first bytes say — within
 * L.width × L.height pixels, and encoded again as a PNG of at most L.outputBytes. Anything else is
 * refused with the reason. Nothing of the upload but its pixels is kept (no text chunks, no EXIF).
 * CPU-bound: the server runs it in a worker thread (signatures.tasks.ts).
 */
export function normalizeSigningImage(data: Buffer): NormalizedImage {
  if (data.length > L.inputBytes)
    throw new SigningImageRefused(`Ảnh quá lớn (tối đa ${n(L.inputBytes / 1024)} KB).`);
  const img = decode(data);
  if (img.width < 1 || img.height < 1)
    throw broken(imageType(data) === 'image/png' ? 'PNG' : 'JPEG');
  const out = new PNG({ width: img.width, height: img.height });
  out.data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length);
  const png = PNG.sync.write(out, { colorType: 6 });
  if (png.length > L.outputBytes)
    throw new SigningImageRefused(
      `Ảnh sau khi chuyển sang PNG lớn hơn ${n(L.outputBytes / 1024)} KB; hãy dùng ảnh nhỏ hơn hoặc ít chi tiết hơn (ví dụ nền trong suốt hoặc trắng).`,
    );
  return { png, width: img.width, height: img.height };
}

/**
 * Whether a stored image may be printed as it is: a PNG within the pixel and byte bounds (every
 * image stored since uploads are normalised). Older uploads are normalised again before printing.
 */
export function isNormalizedPng(data: Buffer): boolean {
  if (imageType(data) !== 'image/png' || data.length > L.outputBytes) return false;
  try {
    const h = pngHeader(data);
    return h.width <= L.width && h.height <= L.height && !h.interlaced;
  } catch {
    return false;
  }
}
