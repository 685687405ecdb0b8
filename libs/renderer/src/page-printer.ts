import type { CDPSession, Page } from 'puppeteer-core';
import { markPlaces, PlaceStyle } from './page-places';
import { Print } from './print-plan';
import { DocumentHead } from './renderable-document';
import { RendererStats } from './renderer-stats';

/**
 * Puts a print into a pooled page and prints it. Documents share their <head> (styles and ~130 KB
 * of embedded fonts), so a page keeps the last head it loaded with every font face decoded, and a
 * page whose head has the same key only has its <body> replaced. Another head is loaded in full,
 * then all its font faces are loaded before use. Either way the page is printed only once fonts
 * are ready and images loaded.
 */
export class PagePrinter {
  /** The key of the <head> each pooled page has loaded. */
  private readonly heads = new WeakMap<Page, string>();
  private readonly sessions = new WeakMap<Page, CDPSession>();

  constructor(private readonly stats: RendererStats) {}

  /**
   * The print as a PDF of at most `maxPages` pages (Chromium stops there; the caller refuses longer
   * ones). With `placesKey`, its places are marked to be found in the PDF (page-places.ts), and
   * their styles answered.
   */
  async print(
    page: Page,
    print: Print,
    timeout: number,
    maxPages: number,
    placesKey?: string,
  ): Promise<{ pdf: Buffer; places?: PlaceStyle[] }> {
    await this.load(page, print, timeout);
    const places = placesKey === undefined ? undefined : await markPlaces(page, placesKey);
    return { pdf: await this.printToPdf(page, maxPages), places };
  }

  private async load(page: Page, print: Print, timeout: number): Promise<void> {
    if (!print.head) {
      // A bare page: no shared head.
      this.heads.delete(page);
      await page.setContent(
        `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>`,
        { waitUntil: 'load', timeout },
      );
    } else if (this.heads.get(page) !== print.head.key) {
      await this.loadHead(page, print.head, timeout);
    }
    this.stats.bodySwaps++;
    const imagesLoaded = await page.evaluate(
      async (className: string, inner: string) => {
        // innerHTML never runs scripts; with JavaScript off no handler attribute runs either.
        const body = document.body;
        for (const a of Array.from(body.attributes)) body.removeAttribute(a.name);
        if (className) body.className = className;
        body.innerHTML = inner;
        await document.fonts.ready;
        return Array.from(document.images).every((img) => img.complete);
      },
      print.className ?? '',
      print.body,
    );
    if (!imagesLoaded) await this.imagesLoaded(page, timeout);
  }

  /**
   * Waits until every image has loaded (or failed: a broken image prints as nothing); printing
   * decodes them. Not img.decode(): in a pooled page that is not in front it can wait for a frame
   * that never comes (seen with the signature image, two pages in the pool). Polled from here:
   * with JavaScript off the page runs no load handlers or timers.
   */
  private async imagesLoaded(page: Page, timeout: number): Promise<void> {
    const until = Date.now() + timeout;
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (await page.evaluate(() => Array.from(document.images).every((img) => img.complete)))
        return;
    }
  }

  private async loadHead(page: Page, head: DocumentHead, timeout: number): Promise<void> {
    this.heads.delete(page);
    await page.setContent(`${head.html}<body></body></html>`, { waitUntil: 'load', timeout });
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
    this.heads.set(page, head.key);
    this.stats.headLoads++;
  }

  /** Page.printToPDF with the PDF in the answer: one round trip instead of a stream read in chunks. */
  private async printToPdf(page: Page, maxPages: number): Promise<Buffer> {
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
      pageRanges: `1-${maxPages}`,
    });
    return Buffer.from(data, 'base64');
  }
}
