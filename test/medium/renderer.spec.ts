import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { fontFaceCss, renderDocument } from '@app/documents';
import { PdfRenderer } from '@app/renderer';
import { pdfFonts, pdfInfo, pdfText, pdfWords, WordBox } from '../support/pdf';
import { expectPageNumbers, pageTops } from '../support/pdf-pages';
import { sampleDocument } from '../support/sample-document';

/** The real renderer on Debian's Chromium: what it refuses, how it reuses pages, how it prints a document's parts, its limits. */

/** A bare page (no shared head) with this body. */
const bare = (r: PdfRenderer, body: string) => r.renderDocument({ parts: [{ body }] });

/** A 6-column table of 40,000 rows. */
const HUGE_TABLE = `<table>${Array.from({ length: 40000 }, (_, i) => `<tr><td>${i}</td><td>Chỉ tiêu ${i}</td><td>1.080</td><td>25,6</td><td>332.600</td><td>Ghi chú</td></tr>`).join('')}</table>`;

/** A local listener that records every request it gets: proof that nothing was fetched. */
async function listener() {
  const hits: string[] = [];
  const srv = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('x');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    hits,
    port: (srv.address() as AddressInfo).port,
    close: () => new Promise((r) => srv.close(r)),
  };
}

describe(PdfRenderer.name, () => {
  it('refuses every request but data: even for raw HTML, and recovers after its browser is killed', async () => {
    const l = await listener();
    const r = new PdfRenderer({
      chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      poolSize: 2,
      queueLimit: 4,
      timeoutMs: 20000,
      maxDocsPerBrowser: 3,
    });
    try {
      const u = `http://127.0.0.1:${l.port}`;
      const hostileHead = `<html><head><link rel="stylesheet" href="${u}/css"><style>@import url("${u}/import"); @font-face { font-family: X; src: url("${u}/font"); } body { background: url("${u}/bg"); font-family: X; }</style></head>`;
      const hostileBody = `<img src="${u}/img"><iframe src="${u}/frame"></iframe><iframe src="file:///etc/passwd"></iframe><object data="file:///etc/passwd"></object><script>fetch("${u}/js")</script>
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p>Nội dung</p>`;
      const out = await r.renderDocument({
        head: { key: 'hostile', html: hostileHead, printParts: 0 },
        parts: [{ body: hostileBody }],
      });
      expect(pdfText(out)).toContain('Nội dung');
      expect(pdfText(out)).not.toMatch(/root:x:0:0/);
      expect(l.hits).toEqual([]);
      expect(r.stats.refusedRequests).toBeGreaterThan(0);
      // A crash: the next renders succeed on a new browser.
      const pid = await r.browserPid();
      process.kill(pid!, 'SIGKILL');
      await new Promise((res) => setTimeout(res, 300));
      for (let i = 0; i < 4; i++)
        expect(pdfText(await bare(r, '<p>Lần ' + i + '</p>'))).toContain('Lần ' + i);
      expect(r.stats.launches).toBeGreaterThanOrEqual(2);
    } finally {
      await r.close();
      await l.close();
    }
  });

  it('keeps a shared <head> loaded and swaps only the <body>, with nothing carried over between documents', async () => {
    const r = new PdfRenderer({
      chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      poolSize: 1,
      queueLimit: 4,
      timeoutMs: 20000,
      maxDocsPerBrowser: 100,
    });
    const headHtml =
      `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>${fontFaceCss()}\n` +
      `@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm; } @page landscape { size: A4 landscape; } ` +
      `body.landscape { page: landscape; } body { font-family: 'TE Tinos', serif; font-size: 14pt; }</style></head>`;
    const head = { key: 'test-head', html: headHtml, printParts: 0 };
    const one = (body: string, className?: string, h = head) =>
      r.renderDocument({ head: h, parts: [{ body, className }] });
    const size = (pdf: Buffer) =>
      /Page\s+1 size:\s+([\d.]+) x ([\d.]+)/.exec(pdfInfo(pdf))!.slice(1).map(Number);
    try {
      const a = await one('<p>Trang dọc thứ nhất</p>');
      // Only bold italic here: a face the first document never used must still be ready when printed.
      const b = await one('<p><b><i>Trang ngang: Ưu tiên chăm sóc trẻ em</i></b></p>', 'landscape');
      const c = await one(
        '<p>Trang dọc thứ hai</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
      );
      expect(r.stats).toMatchObject({ headLoads: 1, bodySwaps: 3 });
      expect(size(a)[0]).toBeLessThan(size(a)[1]);
      expect(size(b)[0]).toBeGreaterThan(size(b)[1]);
      expect(size(c)[0]).toBeLessThan(size(c)[1]);
      expect(pdfText(b)).toContain('Trang ngang: Ưu tiên chăm sóc trẻ em');
      expect(pdfText(b)).not.toContain('Trang dọc');
      expect(pdfText(c)).toContain('Trang dọc thứ hai');
      expect(pdfText(c)).not.toMatch(/thứ nhất|Trang ngang/);
      const fonts = pdfFonts(b);
      expect(fonts.map((f) => f.name).every((n) => /Tinos-BoldItalic$/.test(n))).toBe(true);
      expect(fonts.filter((f) => !f.embedded)).toEqual([]);
      // Another head is loaded in full; a document without a head is printed as a bare page.
      expect(pdfText(await bare(r, '<p>Không có phần đầu</p>'))).toContain('Không có phần đầu');
      const other = { key: 'other-head', html: headHtml.replace('14pt', '13pt'), printParts: 0 };
      expect(pdfText(await one('<p>Phần đầu khác</p>', undefined, other))).toContain(
        'Phần đầu khác',
      );
      expect(r.stats.headLoads).toBe(2);
    } finally {
      await r.close();
    }
  });

  it('prints the parts of a document together, with the same pages as printing each alone', async () => {
    const r = new PdfRenderer({
      chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      poolSize: 1,
      queueLimit: 4,
      timeoutMs: 20000,
      maxDocsPerBrowser: 100,
    });
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        no: String(i + 1),
        label: `Chỉ tiêu thứ ${i + 1} về trẻ em có hoàn cảnh đặc biệt`,
        unit: 'Người',
        cells: [String(i * 7), String(i * 3)],
      }));
    const annex = (roman: string, title: string, landscape: boolean, n: number) => ({
      roman,
      title,
      formCode: '01/TE',
      landscape,
      hasUnitColumn: true,
      columns: [
        { key: 'a', label: 'Năm trước' },
        { key: 'b', label: 'Năm nay' },
      ],
      rows: rows(n),
    });
    const model = sampleDocument({
      numberText: '07/BC-UBND',
      title: 'Kết quả công tác trẻ em',
      narrative: Array.from(
        { length: 30 },
        (_, i) =>
          `${i + 1}. Mục ${i + 1}\n\n${'Công tác bảo vệ, chăm sóc trẻ em được quan tâm. '.repeat(8)}`,
      ).join('\n\n'),
      annexes: [
        annex('I', 'Bảng dọc', false, 50),
        annex('II', 'Bảng ngắn', false, 3),
        annex('III', 'Bảng ngang', true, 40),
      ],
    });
    const doc = renderDocument(model);
    try {
      const together = await r.renderDocument(doc);
      // One page in the pool: the four parts went out in one print.
      expect(r.stats.rendered).toBe(1);
      // The same words at the same places on the same pages as each part printed alone.
      const placed = (words: WordBox[], firstPage = 0) =>
        words
          .map((w) => `${w.page + firstPage} ${w.xMin.toFixed(2)} ${w.yMin.toFixed(2)} ${w.text}`)
          .sort();
      const alone: string[] = [];
      let pagesBefore = 0;
      for (const part of doc.parts) {
        const pdf = await r.renderDocument({ head: doc.head, parts: [part] });
        alone.push(...placed(pdfWords(pdf), pagesBefore));
        pagesBefore += Number(/Pages:\s+(\d+)/.exec(pdfInfo(pdf))![1]);
      }
      expect(placed(pdfWords(together))).toEqual(alone.sort());
      const pages = pageTops(together);
      const starts = expectPageNumbers(pages);
      expect(starts).toHaveLength(3);
      expect(starts[0]).toBeGreaterThan(1);
      expect(starts[1] - starts[0]).toBeGreaterThan(1);
      expect(pages.map((p) => p.landscape)).toEqual(pages.map((_, i) => i >= starts[2]));
      expect(pdfInfo(together)).toMatch(/Title:\s+Báo cáo số 07\/BC-UBND: Kết quả công tác trẻ em/);
      expect(pdfFonts(together).filter((f) => !f.embedded)).toEqual([]);
    } finally {
      await r.close();
    }
  });

  it('answers 429 when its queue is full and 503 past its time limit', async () => {
    const r = new PdfRenderer({
      chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      poolSize: 1,
      queueLimit: 1,
      timeoutMs: 1500,
      maxDocsPerBrowser: 100,
    });
    try {
      const big = `<p>${'Đoạn văn rất dài. '.repeat(20000)}</p>`;
      const results = await Promise.allSettled([bare(r, big), bare(r, big), bare(r, big)]);
      const statuses = results.map((x) =>
        x.status === 'fulfilled' ? 200 : (x.reason as { status?: number }).status,
      );
      expect(statuses).toContain(429);
      // Hundreds of pages of a wide table: far more than the time limit to lay out and print.
      const slow = await bare(r, HUGE_TABLE).then(
        () => 200,
        (e: { status?: number }) => e.status,
      );
      expect(slow).toBe(503);
      expect(await bare(r, '<p>Vẫn hoạt động</p>').then((b: Buffer) => pdfText(b))).toContain(
        'Vẫn hoạt động',
      );
    } finally {
      await r.close();
    }
  });

  it('refuses a document longer than its page cap, and breaks words longer than a line', async () => {
    const r = new PdfRenderer({
      chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      poolSize: 1,
      queueLimit: 4,
      timeoutMs: 20000,
      maxDocsPerBrowser: 100,
      maxPages: 3,
    });
    try {
      const pages = (n: number) =>
        Array.from({ length: n }, (_, i) => `<p style="break-after: page">Trang ${i + 1}</p>`).join(
          '',
        );
      expect(pdfText(await bare(r, pages(3)))).toContain('Trang 3');
      await expect(bare(r, pages(40))).rejects.toMatchObject({
        code: 'DOCUMENT_TOO_LONG',
        status: 422,
      });
      // The templates' head breaks a word that does not fit a line; it stays on the page, whole.
      const doc = sampleDocument({ title: `Báo cáo ${'x'.repeat(400)}` });
      const pdf = await r.renderDocument(renderDocument({ ...doc, annexes: [] }));
      const lines = pdfText(pdf)
        .split('\n')
        .filter((l) => /^x+$/.test(l.trim()));
      expect(lines.length).toBeGreaterThan(1);
      expect(lines.join('').replace(/\s/g, '').length).toBeGreaterThanOrEqual(400 - 10);
    } finally {
      await r.close();
    }
  });

  it('prints at idle CPU priority: Chromium and every process it starts run under SCHED_IDLE', async () => {
    const r = new PdfRenderer({
      chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      poolSize: 2,
      queueLimit: 4,
      timeoutMs: 20000,
      maxDocsPerBrowser: 100,
    });
    try {
      // Two documents at once: the renderers started for them inherit the policy.
      await Promise.all([bare(r, '<p>Một</p>'), bare(r, '<p>Hai</p>')]);
      const stat = (pid: number) => {
        try {
          const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
          return s.slice(s.lastIndexOf(')') + 2).split(' '); // fields from the 3rd ("state") on
        } catch {
          return null; // ended meanwhile
        }
      };
      const all = fs
        .readdirSync('/proc')
        .filter((n) => /^\d+$/.test(n))
        .map(Number);
      const tree = [(await r.browserPid())!];
      for (let i = 0; i < tree.length; i++)
        for (const pid of all) if (Number(stat(pid)?.[1]) === tree[i]) tree.push(pid);
      const policies = tree.map((pid) => stat(pid)?.[38]).filter((p) => p !== undefined);
      expect(policies.length).toBeGreaterThan(3);
      expect(new Set(policies)).toEqual(new Set(['5'])); // 5: SCHED_IDLE
      expect(stat(process.pid)![38]).toBe('0'); // the server itself: SCHED_OTHER
    } finally {
      await r.close();
    }
  });
});
