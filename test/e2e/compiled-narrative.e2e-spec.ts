import { renderNarrative } from '@app/documents';
import {
  answerConfirmation,
  clickAndWait,
  confirmationsOf,
  launchBrowser,
  listen,
  screenshotter,
} from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire, periodId } from '../support/workflow';

/**
 * The district TP Lạng Sơn consolidates its communes: Hoàng Đồng and Mai Pha submitted reports with
 * their own narratives, Quảng Lạc only a draft. The consolidated draft offers the communes'
 * narratives compiled per section of the outline, each under its unit's name and report number.
 */
describe('Compiled narratives of the lower units (e2e)', () => {
  let t: TestApp;
  let period: string;
  let consolidated: string;
  const reports: Record<string, { id: string; number: string; name: string }> = {};
  const TEXT = {
    hoangdong: {
      II: 'Hoàng Đồng đã tổ chức 12 buổi truyền thông về phòng, chống xâm hại trẻ em cho 640 lượt phụ huynh.',
      III: 'Hoàng Đồng: cán bộ làm công tác trẻ em ở thôn còn kiêm nhiệm.',
    },
    maipha: {
      II: 'Mai Pha đã trao 85 suất quà Tết Trung thu cho trẻ em có hoàn cảnh đặc biệt.',
    },
    quanglac: { II: 'Quảng Lạc: dự thảo chưa gửi, không được tổng hợp.' },
  };

  /** The unit's outline with its texts typed under the first item of sections II and III. */
  function narrativeOf(outline: string, texts: { II?: string; III?: string }): string {
    return outline
      .replace(/(\n1\. Công tác tham mưu[^\n]*\n)/, (m) => (texts.II ? `${m}\n${texts.II}\n` : m))
      .replace(/(\n1\. So sánh kết quả[^\n]*\n)/, (m) => (texts.III ? `${m}\n${texts.III}\n` : m));
  }

  async function draftWithNarrative(prefix: keyof typeof TEXT) {
    const r = await draftReport(t, `${prefix}.officer`, `Báo cáo của ${prefix}`);
    const res = await t
      .http()
      .patch(`/api/reports/${r.id}`)
      .set(await t.auth(`${prefix}.officer`))
      .send({ version: r.version, narrative: narrativeOf(r.narrative, TEXT[prefix]) });
    expect(res.status).toBe(200);
    return r.id as string;
  }

  async function submit(prefix: 'hoangdong' | 'maipha') {
    const id = await draftWithNarrative(prefix);
    expect((await fire(t, `${prefix}.officer`, id, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, `${prefix}.head`, id, 'SIGN')).status).toBe(200);
    expect((await fire(t, `${prefix}.clerk`, id, 'SUBMIT')).status).toBe(200);
    const view = await t
      .http()
      .get(`/api/reports/${id}`)
      .set(await t.auth(`${prefix}.officer`));
    expect(view.body.number).toMatch(/\S/);
    reports[prefix] = { id, number: view.body.number, name: view.body.orgUnitName };
  }

  beforeAll(async () => {
    t = await startTestApp();
    period = await periodId(t);
    await submit('hoangdong');
    await submit('maipha');
    await draftWithNarrative('quanglac');
    const res = await t
      .http()
      .post('/api/consolidations')
      .set(await t.auth('tpls.officer'))
      .send({ periodId: period });
    expect(res.status).toBe(201);
    consolidated = res.body.id;
  }, 180_000);
  afterAll(() => t.close());

  const compiled = async (user: string, id = consolidated) =>
    t
      .http()
      .get(`/api/reports/${id}/compiled-narrative`)
      .set(await t.auth(user));

  it('holds each commune’s text per section under its name and report number; never a draft', async () => {
    const res = await compiled('tpls.officer');
    expect(res.status).toBe(200);
    const headings = res.body.sections.map((s: any) => s.heading);
    expect(headings.map((h: string) => h.split('.')[0])).toEqual(['I', 'II', 'III', 'IV']);
    const [I, II, III, IV] = res.body.sections;
    expect(I.parts).toEqual([]);
    expect(IV.parts).toEqual([]);
    const part = (prefix: 'hoangdong' | 'maipha', text: string) => ({
      orgUnitId: expect.any(String),
      reportId: reports[prefix].id,
      name: reports[prefix].name,
      numberText: reports[prefix].number,
      text: expect.stringContaining(text),
    });
    expect(II.parts).toEqual([
      part('hoangdong', TEXT.hoangdong.II),
      part('maipha', TEXT.maipha.II),
    ]);
    // Only what the unit wrote: the item it wrote under, not the untouched outline around it.
    expect(II.parts[0].text).toBe(
      `1. Công tác tham mưu, chỉ đạo, giám sát, đánh giá thực hiện công tác trẻ em\n\n${TEXT.hoangdong.II}`,
    );
    expect(III.parts).toEqual([part('hoangdong', TEXT.hoangdong.III)]);
    expect(JSON.stringify(res.body)).not.toContain('Quảng Lạc: dự thảo');
    expect(reports.hoangdong.name).toContain('Hoàng Đồng');

    // The whole text: the section heading, then each part under its attribution line.
    const text: string = res.body.text;
    const at = (s: string) => {
      const i = text.indexOf(s);
      expect(i).toBeGreaterThanOrEqual(0);
      return i;
    };
    const ii = at(II.heading);
    const hd = at(`*Theo Báo cáo số ${reports.hoangdong.number} của ${reports.hoangdong.name}:*`);
    const hdText = at(TEXT.hoangdong.II);
    const mp = at(`*Theo Báo cáo số ${reports.maipha.number} của ${reports.maipha.name}:*`);
    const mpText = at(TEXT.maipha.II);
    const iii = at(III.heading);
    expect([ii, hd, hdText, mp, mpText, iii]).toEqual(
      [...[ii, hd, hdText, mp, mpText, iii]].sort((a, b) => a - b),
    );
  });

  it('only the consolidated report’s own unit asks, and only of a consolidated report', async () => {
    // Its head reads it too (same unit); the province sees the report once out, never its compilation.
    expect((await compiled('tpls.head')).status).toBe(200);
    expect((await compiled('sols.officer')).status).toBe(404);
    expect((await compiled('hoangdong.officer')).status).toBe(404);
    const own = await compiled('hoangdong.officer', reports.hoangdong.id);
    expect(own.status).toBe(422);
    expect(own.body.code).toBe('NOT_A_CONSOLIDATED_REPORT');
    const upper = await compiled('tpls.officer', reports.hoangdong.id);
    expect(upper.status).toBe(403);
    expect(upper.body.code).toBe('COMPILED_NARRATIVE_FORBIDDEN');
  });

  it('the consolidated draft’s page offers it, and fills the editor without overwriting typed text unless confirmed (Chromium)', async () => {
    const base = await listen(t.app);
    const browser = await launchBrowser();
    const shot = screenshotter('compiled-narrative');
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(`${base}/`, { waitUntil: 'load' });
      await page.type('#username', 'tpls.officer');
      await page.type('#password', 'demo');
      await clickAndWait(page, 'form[action="/login"] button[type="submit"]');
      await page.goto(`${base}/reports/${consolidated}`, { waitUntil: 'load' });
      const api = (await compiled('tpls.officer')).body;

      // The section: each part under its unit's name and number, per section.
      const shown = await page.$$eval('#compiled-narrative .compiled-section', (lis) =>
        lis.map((li) => ({
          heading: li.getAttribute('data-heading'),
          parts: Array.from(li.querySelectorAll('.compiled-part')).map((p) => ({
            caption: (p.querySelector('.attribution') as HTMLElement).innerText,
            html: (p.querySelector('.narrative-view') as HTMLElement).innerHTML.trim(),
          })),
        })),
      );
      // Each part laid out as the documents print it (renderNarrative), as the browser reads that HTML.
      const asParsed = (html: string) =>
        page.evaluate((h) => {
          const d = document.createElement('div');
          d.innerHTML = h;
          return d.innerHTML.trim();
        }, html);
      const expected = [];
      for (const sec of api.sections)
        expected.push({
          heading: sec.heading,
          parts: await Promise.all(
            sec.parts.map(async (p: any) => ({
              caption: `Theo Báo cáo số ${p.numberText} của ${p.name}:`,
              html: await asParsed(renderNarrative(p.text)),
            })),
          ),
        });
      expect(shown).toEqual(expected);
      expect(await page.$eval('summary', (s) => (s as HTMLElement).innerText)).toContain(
        'Tổng hợp nội dung từ báo cáo của đơn vị cấp dưới',
      );
      await page.$eval('#compiled-narrative', (el) => el.scrollIntoView());
      await shot(page, 'offered');

      // Untouched narrative (the outline and the completeness paragraph): filled at once.
      const dialogs: string[] = []; // the browser's own dialogs: none expected
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const completeness = await page.$eval('.completeness', (p) => (p as HTMLElement).innerText);
      await page.click('#compiled-fill');
      expect(await page.$('dialog.confirm-dialog[open]')).toBeNull();
      let value = await page.$eval('#narrative', (e) => (e as HTMLTextAreaElement).value);
      expect(value.replace(/\r\n/g, '\n')).toContain(
        api.text.trim().split('\n\n').slice(1).join('\n\n'),
      );
      expect(value).toContain(TEXT.maipha.II);
      expect(value).toContain(completeness.replace(/^.*?:\s*/, '').slice(0, 40));

      // Typed text: kept when the officer does not confirm, replaced when they do.
      await page.$eval(
        '#narrative',
        (e) =>
          ((e as HTMLTextAreaElement).value =
            'I. ĐẶC ĐIỂM TÌNH HÌNH\n\nNội dung cán bộ huyện tự viết.'),
      );
      await page.click('#compiled-fill');
      expect(await answerConfirmation(page, false)).toContain('Ô nội dung đã có phần bạn soạn');
      value = await page.$eval('#narrative', (e) => (e as HTMLTextAreaElement).value);
      expect(value).toBe('I. ĐẶC ĐIỂM TÌNH HÌNH\n\nNội dung cán bộ huyện tự viết.');
      expect(await page.$eval('#compiled-status', (e) => (e as HTMLElement).innerText)).toContain(
        'giữ nguyên',
      );
      await page.click('#compiled-fill');
      await answerConfirmation(page, true);
      expect(confirmationsOf(page)).toHaveLength(2);
      expect(dialogs).toEqual([]);
      value = await page.$eval('#narrative', (e) => (e as HTMLTextAreaElement).value);
      expect(value).toContain(TEXT.hoangdong.II);
      expect(value).not.toContain('Nội dung cán bộ huyện tự viết.');

      // Saved as the district's own narrative, which the officer edits from there.
      await clickAndWait(page, '#save-button');
      const saved = await t
        .http()
        .get(`/api/reports/${consolidated}`)
        .set(await t.auth('tpls.officer'));
      expect(saved.body.narrative).toContain(
        `*Theo Báo cáo số ${reports.maipha.number} của ${reports.maipha.name}:*`,
      );
      expect(saved.body.narrative).toContain(TEXT.maipha.II);
      await page.$eval('#narrative', (el) => el.scrollIntoView());
      await shot(page, 'filled-and-saved');
    } finally {
      await browser.close();
    }
  }, 90_000);
});
