import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** The JSON API's policy: an answer loads nothing and no page may frame it. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

const isApi = (path: string) => path === '/api' || path.startsWith('/api/');
const isDocs = (path: string) => /^\/api\/docs(?:$|\/|\.json$)/.test(path);

/**
 * The OpenAPI pages (swagger-ui: its own scripts, inline styles): helmet's default policy, without
 * upgrade-insecure-requests (an intranet server on plain http would lose its scripts) and unframed.
 */
const docsPolicy = helmet.contentSecurityPolicy({
  useDefaults: true,
  directives: { upgradeInsecureRequests: null, frameAncestors: ["'none'"] },
});

/** /api answers: never cached; JSON gets the API's policy, set as its headers are written. */
function apiHeaders(req: Request, res: Response, next: NextFunction): void {
  if (!isApi(req.path)) return next();
  if (isDocs(req.path)) return docsPolicy(req, res, next);
  res.setHeader('Cache-Control', 'no-store');
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    // Documents (PDF, XLSX) keep no policy: Chrome's PDF viewer does not run under default-src 'none'.
    if (
      !this.hasHeader('Content-Security-Policy') &&
      /\bjson\b/i.test(String(this.getHeader('Content-Type') ?? ''))
    )
      this.setHeader('Content-Security-Policy', API_CONTENT_SECURITY_POLICY);
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response['writeHead'];
  next();
}

/**
 * Security headers of every answer: helmet (helmetjs/helmet: nosniff, frame options, referrer,
 * cross-origin policies, HSTS without includeSubDomains, which would bind sibling hosts of the
 * installation); then the API's own. Content-Security-Policy is per kind of answer: the web pages
 * set theirs (web-views.ts), JSON and the OpenAPI pages get theirs here, documents none.
 */
export function securityHeaders(): RequestHandler[] {
  return [
    helmet({
      contentSecurityPolicy: false,
      strictTransportSecurity: { maxAge: 31536000, includeSubDomains: false },
    }),
    apiHeaders,
  ];
}
