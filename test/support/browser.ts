import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import puppeteer, { Browser, Page } from 'puppeteer-core';

/** Debian's chromium, headless, as the renderer runs it. */
export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Serves the in-process app on a free port of 127.0.0.1; returns its base URL. */
export async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

/** Numbered screenshots (full page unless told) under test-artifacts/<folder>/ (git-ignored), emptied first. */
export function screenshotter(folder: string) {
  const dir = path.join(__dirname, '..', '..', 'test-artifacts', folder);
  fs.rmSync(dir, { recursive: true, force: true }); // only this run's pictures
  fs.mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page: Page, name: string, o: { fullPage?: boolean } = {}): Promise<string> => {
    const file = path.join(dir, `${String(++n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file as `${string}.png`, fullPage: o.fullPage ?? true });
    return file;
  };
}

/** Signs in through the sign-in form (password `demo` unless given) and waits for the inbox. */
export async function signInPage(page: Page, base: string, username: string, password = 'demo') {
  await page.goto(`${base}/`, { waitUntil: 'load' });
  await page.type('#username', username);
  await page.type('#password', password);
  await clickAndWait(page, 'form[action="/login"] button[type="submit"]');
}

/** Clicks and waits for the navigation the click starts. */
export async function clickAndWait(page: Page, selector: string) {
  const navigation = page.waitForNavigation({ waitUntil: 'load' });
  await page.click(selector);
  // The page may first ask for a confirmation in its own dialog: recorded, then accepted.
  const asked = await Promise.race([
    navigation.then(() => null),
    page.waitForSelector('dialog.confirm-dialog[open]', { timeout: 30_000 }).catch(() => null),
  ]);
  if (asked) {
    const message = await asked.$eval('.confirm-message', (p) => p.textContent ?? '');
    confirmationsOf(page).push(message);
    await asked.$eval('button.confirm-yes', (b) => (b as HTMLButtonElement).click());
  }
  await navigation;
}

const asked = new WeakMap<Page, string[]>();

/** The in-page confirmations (app.js confirmInPage) accepted by clickAndWait on this page, in order. */
export function confirmationsOf(page: Page): string[] {
  if (!asked.has(page)) asked.set(page, []);
  return asked.get(page)!;
}

/** Answers the in-page confirmation now open ("Đồng ý" or "Hủy"); its message. */
export async function answerConfirmation(page: Page, accept: boolean): Promise<string> {
  const dialog = (await page.waitForSelector('dialog.confirm-dialog[open]', { timeout: 10_000 }))!;
  const message = await dialog.$eval('.confirm-message', (p) => p.textContent ?? '');
  confirmationsOf(page).push(message);
  await dialog.$eval(accept ? 'button.confirm-yes' : 'button.confirm-no', (b) =>
    (b as HTMLButtonElement).click(),
  );
  return message;
}

/** The visible text of the page. */
export const pageText = (page: Page) => page.evaluate(() => document.body.innerText);
