import { urlencoded } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/* multer ships with @nestjs/platform-express; it has no bundled types, so the little used here is typed locally. */
interface MulterFile {
  fieldname: string;
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}
interface MulterInstance {
  single(field: string): RequestHandler;
}
type MulterFactory = ((opts: {
  storage: unknown;
  limits: Record<string, number>;
}) => MulterInstance) & { memoryStorage(): unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const multer: MulterFactory = require('multer');

interface WebRequest extends Request {
  file?: MulterFile;
  webUploadError?: { status: number; message: string };
}

/** "5mb", "512kb", "100b" → bytes (the formats the config accepts). */
export function sizeInBytes(size: string): number {
  const m = /^(\d+)(b|kb|mb)$/i.exec(size.trim());
  if (!m) return 5 * 1024 * 1024;
  const unit = m[2].toLowerCase();
  return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

const isApi = (req: Request) => req.path === '/api' || req.path.startsWith('/api/');

/**
 * Body parsers of the web pages (paths outside /api), installed before the API's parsers:
 * - urlencoded forms with many fields (a report editor posts every cell of its forms);
 * - multipart uploads (an Excel workbook, a PDF to verify) kept in memory up to UPLOAD_LIMIT, with
 *   the form's fields (the CSRF token comes first in every form, so it is read even when the file
 *   is too big). A refused upload is recorded on the request for the page to explain; it does not
 *   end the request, so the CSRF check still runs first.
 */
export function webBodyParsers(opts: { bodyLimit: string; uploadLimit: string }): RequestHandler[] {
  const form = urlencoded({ extended: false, limit: opts.bodyLimit, parameterLimit: 20_000 });
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: {
      fileSize: sizeInBytes(opts.uploadLimit),
      files: 1,
      fields: 50,
      fieldSize: 64 * 1024,
      parts: 60,
    },
  }).single('file');
  return [
    (req: Request, res: Response, next: NextFunction) =>
      isApi(req) ? next() : form(req, res, next),
    (req: Request, res: Response, next: NextFunction) => {
      if (isApi(req) || !req.is('multipart/form-data')) return next();
      upload(req, res, (err?: unknown) => {
        if (err) {
          const code = (err as { code?: string }).code;
          (req as WebRequest).webUploadError =
            code === 'LIMIT_FILE_SIZE'
              ? {
                  status: 413,
                  message: `Tệp tải lên quá lớn (tối đa ${opts.uploadLimit.toUpperCase()}).`,
                }
              : {
                  status: 400,
                  message: 'Không đọc được tệp tải lên. Vui lòng chọn lại tệp và thử lại.',
                };
          if (!req.body) req.body = Object.create(null);
        }
        next();
      });
    },
  ];
}

/** The uploaded file's bytes (field "file"), if any. */
export const uploadedFile = (req: Request): Buffer | undefined => (req as WebRequest).file?.buffer;

/** Why the upload was refused (too big, unreadable), if it was. */
export const uploadError = (req: Request) => (req as WebRequest).webUploadError;

/** A posted form field as one string (the last one when the field came several times). */
export const formField = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) ? String(v[v.length - 1] ?? '') : '';

/** A posted form field that may come several times (checkboxes), as a list. */
export const formFields = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];

/** Line ends as the server keeps them. */
export const unixLines = (s: string) => s.replace(/\r\n?/g, '\n');
