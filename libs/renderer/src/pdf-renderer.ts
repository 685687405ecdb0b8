import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Page } from 'puppeteer-core';
import { ChromiumPool } from './chromium-pool';
import { PagePrinter } from './page-printer';
import { PlaceStyle, RenderedPlace, takePlaces } from './page-places';
import { joinPdfs } from './pdf-join';
import { Print, planPrints } from './print-plan';
import { RenderableDocument } from './renderable-document';
import { PrintPurpose, PrintQueue, RenderRequest } from './print-queue';
import { RendererErrors } from './renderer.errors';
import { emptyStats } from './renderer-stats';

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
  /** Longest wait for a free page; past it → 503 (default 15 s). */
  queueTimeoutMs?: number;
  /** Pages a document may have; more → 422 (default 300). */
  maxPages?: number;
  log?: (entry: Record<string, unknown>) => void;
}

export type { RenderRequest } from './print-queue';
export type { RenderedPlace } from './page-places';

/** One print's PDF, and the styles of its marked places when they were asked for. */
interface Printed {
  pdf: Buffer;
  places?: PlaceStyle[];
}

/** How long a successful or failed renderer check answers health checks. */
const PING_FRESH_MS = 5000;

class RendererCrashed extends Error {}
class TimeoutError extends Error {}

/**
 * Documents → PDF with one long-lived Chromium (ChromiumPool): a bounded pool of pages, a bounded
 * queue (full → 429), a time limit (→ 503), a retry on a new browser when one crashes mid-print.
 */
export class PdfRenderer {
  private documentsInFlight = 0;
  readonly stats = emptyStats();
  private readonly pool: ChromiumPool;
  private readonly printer = new PagePrinter(this.stats);

  private readonly queue: PrintQueue;
  private lastPing?: { ok: boolean; at: number };
  private pinging?: Promise<boolean>;

  constructor(private readonly opts: RendererOptions) {
    this.pool = new ChromiumPool(opts, this.stats);
    this.queue = new PrintQueue(opts, this.stats);
  }

  /**
   * Renders a document (its text, its annexes) to one PDF. Parts that can be printed together are
   * (see planPrints); the prints run side by side on the pool's pages and are joined in order.
   */
  async renderDocument(doc: RenderableDocument, request: RenderRequest = {}): Promise<Buffer> {
    return (await this.render(doc, request)).pdf;
  }

  /**
   * Renders a document as renderDocument does, and answers where its marked places fell
   * (`<a data-place>`, see page-places.ts), in page order; the PDF keeps no trace of the marks.
   */
  async renderDocumentWithPlaces(
    doc: RenderableDocument,
    request: RenderRequest = {},
  ): Promise<{ pdf: Buffer; places: RenderedPlace[] }> {
    const rendered = await this.render(doc, request, randomUUID());
    return { pdf: rendered.pdf, places: rendered.places ?? [] };
  }

  private async render(
    doc: RenderableDocument,
    request: RenderRequest,
    placesKey?: string,
  ): Promise<{ pdf: Buffer; places?: RenderedPlace[] }> {
    const purpose = request.purpose ?? 'issue';
    const owner = request.owner ?? '';
    // Every print costs Chromium a print-compositor process, so parts that share a head able to lay
    // them out together are printed together: in one print when other documents keep the pool busy,
    // split in as many runs as there are cores when the pool is idle, so a lone document is not
    // laid out on one core. The biggest print starts first, so the longest is not left waiting.
    const lanes = Math.max(
      1,
      Math.min(doc.parts.length, this.opts.poolSize, availableParallelism()),
    );
    const prints = planPrints(doc.head, doc.parts, this.documentsInFlight > 0 ? 1 : lanes);
    this.documentsInFlight++;
    const printed: Printed[] = new Array(prints.length);
    try {
      const queue = prints
        .map((print, i) => ({ print, i }))
        .sort((a, b) => b.print.body.length - a.print.body.length);
      await Promise.all(
        Array.from({ length: Math.min(lanes, prints.length) }, async () => {
          for (let next = queue.shift(); next; next = queue.shift()) {
            const key = placesKey === undefined ? undefined : `${placesKey}/${next.i}`;
            printed[next.i] = await this.print(next.print, purpose, owner, key);
          }
        }),
      );
    } finally {
      this.documentsInFlight--;
    }
    const out = await joinPdfs(printed.map((p) => p.pdf));
    const maxPages = this.opts.maxPages ?? 300;
    if (out.getPageCount() > maxPages) throw RendererErrors.DOCUMENT_TOO_LONG({ max: maxPages });
    const places =
      placesKey === undefined
        ? undefined
        : takePlaces(
            out,
            new Map(printed.map((p, i) => [`${placesKey}/${i}`, p.places ?? []] as const)),
          );
    this.stats.documents++;
    if (doc.title) out.setTitle(doc.title);
    out.setProducer('te-reporting');
    out.setCreator('te-reporting');
    out.setCreationDate(new Date());
    return { pdf: Buffer.from(await out.save({ useObjectStreams: false })), places };
  }

  /**
   * Whether Chromium starts and answers — for the health check, which must answer at once even
   * while Chromium is busy printing (it runs at idle CPU priority): a check is kept 5 s and made
   * again in the background when older; a browser known to have died is checked at once.
   */
  async ping(): Promise<boolean> {
    const last = this.lastPing;
    if (!last || !this.pool.alive) return this.checkBrowser();
    if (Date.now() - last.at > PING_FRESH_MS) void this.checkBrowser();
    return last.ok;
  }

  private checkBrowser(): Promise<boolean> {
    this.pinging ??= (async () => {
      try {
        const browser = await withTimeout(this.pool.current().browser, this.opts.timeoutMs);
        await withTimeout(browser.version(), 5000);
        return true;
      } catch {
        return false;
      }
    })().then((ok) => {
      this.lastPing = { ok, at: Date.now() };
      this.pinging = undefined;
      return ok;
    });
    return this.pinging;
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  /** Nest stops the renderer with the application. */
  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  /** Test hook: the PID of the current Chromium, to kill it. */
  browserPid(): Promise<number | undefined> {
    return this.pool.browserPid();
  }

  /** One print to PDF. Retries once when the browser crashed under it. */
  private async print(
    print: Print,
    purpose: PrintPurpose,
    owner: string,
    placesKey?: string,
  ): Promise<Printed> {
    try {
      return await this.printOnce(print, purpose, owner, placesKey);
    } catch (e) {
      if (!(e instanceof RendererCrashed) || this.pool.closed) throw e;
      this.opts.log?.({
        msg: 'render failed with the browser gone; retrying on a new one',
        err: e.message,
      });
    }
    try {
      return await this.printOnce(print, purpose, owner, placesKey);
    } catch (e) {
      if (e instanceof RendererCrashed) throw RendererErrors.RENDERER_UNAVAILABLE();
      throw e;
    }
  }

  private async printOnce(
    print: Print,
    purpose: PrintPurpose,
    owner: string,
    placesKey?: string,
  ): Promise<Printed> {
    if (this.pool.closed) throw RendererErrors.RENDERER_UNAVAILABLE();
    await this.queue.acquire(purpose, owner);
    const gen = this.pool.current();
    gen.active++;
    let page: Page | undefined;
    let healthy = false;
    let stage = 'opening a page';
    const started = Date.now();
    try {
      page = await withTimeout(this.pool.takePage(gen), this.opts.timeoutMs);
      stage = 'printing';
      const remaining = Math.max(1000, this.opts.timeoutMs - (Date.now() - started));
      const printed = await withTimeout(
        this.printer.print(page, print, remaining, (this.opts.maxPages ?? 300) + 1, placesKey),
        remaining,
      );
      healthy = true;
      gen.renders++;
      this.stats.rendered++;
      return printed;
    } catch (e) {
      if (e instanceof TimeoutError) {
        this.stats.timeouts++;
        throw RendererErrors.RENDER_TIMEOUT({
          logMessage: `render timed out after ${Date.now() - started} ms while ${stage}`,
        });
      }
      if (
        gen.dead ||
        /Failed to launch|Target closed|Session closed|Protocol error|Connection closed|browser has disconnected/i.test(
          String(e),
        )
      ) {
        throw new RendererCrashed(String(e));
      }
      throw e;
    } finally {
      gen.active--;
      this.pool.release(gen, page, healthy);
      this.queue.release(purpose, owner);
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError('timeout')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
