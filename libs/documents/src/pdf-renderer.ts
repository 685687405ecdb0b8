import type { Browser, CDPSession, HTTPRequest, Page } from 'puppeteer-core';
import { availableParallelism } from 'node:os';
import { PDFDocument } from 'pdf-lib';
import { DomainException } from '@app/common';

export interface RendererOptions {
  chromiumPath: string;
  /** Pages rendering at the same time. */
  poolSize: number;
  /** Renders waiting for a page; more → 429. */
  queueLimit: number;
  /** Time limit of one render; past it → 503. */
  timeoutMs: number;
  /** The browser is replaced after this many documents. */
  maxDocsPerBrowser: number;
  log?: (entry: Record<string, unknown>) => void;
}

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--mute-audio',
  '--font-render-hinting=none',
];

interface Generation {
  id: number;
  browser: Promise<Browser>;
  idle: Page[];
  active: number;
  renders: number;
  retired: boolean;
  dead: boolean;
}

/**
 * The width of the renderer's windows (CSS px): before Chromium paginates a page for printing it
 * lays it out once more at this width with print styles (for the beforeprint event), a layout the
 * printout never uses. Wider than any page (A3 landscape is 1587 px), so a document's styles can
 * leave that pass nothing to lay out with @media (min-width: 3000px) — see document-head.hbs.
 */
export const PRE_PRINT_WINDOW_WIDTH = 4000;

class RendererCrashed extends Error {}

/**
 * HTML → PDF with one long-lived Chromium: a bounded pool of pages, a bounded queue (full → 429),
 * a time limit (→ 503), the browser replaced after N documents or when it crashes. Every network
 * request is refused except inline data: URLs, and JavaScript is off, so nothing a user wrote can
 * make it fetch anything.
 */
export class PdfRenderer {
  private gen: Generation | undefined;
  private genCounter = 0;
  private busy = 0;
  private readonly waiters: (() => void)[] = [];
  private closed = false;
  private documentsInFlight = 0;
  /** The <head> each pooled page has loaded (see load()). */
  private readonly heads = new WeakMap<Page, string>();
  private readonly sessions = new WeakMap<Page, CDPSession>();
  /** Pages printed, browsers launched, heads loaded and bodies swapped in, for health and tests. */
  readonly stats = { rendered: 0, launches: 0, crashes: 0, timeouts: 0, refusedRequests: 0, headLoads: 0, bodySwaps: 0 };

  constructor(private readonly opts: RendererOptions) {}

  /**
   * Renders a document of several HTML pages (its text, its annexes) to one PDF with `title` as the
   * PDF's title. Parts that can be printed together are (see planPrints); the prints run side by
   * side on the pool's pages and are joined in order.
   */
  async renderDocument(htmlParts: string[], meta: { title?: string } = {}): Promise<Buffer> {
    // Every print costs Chromium a print-compositor process, so parts that share a head able to lay
    // them out together are printed together: in one print when other documents keep the pool busy,
    // split in as many runs as there are cores when the pool is idle, so a lone document is not
    // laid out on one core. The biggest print starts first, so the longest is not left waiting.
    const lanes = Math.max(1, Math.min(htmlParts.length, this.opts.poolSize, availableParallelism()));
    const prints = planPrints(htmlParts, this.documentsInFlight > 0 ? 1 : lanes);
    this.documentsInFlight++;
    const pdfs: Buffer[] = new Array(prints.length);
    try {
      const queue = prints.map((html, i) => ({ html, i })).sort((a, b) => b.html.length - a.html.length);
      await Promise.all(
        Array.from({ length: Math.min(lanes, prints.length) }, async () => {
          for (let part = queue.shift(); part; part = queue.shift()) pdfs[part.i] = await this.render(part.html);
        }),
      );
    } finally {
      this.documentsInFlight--;
    }
    const out = await joinPdfs(pdfs);
    if (meta.title) out.setTitle(meta.title);
    out.setProducer('te-reporting');
    out.setCreator('te-reporting');
    out.setCreationDate(new Date());
    return Buffer.from(await out.save({ useObjectStreams: false }));
  }

  /** One HTML page to PDF. Retries once when the browser crashed under it. */
  async render(html: string): Promise<Buffer> {
    try {
      return await this.renderOnce(html);
    } catch (e) {
      if (!(e instanceof RendererCrashed) || this.closed) throw e;
      this.opts.log?.({ msg: 'render failed with the browser gone; retrying on a new one', err: e.message });
    }
    try {
      return await this.renderOnce(html);
    } catch (e) {
      if (e instanceof RendererCrashed) throw unavailable();
      throw e;
    }
  }

  /** Whether Chromium starts and answers. */
  async ping(): Promise<boolean> {
    try {
      const gen = this.current();
      const browser = await withTimeout(gen.browser, this.opts.timeoutMs);
      await withTimeout(browser.version(), 5000);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const gen = this.gen;
    this.gen = undefined;
    if (gen) await this.shutdown(gen);
  }

  private async renderOnce(html: string): Promise<Buffer> {
    if (this.closed) throw unavailable();
    await this.acquireSlot();
    const gen = this.current();
    gen.active++;
    let page: Page | undefined;
    let healthy = false;
    try {
      const started = Date.now();
      page = await withTimeout(this.takePage(gen), this.opts.timeoutMs);
      const remaining = Math.max(1000, this.opts.timeoutMs - (Date.now() - started));
      const pdf = await withTimeout(
        (async () => {
          await this.load(page!, html, remaining);
          return this.print(page!);
        })(),
        remaining,
      );
      healthy = true;
      gen.renders++;
      this.stats.rendered++;
      return Buffer.from(pdf);
    } catch (e) {
      if (e instanceof TimeoutError) {
        this.stats.timeouts++;
        throw new DomainException('SERVICE_UNAVAILABLE', 'In văn bản quá thời gian cho phép. Vui lòng thử lại sau.', { logMessage: 'render timed out' });
      }
      if (gen.dead || /Failed to launch|Target closed|Session closed|Protocol error|Connection closed|browser has disconnected/i.test(String(e))) {
        throw new RendererCrashed(String(e));
      }
      throw e;
    } finally {
      gen.active--;
      if (page) {
        if (healthy && !gen.dead && !gen.retired) gen.idle.push(page);
        else page.close().catch(() => undefined);
      }
      if (gen.renders >= this.opts.maxDocsPerBrowser && !gen.retired) this.retire(gen);
      if ((gen.retired || gen.dead) && gen.active === 0) void this.shutdown(gen);
      this.releaseSlot();
    }
  }

  /**
   * Puts `html` into the page. Documents share their <head> (styles and ~130 KB of embedded fonts),
   * so a page keeps the last head it loaded with every font face decoded, and a page whose head is
   * the same only has its <body> replaced. Another head is loaded in full, then all its font faces
   * are loaded before use. Either way the page is printed only once fonts and images are ready.
   */
  private async load(page: Page, html: string, timeout: number): Promise<void> {
    const split = splitHtml(html);
    if (!split) {
      // Not a document with a head and a body: loaded as is.
      this.heads.delete(page);
      await page.setContent(html, { waitUntil: 'load', timeout });
      return;
    }
    if (this.heads.get(page) !== split.head) {
      this.heads.delete(page);
      await page.setContent(`${split.head}<body></body></html>`, { waitUntil: 'load', timeout });
      // Runs as DevTools, not as page script: JavaScript stays off for the document itself.
      // No callbacks: with JavaScript off the page cannot run functions handed to its APIs.
      await page.evaluate(async () => {
        for (const face of Array.from(document.fonts as unknown as Iterable<FontFace>)) {
          try {
            await face.load();
          } catch {
            /* a face that cannot load is left to the fallback */
          }
        }
      });
      this.heads.set(page, split.head);
      this.stats.headLoads++;
    }
    this.stats.bodySwaps++;
    await page.evaluate(
      async (attrs: string, inner: string) => {
        // innerHTML never runs scripts; with JavaScript off no handler attribute runs either.
        const parsed = new DOMParser().parseFromString(`<body ${attrs}></body>`, 'text/html').body;
        const body = document.body;
        for (const a of Array.from(body.attributes)) body.removeAttribute(a.name);
        for (const a of Array.from(parsed.attributes)) body.setAttribute(a.name, a.value);
        body.innerHTML = inner;
        await document.fonts.ready;
        for (const img of Array.from(document.images)) {
          try {
            await img.decode();
          } catch {
            /* a broken image prints as nothing */
          }
        }
      },
      split.bodyAttrs,
      split.bodyInner,
    );
  }

  /** Page.printToPDF with the PDF in the answer: one round trip instead of a stream read in chunks. */
  private async print(page: Page): Promise<Buffer> {
    let session = this.sessions.get(page);
    if (!session) {
      session = await page.createCDPSession();
      this.sessions.set(page, session);
    }
    const { data } = await session.send('Page.printToPDF', {
      preferCSSPageSize: true,
      printBackground: true,
      generateTaggedPDF: false,
      generateDocumentOutline: false,
      transferMode: 'ReturnAsBase64',
    });
    return Buffer.from(data, 'base64');
  }

  private acquireSlot(): Promise<void> {
    if (this.busy < this.opts.poolSize) {
      this.busy++;
      return Promise.resolve();
    }
    if (this.waiters.length >= this.opts.queueLimit) {
      return Promise.reject(new DomainException('TOO_MANY_REQUESTS', 'Hệ thống đang in nhiều văn bản, vui lòng thử lại sau ít phút.'));
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private releaseSlot() {
    const next = this.waiters.shift();
    if (next) next();
    else this.busy--;
  }

  private current(): Generation {
    if (!this.gen || this.gen.dead || this.gen.retired) this.gen = this.launch();
    return this.gen;
  }

  private launch(): Generation {
    const id = ++this.genCounter;
    this.stats.launches++;
    const gen: Generation = { id, browser: undefined as never, idle: [], active: 0, renders: 0, retired: false, dead: false };
    gen.browser = (async () => {
      const puppeteer = await import('puppeteer-core');
      const browser = await puppeteer.launch({
        executablePath: this.opts.chromiumPath,
        headless: true,
        args: LAUNCH_ARGS,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
      browser.on('disconnected', () => {
        if (!gen.retired && !this.closed) {
          this.stats.crashes++;
          this.opts.log?.({ msg: 'chromium disconnected', generation: id });
        }
        gen.dead = true;
      });
      this.opts.log?.({ msg: 'chromium started', generation: id, version: await browser.version() });
      return browser;
    })();
    gen.browser.catch(() => {
      gen.dead = true;
    });
    return gen;
  }

  private retire(gen: Generation) {
    gen.retired = true;
    if (this.gen === gen) this.gen = undefined;
  }

  private async shutdown(gen: Generation) {
    gen.retired = true;
    const pages = gen.idle.splice(0);
    try {
      const browser = await gen.browser;
      await Promise.all(pages.map((p) => p.close().catch(() => undefined)));
      await browser.close();
    } catch {
      /* already gone */
    }
  }

  private async takePage(gen: Generation): Promise<Page> {
    const idle = gen.idle.pop();
    if (idle && !idle.isClosed()) return idle;
    const browser = await gen.browser;
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setViewport({ width: PRE_PRINT_WINDOW_WIDTH, height: 600 });
    await page.setRequestInterception(true);
    page.on('request', (req: HTTPRequest) => {
      const url = req.url();
      if (url.startsWith('data:') || url === 'about:blank') {
        void req.continue().catch(() => undefined);
      } else {
        this.stats.refusedRequests++;
        void req.abort('blockedbyclient').catch(() => undefined);
      }
    });
    return page;
  }

  /** Test hook: the PID of the current Chromium, to kill it. */
  async browserPid(): Promise<number | undefined> {
    const browser = await this.current().browser;
    return browser.process()?.pid;
  }
}

async function joinPdfs(pdfs: Buffer[]): Promise<PDFDocument> {
  if (pdfs.length === 1) return PDFDocument.load(pdfs[0], { updateMetadata: false });
  const out = await PDFDocument.create({ updateMetadata: false });
  for (const bytes of pdfs) {
    const src = await PDFDocument.load(bytes, { updateMetadata: false });
    for (const p of await out.copyPages(src, src.getPageIndices())) out.addPage(p);
  }
  return out;
}

/**
 * The prints of a document of `htmlParts` (whole HTML pages, in order), at most `maxPrints` of them.
 * Parts are printed together only when they share a <head> that declares, with
 * <meta name="print-parts" content="N">, page rules for up to N parts each in a
 * <div data-part> under <body>; each part keeps its body's attributes on its div. Runs of
 * consecutive parts are balanced by the size of their bodies. Otherwise each part is a print.
 */
export function planPrints(htmlParts: string[], maxPrints: number): string[] {
  const split = htmlParts.map(splitHtml);
  const head = split[0]?.head;
  const slots = head ? Number(/<meta name="print-parts" content="(\d+)">/.exec(head)?.[1] ?? 0) : 0;
  if (!slots || htmlParts.length < 2 || split.some((p) => !p || p.head !== head)) return htmlParts;
  const parts = split as NonNullable<(typeof split)[number]>[];
  return balancedRuns(
    parts.map((p) => p.bodyInner.length),
    Math.max(1, maxPrints),
    slots,
  ).map(
    ([from, to]) =>
      `${head}<body>${parts
        .slice(from, to)
        .map((p) => `<div data-part${p.bodyAttrs ? ' ' + p.bodyAttrs : ''}>${p.bodyInner}</div>`)
        .join('')}</body></html>`,
  );
}

/**
 * Splits items of these weights, in order, into runs [from, to) of at most `maxLength` items each
 * and at most `maxRuns` runs (more only when `maxLength` needs more), so that the heaviest run is as
 * light as possible, with the fewest runs that achieve that.
 */
export function balancedRuns(weights: number[], maxRuns: number, maxLength: number): [number, number][] {
  const n = weights.length;
  if (n === 0) return [];
  const runs = Math.min(n, Math.max(maxRuns, Math.ceil(n / maxLength)));
  const prefix = [0];
  for (const w of weights) prefix.push(prefix[prefix.length - 1] + w);
  // best[k][i]: the lightest heaviest run splitting the first i items into k runs; cut[k][i]: where the last one starts.
  const best = Array.from({ length: runs + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const cut = Array.from({ length: runs + 1 }, () => new Array<number>(n + 1).fill(0));
  best[0][0] = 0;
  for (let k = 1; k <= runs; k++) {
    for (let i = 1; i <= n; i++) {
      for (let j = Math.max(k - 1, i - maxLength); j < i; j++) {
        const cost = Math.max(best[k - 1][j], prefix[i] - prefix[j]);
        if (cost < best[k][i]) {
          best[k][i] = cost;
          cut[k][i] = j;
        }
      }
    }
  }
  // The fewest runs that reach the lightest heaviest run.
  let k = 1;
  while (best[k][n] > best[runs][n]) k++;
  const out: [number, number][] = [];
  for (let i = n; k > 0; k--) {
    out.unshift([cut[k][i], i]);
    i = cut[k][i];
  }
  return out;
}

/** "<!DOCTYPE html><html><head>…</head><body a="b">…</body></html>" → the part before <body>, the body's attributes, its content. */
export function splitHtml(html: string): { head: string; bodyAttrs: string; bodyInner: string } | null {
  const open = /<body(\s[^>]*)?>/i.exec(html);
  if (!open) return null;
  const close = html.lastIndexOf('</body>');
  if (close < open.index) return null;
  const head = html.slice(0, open.index);
  if (!/<\/head>\s*$/i.test(head)) return null;
  return { head, bodyAttrs: (open[1] ?? '').trim(), bodyInner: html.slice(open.index + open[0].length, close) };
}

class TimeoutError extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError('timeout')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const unavailable = () => new DomainException('SERVICE_UNAVAILABLE', 'Dịch vụ in văn bản đang dừng. Vui lòng thử lại sau.');
