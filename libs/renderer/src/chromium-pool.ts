import { existsSync } from 'node:fs';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { RendererStats } from './renderer-stats';

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

/**
 * util-linux's chrt: Chromium is started through it under the SCHED_IDLE policy, which every process
 * it forks inherits. Run as root, Chromium gives some of its processes a higher priority than the
 * server's (nice −8); under SCHED_IDLE its nice values no longer count, and printing a long document
 * only ever uses CPU time the server's event loop and its worker threads leave free.
 */
const IDLE_LAUNCHER = '/usr/bin/chrt';

/**
 * The width of the renderer's windows (CSS px): before Chromium paginates a page for printing it
 * lays it out once more at this width with print styles (for the beforeprint event), a layout the
 * printout never uses. Wider than any page (A3 landscape is 1587 px), so a document's styles can
 * leave that pass nothing to lay out with @media (min-width: 3000px) — see document-head.hbs.
 */
export const PRE_PRINT_WINDOW_WIDTH = 4000;

/** One launched Chromium and its idle pages; replaced when it dies or has printed enough. */
export interface Generation {
  id: number;
  browser: Promise<Browser>;
  idle: Page[];
  active: number;
  renders: number;
  retired: boolean;
  dead: boolean;
}

/**
 * The long-lived Chromium and its pages: launched on first use, replaced after `maxDocsPerBrowser`
 * prints or when it crashes. Pages run with JavaScript off and refuse every request except inline
 * data: URLs, so nothing a user wrote can make them fetch anything.
 */
export class ChromiumPool {
  private gen: Generation | undefined;
  private genCounter = 0;
  closed = false;

  constructor(
    private readonly opts: {
      chromiumPath: string;
      maxDocsPerBrowser: number;
      log?: (entry: Record<string, unknown>) => void;
    },
    private readonly stats: RendererStats,
  ) {}

  /** The generation to print on (a new browser when there is none, or it died or retired). */
  /** Whether a browser is running (launched, not known to have died or been retired). */
  get alive(): boolean {
    return !!this.gen && !this.gen.dead && !this.gen.retired;
  }

  current(): Generation {
    if (!this.gen || this.gen.dead || this.gen.retired) this.gen = this.launch();
    return this.gen;
  }

  /** An idle page of the generation, or a new one. */
  async takePage(gen: Generation): Promise<Page> {
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

  /** Gives a page back after a print: kept when healthy, closed otherwise; retires the browser when due. */
  release(gen: Generation, page: Page | undefined, healthy: boolean): void {
    if (page) {
      if (healthy && !gen.dead && !gen.retired) gen.idle.push(page);
      else page.close().catch(() => undefined);
    }
    if (gen.renders >= this.opts.maxDocsPerBrowser && !gen.retired) this.retire(gen);
    if ((gen.retired || gen.dead) && gen.active === 0) void this.shutdown(gen);
  }

  async close(): Promise<void> {
    this.closed = true;
    const gen = this.gen;
    this.gen = undefined;
    if (gen) await this.shutdown(gen);
  }

  /** Test hook: the PID of the current Chromium, to kill it. */
  async browserPid(): Promise<number | undefined> {
    const browser = await this.current().browser;
    return browser.process()?.pid;
  }

  private launch(): Generation {
    const id = ++this.genCounter;
    this.stats.launches++;
    const gen: Generation = {
      id,
      browser: undefined as never,
      idle: [],
      active: 0,
      renders: 0,
      retired: false,
      dead: false,
    };
    gen.browser = (async () => {
      const puppeteer = await import('puppeteer-core');
      const idle = existsSync(IDLE_LAUNCHER)
        ? {
            executablePath: IDLE_LAUNCHER,
            // chrt runs Chromium with puppeteer's own arguments (its debugging port and profile
            // are added by puppeteer as usual).
            ignoreDefaultArgs: true,
            args: [
              '--idle',
              '0',
              this.opts.chromiumPath,
              ...puppeteer.defaultArgs({ headless: true, args: LAUNCH_ARGS }),
            ],
          }
        : { executablePath: this.opts.chromiumPath, args: LAUNCH_ARGS };
      const browser = await puppeteer.launch({
        ...idle,
        headless: true,
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
      this.opts.log?.({
        msg: 'chromium started',
        generation: id,
        version: await browser.version(),
      });
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
}
