import * as http from 'node:http';

/** How a revocation source is fetched: plain http (as CRLs and OCSP are published), bounded. */
export interface BoundedHttpOptions {
  /** Whole exchange, ms. */
  timeoutMs: number;
  /** Largest answer accepted, bytes. */
  maxBytes: number;
  method?: 'GET' | 'POST';
  body?: Buffer;
  contentType?: string;
}

export class RevocationFetchError extends Error {}

/**
 * GET or POST to an `http:` URL and the answer's body, refusing other schemes, redirects, an
 * answer other than 200, a body larger than `maxBytes` and anything slower than `timeoutMs`.
 */
export function boundedHttp(url: string, opts: BoundedHttpOptions): Promise<Buffer> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.reject(new RevocationFetchError(`not a URL: ${url.slice(0, 200)}`));
  }
  if (parsed.protocol !== 'http:')
    return Promise.reject(new RevocationFetchError(`only http is fetched: ${parsed.protocol}`));
  return new Promise<Buffer>((resolve, reject) => {
    const req = http.request(
      parsed,
      {
        method: opts.method ?? 'GET',
        headers: {
          ...(opts.body ? { 'content-type': opts.contentType ?? 'application/octet-stream' } : {}),
          ...(opts.body ? { 'content-length': String(opts.body.length) } : {}),
          accept: '*/*',
        },
        timeout: opts.timeoutMs,
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new RevocationFetchError(`${url} answered ${res.statusCode}`));
          return;
        }
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > opts.maxBytes) {
          req.destroy();
          reject(new RevocationFetchError(`${url} answers more than ${opts.maxBytes} bytes`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > opts.maxBytes) {
            req.destroy();
            reject(new RevocationFetchError(`${url} answers more than ${opts.maxBytes} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => resolve(Buffer.concat(chunks)));
        res.on('error', (e) => reject(new RevocationFetchError(e.message)));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(new RevocationFetchError(`${url} did not answer within ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => reject(new RevocationFetchError(`${url}: ${e.message}`)));
    req.end(opts.body);
  });
}
