import type { Browser, Page } from 'puppeteer-core';
import { clickAndWait, launchBrowser, listen, screenshotter, signInPage } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport } from '../support/workflow';

const cell = (form: string, row: string, column: string) =>
  `table.grid td[data-form="${form}"][data-row="${row}"][data-column="${column}"]`;

/** The report page's form grids behave like a spreadsheet (issue 19), in real Chromium. */
describe('The form grid as a spreadsheet (e2e)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let reportId: string;
  const shot = screenshotter('web-grid');

  beforeAll(async () => {
    t = await startTestApp();
    base = await listen(t.app);
    reportId = (await draftReport(t, 'hoangdong.officer')).id;
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 1366, height: 900 });
    await signInPage(page, base, 'hoangdong.officer');
    await page.goto(`${base}/reports/${reportId}`, { waitUntil: 'load' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const focused = () =>
    page.evaluate(() => {
      const td = document.activeElement?.closest('td.cell') as HTMLElement | null;
      return td ? `${td.dataset.form} ${td.dataset.row} ${td.dataset.column}` : null;
    });
  const valueOf = (sel: string) =>
    page.$eval(`${sel} input, ${sel} select`, (e) => (e as HTMLInputElement).value);
  const visibleSections = () =>
    page.$$eval('section.form-section', (ss) => ss.filter((s) => !s.hidden).map((s) => s.id));

  it('shows one form per tab, every entry cell named by its form, row and column keys', async () => {
    expect((await visibleSections()).length).toBe(1);
    const tabs = await page.$$eval('nav.toc a.form-tab', (as) => as.map((a) => a.textContent));
    expect(tabs.map((x) => x!.trim().slice(0, 10))).toEqual([
      'Biểu 01/TE',
      'Biểu 02/TE',
      'Biểu 03/TE',
    ]);
    await page.click('nav.toc a.form-tab[href="#form-2"]');
    const shown = await visibleSections();
    expect(shown.length).toBe(1);
    expect(await page.$eval(`#${shown[0]} table.grid`, (t) => t.dataset.form)).toBe('03/TE');
    const unnamed = await page.$$eval(
      'table.grid td.cell',
      (tds) => tds.filter((td) => !(td as HTMLElement).dataset.form).length,
    );
    expect(unnamed).toBe(0);
    await shot(page, 'tab-03');
  });

  it('moves with arrows, Enter (down, never submitting), Home and End', async () => {
    const url = page.url();
    await page.focus(`${cell('03/TE', 'I.1', 'c1')} input`);
    await page.keyboard.press('ArrowDown'); // I.1.h is a heading row: skipped
    expect(await focused()).toBe('03/TE I.1.1 c1');
    await page.keyboard.press('ArrowRight'); // c2 is computed: skipped
    expect(await focused()).toBe('03/TE I.1.1 c3');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('03/TE I.1.2 c3');
    await page.keyboard.down('Shift');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Shift');
    expect(await focused()).toBe('03/TE I.1.1 c3');
    await page.keyboard.press('End');
    expect(await focused()).toBe('03/TE I.1.1 c8');
    await page.keyboard.press('Home');
    expect(await focused()).toBe('03/TE I.1.1 c1');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('03/TE I.1.1 c3');
    // Typed text: the caret moves inside it before the next cell is reached.
    await page.keyboard.type('12');
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toBe('03/TE I.1.1 c3');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toBe('03/TE I.1.1 c1');
    expect(page.url()).toBe(url);
  });

  it('pastes a 3×4 block of Vietnamese numbers from the focused cell, skipping computed cells, and undoes it', async () => {
    await page.focus(`${cell('03/TE', 'I.1.1', 'c3')} input`);
    const block = '1.234\t5\t6\t7\r\n8\t9\t10\t11\r\n12\t13\t14\t15\r\n';
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      document.activeElement!.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
      );
    }, block);
    expect(await valueOf(cell('03/TE', 'I.1.1', 'c3'))).toBe('1.234');
    expect(await valueOf(cell('03/TE', 'I.1.1', 'c6'))).toBe('7');
    expect(await valueOf(cell('03/TE', 'I.1.2', 'c4'))).toBe('9');
    // The third line lands on the next row with cells (I.1.3 is a heading row).
    expect(await valueOf(cell('03/TE', 'I.1.3.a', 'c6'))).toBe('15');
    expect(await page.$eval(cell('03/TE', 'I.1.1', 'c3'), (td) => td.className)).toContain(
      'changed',
    );
    expect(await page.$eval('#grid-status', (e) => e.textContent)).toContain('Đã dán 12 ô');
    await shot(page, 'pasted');
    await page.keyboard.down('Control');
    await page.keyboard.press('z');
    await page.keyboard.up('Control');
    expect(await valueOf(cell('03/TE', 'I.1.1', 'c3'))).toBe('12'); // as typed before the paste
    expect(await valueOf(cell('03/TE', 'I.1.3.a', 'c6'))).toBe('');
    // Pasted again and saved: the server reads the Vietnamese numbers.
    await page.focus(`${cell('03/TE', 'I.1.1', 'c3')} input`);
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      document.activeElement!.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
      );
    }, block);
    await clickAndWait(page, '.savebar.sticky button[type="submit"]');
    const data = (
      await t
        .http()
        .get(`/api/reports/${reportId}`)
        .set(await t.auth('hoangdong.officer'))
    ).body.data['03/TE'];
    expect(data['I.1.1']).toMatchObject({ c3: 1234, c4: 5, c5: 6, c6: 7 });
    expect(data['I.1.3.a']).toMatchObject({ c3: 12, c6: 15 });
  });

  it('copies a selected block out as tab-separated lines', async () => {
    await page.click('nav.toc a.form-tab[href="#form-2"]');
    await page.focus(`${cell('03/TE', 'I.1.1', 'c3')} input`);
    await page.keyboard.down('Shift');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.up('Shift');
    expect(await page.$$eval('td.cell.in-block', (tds) => tds.length)).toBe(4);
    const copied = await page.evaluate(() => {
      const dt = new DataTransfer();
      document.activeElement!.dispatchEvent(
        new ClipboardEvent('copy', { clipboardData: dt, bubbles: true, cancelable: true }),
      );
      return dt.getData('text/plain');
    });
    expect(copied).toBe('1.234\t5\n8\t9');
  });

  it('keeps the header row and the row labels in view while the grid scrolls', async () => {
    const wrap = `section.form-section:not([hidden]) .grid-wrap`;
    await page.$eval(wrap, (w) => {
      w.scrollIntoView({ block: 'start' });
      w.scrollTop = 2000;
      w.scrollLeft = 400;
    });
    const seen = await page.$eval(wrap, (w) => {
      const box = w.getBoundingClientRect();
      // A value column's header right of the (sticky) label column, which covers those scrolled under it.
      const labelRight = w.querySelector('thead th.label')!.getBoundingClientRect().right;
      const th = Array.from(w.querySelectorAll('thead th.col')).find(
        (h) => h.getBoundingClientRect().left > labelRight + 5,
      ) as HTMLElement;
      const r = th.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const label = Array.from(w.querySelectorAll('tbody td.label')).find((td) => {
        const b = td.getBoundingClientRect();
        return b.top > box.top + 80 && b.bottom < box.bottom;
      }) as HTMLElement;
      const lb = label.getBoundingClientRect();
      return {
        scrolled: w.scrollTop,
        headerAtTop: Math.abs(r.top - box.top) < 4,
        headerVisible: !!hit && (hit === th || th.contains(hit)),
        labelAtLeft: lb.left - box.left < 80,
      };
    });
    expect(seen.scrolled).toBeGreaterThan(1500);
    expect(seen).toMatchObject({ headerAtTop: true, headerVisible: true, labelAtLeft: true });
    await shot(page, 'scrolled');
  });

  it('lays each row out as a card on a 390×844 phone: every input reachable without scrolling sideways', async () => {
    const phone = await browser.newPage(); // same session
    try {
      await phone.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
      await phone.goto(`${base}/reports/${reportId}#form-2`, { waitUntil: 'load' });
      const seen = await phone.evaluate(() => {
        const section = Array.from(document.querySelectorAll('section.form-section')).find(
          (s) => !(s as HTMLElement).hidden,
        )!;
        const inputs = Array.from(section.querySelectorAll('table.grid input, table.grid select'));
        const outside = inputs.filter((i) => {
          const r = i.getBoundingClientRect();
          return r.left < 0 || r.right > window.innerWidth;
        }).length;
        const small = inputs.filter((i) => i.getBoundingClientRect().height < 40).length;
        const upload = section.querySelector('.upload-form')!.getBoundingClientRect();
        return {
          form: section.querySelector('table.grid')!.getAttribute('data-form'),
          inputs: inputs.length,
          outside,
          small,
          pageWidth: document.documentElement.scrollWidth,
          uploadInside: upload.right <= window.innerWidth,
        };
      });
      expect(seen.form).toBe('03/TE');
      expect(seen.inputs).toBeGreaterThan(500);
      expect(seen).toMatchObject({ outside: 0, small: 0, pageWidth: 390, uploadInside: true });
      // Each cell says which column it is.
      expect(
        await phone.$eval(
          `${cell('03/TE', 'I.1.1', 'c3')}`,
          (td) => getComputedStyle(td, '::before').content,
        ),
      ).toMatch(/Được/);
      await shot(phone, 'phone');
    } finally {
      await phone.close();
    }
  });
});
