import type { Response } from 'express';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An ASCII file name for Content-Disposition, and the UTF-8 one. */
function disposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Sends a Word copy as a download (`X-Document-Status`: `issued-copy` or `draft`). */
export function sendDocx(res: Response, buf: Buffer, fileName: string, status: string) {
  res.setHeader('Content-Type', DOCX_MIME);
  res.setHeader('Content-Disposition', disposition('attachment', fileName));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Document-Status', status);
  res.end(buf);
}

/** Sends a workbook as a download. */
export function sendXlsx(res: Response, buf: Buffer, fileName: string) {
  res.setHeader('Content-Type', XLSX_MIME);
  res.setHeader('Content-Disposition', disposition('attachment', fileName));
  res.setHeader('Cache-Control', 'no-store');
  res.end(buf);
}

/** Sends a CSV file (UTF-8) as a download. */
export function sendCsv(res: Response, buf: Buffer, fileName: string) {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', disposition('attachment', fileName));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(buf);
}

/**
 * Sends a PDF to be shown in the browser: an archived original carries its SHA-256
 * (`X-Document-SHA256`), a report's PDF says whether it is the original or a draft preview.
 */
export function sendPdf(
  res: Response,
  pdf: Buffer,
  fileName: string,
  meta: { sha256?: string; status?: 'archived-original' | 'draft-preview' | 'issue-preview' } = {},
) {
  if (meta.sha256) res.setHeader('X-Document-SHA256', meta.sha256);
  if (meta.status) res.setHeader('X-Document-Status', meta.status);
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', disposition('inline', fileName));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(pdf);
}
