import { MAX_UNCOMPRESSED_BYTES, MAX_ZIP_ENTRIES, NotAWorkbookError } from './workbook-layout';

export const MSG_NOT_XLSX = 'Tệp tải lên không phải là bảng tính Excel (.xlsx).';
export const MSG_XLS =
  'Tệp tải lên là bảng tính Excel đời cũ (.xls); hãy mở bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx.';
export const MSG_ODS =
  'Tệp tải lên là bảng tính OpenDocument (.ods); hãy lưu lại dưới dạng Excel (.xlsx).';
export const MSG_TOO_BIG = 'Bảng tính quá lớn, không thể đọc (giới hạn 50 MB khi giải nén).';

/** One file of the zip, from its central directory entry. */
export interface ZipEntry {
  name: string;
  /** General-purpose flags (bit 0: encrypted). */
  flags: number;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** Offset of its local header. */
  localOffset: number;
}

/**
 * Checks, from the zip central directory and before anything is inflated, that the buffer is a zip
 * holding xl/workbook.xml and that its declared unzipped size is bounded; answers its entries. The
 * declared sizes may lie: xlsx-bounds.ts counts what really inflates.
 */
export function checkXlsxContainer(buf: Buffer): ZipEntry[] {
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) {
    throw new NotAWorkbookError(MSG_XLS);
  }
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50)
    throw new NotAWorkbookError(MSG_NOT_XLSX);
  let eocd = -1;
  for (let i = buf.length - 22, min = Math.max(0, buf.length - 22 - 0xffff); i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new NotAWorkbookError(MSG_NOT_XLSX);
  const entries = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  // ZIP64 (sizes do not fit 32 bits): never needed by a workbook within our bounds.
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
    throw new NotAWorkbookError(MSG_TOO_BIG);
  if (entries > MAX_ZIP_ENTRIES) throw new NotAWorkbookError(MSG_TOO_BIG);
  if (cdOffset + cdSize > eocd) throw new NotAWorkbookError(MSG_NOT_XLSX);
  const entryList: ZipEntry[] = [];
  let total = 0;
  for (let i = 0, p = cdOffset; i < entries; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50)
      throw new NotAWorkbookError(MSG_NOT_XLSX);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    if (size === 0xffffffff) throw new NotAWorkbookError(MSG_TOO_BIG);
    total += size;
    entryList.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLen).replace(/^\//, ''),
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      localOffset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  const names = entryList.map((e) => e.name);
  if (total > MAX_UNCOMPRESSED_BYTES) throw new NotAWorkbookError(MSG_TOO_BIG);
  if (!names.includes('xl/workbook.xml')) {
    if (names.includes('mimetype') && names.includes('content.xml'))
      throw new NotAWorkbookError(MSG_ODS);
    throw new NotAWorkbookError(MSG_NOT_XLSX);
  }
  return entryList;
}
