import { demoSignerFor, returnSignature } from '../support/signer-client';
import { SettableClock, vietnamDate } from '@app/common';
import { MM, lineRuns, pdfFonts, pdfLines, pdfText, pdfWords } from '../support/pdf';
import { startTestApp, TestApp } from '../support/test-app';
import { binary } from '../support/http';
import { draftReport, fire } from '../support/workflow';

const DAY = 24 * 3600 * 1000;

/**
 * Issued documents a văn thư signs without a correction (issue 18): the authority lines chosen at
 * signing, the unit's header lines, one "Lưu" line, the issue date, read back from the issued PDFs.
 */
describe('Issued documents as the decree prints them (e2e)', () => {
  let t: TestApp;
  const clock = new SettableClock(new Date());
  let units: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    const list = (
      await t
        .http()
        .get('/api/org-units')
        .set(await t.auth('admin'))
    ).body;
    units = Object.fromEntries(list.map((u: any) => [u.code, u.id]));
  });
  afterAll(() => t.close());

  /** Sends an event with extra fields (authority, issueDate, filingUnit). */
  async function event(actor: string, id: string, type: string, extra: object = {}) {
    const cur = await t
      .http()
      .get(`/api/reports/${id}`)
      .set(await t.auth(actor));
    const res = await t
      .http()
      .post(`/api/reports/${id}/events`)
      .set(await t.auth(actor))
      .send({ type, version: cur.body.version, ...extra });
    // A unit signing with tokens: the signer's client signs what the server prepared.
    if (res.status !== 200 || !res.body.pendingSignature) return res;
    return returnSignature(t, actor, id, await demoSignerFor(t, actor, res.body));
  }

  /** A draft of the prefix's unit sent for signing (with `recipients`, `title`): its id. */
  async function awaitingSignature(
    prefix: string,
    o: { recipients?: object[]; title?: string } = {},
  ): Promise<string> {
    const draft = await draftReport(t, `${prefix}.officer`, o.title);
    if (o.recipients)
      await t
        .http()
        .patch(`/api/reports/${draft.id}`)
        .set(await t.auth(`${prefix}.officer`))
        .send({ version: draft.version, recipients: o.recipients })
        .expect(200);
    expect((await fire(t, `${prefix}.officer`, draft.id, 'REQUEST_SIGNATURE')).status).toBe(200);
    return draft.id;
  }

  async function expectOk(res: { status: number; body: any }) {
    expect([res.status, res.body.code]).toEqual([200, undefined]);
  }

  async function issuedPdf(prefix: string, id: string): Promise<Buffer> {
    return (
      await t
        .http()
        .get(`/api/reports/${id}/pdf`)
        .set(await t.auth(`${prefix}.officer`))
        .buffer(true)
        .parse(binary)
    ).body as Buffer;
  }

  /** Signed (with `sign`) and issued (with `submit`): the issued PDF. */
  async function issue(
    prefix: string,
    o: { sign?: object; submit?: object; recipients?: object[]; title?: string } = {},
  ) {
    const id = await awaitingSignature(prefix, o);
    await expectOk(await event(`${prefix}.head`, id, 'SIGN', o.sign));
    await expectOk(await event(`${prefix}.clerk`, id, 'SUBMIT', o.submit));
    return issuedPdf(prefix, id);
  }

  /** The lines of the signature column (right half of the closing block), top to bottom, above the signer's name. */
  function signatureLines(pdf: Buffer, signerName: string): string[] {
    const words = pdfWords(pdf);
    const noiNhan = words.find((w) => w.text === 'Nơi')!;
    const name = words.find(
      (w) =>
        w.page === noiNhan.page && w.yMin > noiNhan.yMin && w.text === signerName.split(' ')[0],
    )!;
    const right = words.filter(
      (w) =>
        w.page === name.page &&
        w.yMin >= noiNhan.yMin - 2 &&
        w.yMin < name.yMin - 2 &&
        w.xMin > 30 * MM + 0.45 * 165 * MM,
    );
    const tops = [...new Set(right.map((w) => Math.round(w.yMin)))].sort((a, b) => a - b);
    return tops.map((top) =>
      right
        .filter((w) => Math.round(w.yMin) === top)
        .sort((a, b) => a.xMin - b.xMin)
        .map((w) => w.text)
        .join(' '),
    );
  }

  // One report per unit in the period: each unit's document shows several things at once.
  const pdfs: Record<string, Buffer> = {};
  const refusals: Record<string, { status: number; body: any }> = {};
  const now = new Date();
  const day = (d: number) => vietnamDate(new Date(now.getTime() + d * DAY));
  let maiphaId: string;
  const previews: Record<string, { status: number; body: any; headers: any }> = {};

  beforeAll(async () => {
    // A collective body's deputy; the document's own filing unit.
    pdfs.hoangdong = await issue('hoangdong', { submit: { filingUnit: 'BVTE' } });
    // A department led by its director.
    pdfs.sols = await issue('sols');
    // A deputy choosing Q. for this document; a "Lưu" recipient typed.
    const ql = await awaitingSignature('quanglac', {
      recipients: [{ name: 'UBND thành phố (b/c)' }, { name: 'Lưu: VT, VHXH, Hồ sơ' }],
    });
    refusals.tl = await event('quanglac.head', ql, 'SIGN', { authority: 'TL.' });
    await expectOk(await event('quanglac.head', ql, 'SIGN', { authority: 'Q.' }));
    await expectOk(await event('quanglac.clerk', ql, 'SUBMIT'));
    pdfs.quanglac = await issuedPdf('quanglac', ql);
    // The unit's header lines as set; a title with a line break.
    await t
      .http()
      .patch(`/api/org-units/${units.TPLS}`)
      .set(await t.auth('admin'))
      .send({ headerLines: ['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ LẠNG SƠN - PHÒNG LAO ĐỘNG'] })
      .expect(200);
    pdfs.tpls = await issue('tpls', {
      title: 'Kết quả thực hiện kế hoạch\nbảo vệ, chăm sóc trẻ em năm 2024',
    });
    // A collective body's chair, signing three days before the clerk issues.
    clock.set(new Date(now.getTime() - 3 * DAY));
    maiphaId = await awaitingSignature('maipha');
    refusals.kt = await event('maipha.head', maiphaId, 'SIGN', { authority: 'KT.' });
    refusals.bogus = await event('maipha.head', maiphaId, 'SIGN', { authority: 'XX.' });
    refusals.wrongEvent = await event('maipha.head', maiphaId, 'RETURN', {
      comment: 'x',
      authority: 'TM.',
    });
    await expectOk(await event('maipha.head', maiphaId, 'SIGN'));
    clock.set(now);
    // The clerk's numbered preview before issuing, as the original will be.
    const preview = async (user: string, query: string) => {
      const res = await t
        .http()
        .get(`/api/reports/${maiphaId}/pdf?preview=issue${query}`)
        .set(await t.auth(user))
        .buffer(true)
        .parse(binary);
      const body = res.status === 200 ? res.body : JSON.parse(res.body.toString());
      return { status: res.status, headers: res.headers, body };
    };
    previews.clerk = await preview('maipha.clerk', `&issueDate=${day(-2)}`);
    previews.officer = await preview('maipha.officer', '');
    previews.tooEarly = await preview('maipha.clerk', `&issueDate=${day(-5)}`);
    refusals.later = await event('maipha.clerk', maiphaId, 'SUBMIT', { issueDate: day(1) });
    refusals.early = await event('maipha.clerk', maiphaId, 'SUBMIT', { issueDate: day(-5) });
    await expectOk(await event('maipha.clerk', maiphaId, 'SUBMIT', { issueDate: day(-2) }));
    pdfs.maipha = await issuedPdf('maipha', maiphaId);
  });

  it('prints the three authority patterns of the decree, and the one the signer chose (defect 1)', () => {
    // A collective body's deputy: TM. / KT. / position.
    expect(signatureLines(pdfs.hoangdong, 'Hoàng Quốc Thành')).toEqual([
      'TM. ỦY BAN NHÂN DÂN',
      'KT. CHỦ TỊCH',
      'PHÓ CHỦ TỊCH',
    ]);
    // Its chair: TM. / CHỦ TỊCH.
    expect(signatureLines(pdfs.maipha, 'Hoàng Văn Nam')).toEqual([
      'TM. ỦY BAN NHÂN DÂN',
      'CHỦ TỊCH',
    ]);
    // A department led by its director: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC, no TM. line.
    expect(signatureLines(pdfs.sols, 'Lê Thị Thanh')).toEqual(['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']);
    // A deputy who chose Q. for this document.
    expect(signatureLines(pdfs.quanglac, 'Lăng Văn Hùng')).toEqual([
      'TM. ỦY BAN NHÂN DÂN',
      'Q. CHỦ TỊCH',
    ]);
  });

  it('refuses an authority the signer may not use, naming the allowed ones', () => {
    expect(refusals.kt.status).toBe(422);
    expect(refusals.kt.body).toMatchObject({ code: 'SIGN_AUTHORITY_NOT_ALLOWED' });
    expect(refusals.kt.body.message).toContain('TM.');
    expect(refusals.tl.body).toMatchObject({ code: 'SIGN_AUTHORITY_NOT_ALLOWED' });
    expect(refusals.tl.body.message).toMatch(/KT\., Q\./);
    expect([refusals.bogus.status, refusals.bogus.body.code]).toEqual([422, 'VALIDATION_FAILED']);
    // authority belongs to SIGN only.
    expect([refusals.wrongEvent.status, refusals.wrongEvent.body.code]).toEqual([
      422,
      'VALIDATION_FAILED',
    ]);
  });

  it('prints the unit’s header lines exactly as set, without wrapping them, and the title’s line break (defect 4)', () => {
    const pdf = pdfs.tpls;
    const words = pdfWords(pdf).filter((w) => w.page === 1 && w.xMin < 105 * MM);
    const lineOf = (first: string) => {
      const w = words.find((x) => x.text === first)!;
      return words
        .filter((x) => Math.abs(x.yMin - w.yMin) < 2)
        .sort((a, b) => a.xMin - b.xMin)
        .map((x) => x.text)
        .join(' ');
    };
    expect(lineOf('THÀNH')).toBe('THÀNH PHỐ LẠNG SƠN - PHÒNG LAO ĐỘNG');
    expect(pdfText(pdf)).toContain('Kết quả thực hiện kế hoạch\nbảo vệ, chăm sóc trẻ em năm 2024');
  });

  it('prints one Lưu line: the document’s filing unit, or the “Lưu” recipient typed (defect 5)', () => {
    const lưu = (pdf: Buffer) =>
      pdfText(pdf)
        .split('\n')
        .filter((l) => /Lưu/.test(l));
    expect(lưu(pdfs.hoangdong)).toEqual(['- Lưu: VT, BVTE.']);
    expect(lưu(pdfs.quanglac)).toEqual(['- Lưu: VT, VHXH, Hồ sơ.']);
  });

  it('shows the clerk the numbered original before issuing, marked as a preview', async () => {
    expect(previews.clerk.status).toBe(200);
    expect(previews.clerk.headers['x-document-status']).toBe('issue-preview');
    const text = pdfText(previews.clerk.body).replace(/\s+/g, ' ');
    expect(text).toContain('BẢN XEM TRƯỚC');
    expect(text).not.toContain('DỰ THẢO');
    const number = /Số: (\d+\/BC-UBND)/.exec(text)![1];
    const [y, m, d] = day(-2).split('-').map(Number);
    expect(text).toContain(
      `ngày ${String(d).padStart(2, '0')} tháng ${m <= 2 ? String(m).padStart(2, '0') : m} năm ${y}`,
    );
    // The number shown is the one the document then took.
    const issued = (
      await t
        .http()
        .get(`/api/documents`)
        .set(await t.auth('maipha.clerk'))
    ).body.find((x: any) => x.reportId === maiphaId);
    expect(issued.numberText).toBe(number);
    expect([previews.officer.status, previews.officer.body.code]).toEqual([
      403,
      'WORKFLOW_FORBIDDEN',
    ]);
    expect([previews.tooEarly.status, previews.tooEarly.body.code]).toEqual([
      422,
      'ISSUE_DATE_INVALID',
    ]);
  });

  it('issues on the date the clerk sets: never after today, never before signing', async () => {
    expect([refusals.later.status, refusals.later.body.code]).toEqual([422, 'ISSUE_DATE_INVALID']);
    expect([refusals.early.status, refusals.early.body.code]).toEqual([422, 'ISSUE_DATE_INVALID']);
    const doc = (
      await t
        .http()
        .get(`/api/documents`)
        .set(await t.auth('maipha.clerk'))
    ).body.find((d: any) => d.reportId === maiphaId);
    expect(doc.issueDate).toBe(day(-2));
    const [y, m, d] = day(-2).split('-').map(Number);
    expect(pdfText(pdfs.maipha).replace(/\s+/g, ' ')).toContain(
      `Mai Pha, ngày ${String(d).padStart(2, '0')} tháng ${m <= 2 ? String(m).padStart(2, '0') : m} năm ${y}`,
    );
  });

  describe('an annex as rich as the paper form (defects 6–9)', () => {
    const definition = {
      code: 'T18/TE',
      title: 'Chỉ tiêu đa ngành',
      labelWidth: 3,
      headers: { no: 'STT', label: 'Nội dung', unit: 'Đơn vị tính' },
      numberingRow: ['A', 'B', 'C', '1', '2', '3', '4'],
      annex: {
        heading: 'number',
        title: 'Bảng chỉ tiêu *đa ngành* về trẻ em',
        formCodeLine: false,
        subtitle: { text: 'Đơn vị báo cáo: Ủy ban nhân dân xã', align: 'left' },
        notes: ['Nguồn: Phòng Lao động - Thương binh và Xã hội.'],
      },
      columns: [
        { key: 'y2019', label: '2019', group: ['Kết quả thực hiện', 'Năm'] },
        { key: 'y2020', label: '2020', group: ['Kết quả thực hiện', 'Năm'] },
        { key: 'plan', label: 'Kế hoạch', group: ['Kết quả thực hiện'] },
        { key: 'has', label: 'Có/không', type: 'boolean', width: 0.5 },
      ],
      rows: [
        { key: 'H', label: 'Chỉ tiêu chung', kind: 'heading', style: { bold: true } },
        {
          key: 'A',
          no: '1',
          label: 'Tỷ lệ trẻ em\n*được tiêm chủng* (chỉ số VX₂)',
          unit: '%',
          type: 'decimal',
          decimals: 2,
        },
        { key: 'B', no: '2', label: 'Số xã đạt chuẩn', unit: 'Xã', minDigits: 2 },
        { key: 'C', no: '3', unit: 'Người' },
      ],
      rules: [],
    };
    let pdf: Buffer;
    let unknown: { status: number; body: any };

    beforeAll(async () => {
      const admin = await t.auth('admin');
      unknown = await t
        .http()
        .post('/api/forms')
        .set(admin)
        .send({
          ...definition,
          code: 'T18X/TE',
          footnotes: ['x'],
          columns: [{ ...definition.columns[0], colspan: 2 }, ...definition.columns.slice(1)],
          rows: [
            definition.rows[0],
            { ...definition.rows[1], rowStyle: 'x' },
            ...definition.rows.slice(2),
          ],
        });
      const created = await t.http().post('/api/forms').set(admin).send(definition);
      expect([created.status, created.body.errors]).toEqual([201, undefined]);
      const year = Number(day(0).slice(0, 4));
      const period = await t
        .http()
        .post('/api/periods')
        .set(admin)
        .send({
          code: 'T18-FORM',
          label: 'Kỳ thử biểu mẫu',
          year,
          cutoffFrom: `${year - 1}-12-15`,
          cutoffTo: `${year}-06-14`,
          forms: ['T18/TE'],
          deadlines: [],
        });
      expect(period.status).toBe(201);
      const officer = await t.auth('luongvantri.officer');
      const report = await t
        .http()
        .post('/api/reports')
        .set(officer)
        .send({ periodId: period.body.id, type: 'BC', title: 'Báo cáo chỉ tiêu đa ngành' });
      expect(report.status).toBe(201);
      await t
        .http()
        .patch(`/api/reports/${report.body.id}`)
        .set(officer)
        .send({
          version: report.body.version,
          data: {
            'T18/TE': {
              A: { y2019: 18.7, y2020: 18.79, plan: 20, has: true },
              B: { y2019: 1, y2020: 12, plan: 3, has: false },
            },
          },
        })
        .expect(200);
      expect(
        (await fire(t, 'luongvantri.officer', report.body.id, 'REQUEST_SIGNATURE')).status,
      ).toBe(200);
      await expectOk(await event('luongvantri.head', report.body.id, 'SIGN'));
      await expectOk(await event('luongvantri.clerk', report.body.id, 'SUBMIT'));
      pdf = await issuedPdf('luongvantri', report.body.id);
    });

    it('refuses a definition with fields the format does not know, naming each (defect 9)', () => {
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('FORM_DEFINITION_INVALID');
      expect(unknown.body.errors.map((e: any) => e.field).sort()).toEqual([
        'columns[0].colspan',
        'footnotes',
        'rows[1].rowStyle',
      ]);
    });

    it('prints the annex heading, title, subtitle and notes as the form says (defect 6)', () => {
      const text = pdfText(pdf);
      expect(text).toContain('Phụ lục số 01');
      expect(text).not.toContain('Mẫu số T18/TE');
      expect(text).toContain('Nguồn: Phòng Lao động - Thương binh và Xã hội.');
      // The title as typed, not in capitals, its italic part italic.
      expect(text).toContain('Bảng chỉ tiêu đa ngành về trẻ em');
      const runs = lineRuns(pdf, 'Bảng chỉ tiêu');
      expect(runs.filter((r) => /ngành/.test(r.text)).every((r) => r.italic)).toBe(true);
      expect(runs.filter((r) => /Bảng/.test(r.text)).every((r) => !r.italic)).toBe(true);
      // The subtitle on the left, at the margin.
      const sub = pdfWords(pdf).find((w) => w.text === 'Đơn' && w.page > 1)!;
      expect(sub.xMin).toBeLessThan(32 * MM);
    });

    it('groups the column headers on two levels, with the form’s own first headings and numbering row (defect 7)', () => {
      const words = pdfWords(pdf).filter((w) => w.page > 1);
      const at = (text: string) => words.find((w) => w.text === text)!;
      const [kq, nam, y19, y20, plan] = ['Kết', 'Năm', '2019', '2020', 'Kế'].map(at);
      // Three header levels, top to bottom.
      expect(kq.yMin).toBeLessThan(nam.yMin);
      expect(nam.yMin).toBeLessThan(y19.yMin);
      expect(y19.yMin).toBeCloseTo(y20.yMin, 0);
      // "Năm" centred over 2019 and 2020; "Kết quả thực hiện" over those and "Kế hoạch".
      expect(nam.xMin).toBeGreaterThan(y19.xMin);
      expect(nam.xMin).toBeLessThan(y20.xMin);
      expect(kq.xMin).toBeGreaterThan(y19.xMin);
      expect(kq.xMin).toBeLessThan(plan.xMin);
      // "Kế hoạch" spans the two lower levels: below "Kết", above the numbering row.
      expect(plan.yMin).toBeGreaterThan(kq.yMin);
      const text = pdfText(pdf).replace(/\s+/g, ' ');
      for (const s of ['STT', 'Nội dung', 'Đơn vị tính']) expect(text).toContain(s);
      expect(pdfLines(pdf).some((l) => /^A B C 1 2 3 4$/.test(l.text))).toBe(true);
    });

    it('prints cells as the form asks: “Có/không” on one line, equal decimals, “01”, label styles and breaks (defect 8)', () => {
      const words = pdfWords(pdf).filter((w) => w.page > 1);
      expect(words.map((w) => w.text)).toContain('Có/không');
      const line = (phrase: string) => pdfLines(pdf).find((l) => l.text.includes(phrase))!.text;
      expect(line('18,70')).toMatch(/18,70 18,79 20,00 Có/);
      expect(line('Số xã đạt chuẩn')).toMatch(/Số xã đạt chuẩn Xã 01 12 03 Không/);
      // The label's own line break and italic part; the heading row bold, not italic.
      expect(line('Tỷ lệ trẻ em')).not.toContain('được');
      expect(
        lineRuns(pdf, 'được tiêm chủng')
          .filter((r) => /tiêm/.test(r.text))
          .every((r) => r.italic),
      ).toBe(true);
      const heading = lineRuns(pdf, 'Chỉ tiêu chung');
      expect(heading.every((r) => r.bold && !r.italic)).toBe(true);
      // A row without a label is printed.
      expect(line('Người')).toMatch(/^3 Người/);
    });

    it('embeds only the shipped font, the subscript included (defect 8)', () => {
      const fonts = pdfFonts(pdf);
      expect(fonts.length).toBeGreaterThan(0);
      // Chromium's subsets ("ABCDEF+Tinos-Regular"), and the number and date stamped after the
      // head's signature (token mode: stampIssuedPdf's subsets, "Tinos-Regular-7098").
      expect(
        fonts.filter(
          (f) =>
            !/\+Tinos-(Regular|Bold|Italic|BoldItalic)$/.test(f.name) &&
            !/^Tinos-(Regular|Bold|Italic|BoldItalic)-\d+$/.test(f.name),
        ),
      ).toEqual([]);
      expect(fonts.filter((f) => !f.embedded)).toEqual([]);
      expect(pdfText(pdf)).toMatch(/VX\s*2/);
    });
  });

  describe('computed totals and a merged text column (defect 8)', () => {
    const definition = {
      code: 'T18S/TE',
      title: 'Chỉ tiêu theo cơ quan',
      annex: { heading: 'plain', formCodeLine: false },
      columns: [
        {
          key: 'agency',
          label: 'Cơ quan/đơn vị báo cáo',
          type: 'text',
          fixed: true,
          width: 2,
        },
        { key: 'boys', label: 'Nam' },
        { key: 'girls', label: 'Nữ' },
        { key: 'total', label: 'Tổng', sum: ['boys', 'girls'] },
      ],
      rows: [
        {
          key: 'A',
          no: '1',
          label: 'Trẻ em được hỗ trợ',
          unit: 'Người',
          text: { agency: 'Phòng Văn hóa - Xã hội' },
        },
        {
          key: 'B',
          no: '2',
          label: 'Trẻ em được tư vấn',
          unit: 'Người',
          text: { agency: 'Phòng Văn hóa - Xã hội' },
        },
        {
          key: 'C',
          no: '3',
          label: 'Trẻ em được khám',
          unit: 'Người',
          text: { agency: 'Trạm Y tế' },
        },
        { key: 'T', no: '', label: '**Cộng**', unit: 'Người', sum: ['A', 'B', 'C'] },
      ],
      rules: [],
    };
    let pdf: Buffer;
    let typedTotal: { status: number; body: any };
    let typedText: { status: number; body: any };
    let served: any;
    let badSum: { status: number; body: any };

    beforeAll(async () => {
      const admin = await t.auth('admin');
      badSum = await t
        .http()
        .post('/api/forms')
        .set(admin)
        .send({
          ...definition,
          code: 'T18SX/TE',
          columns: [
            ...definition.columns.slice(0, 3),
            { key: 'total', label: 'Tổng', sum: ['boys', 'nope', 'agency'] },
          ],
        });
      const created = await t.http().post('/api/forms').set(admin).send(definition);
      expect([created.status, created.body.errors]).toEqual([201, undefined]);
      const year = Number(day(0).slice(0, 4));
      const period = await t
        .http()
        .post('/api/periods')
        .set(admin)
        .send({
          code: 'T18-SUM',
          label: 'Kỳ thử cột tổng',
          year,
          cutoffFrom: `${year - 1}-12-15`,
          cutoffTo: `${year}-06-14`,
          forms: ['T18S/TE'],
          deadlines: [],
        });
      expect(period.status).toBe(201);
      const officer = await t.auth('kylua.officer');
      const report = await t
        .http()
        .post('/api/reports')
        .set(officer)
        .send({ periodId: period.body.id, type: 'BC', title: 'Báo cáo theo cơ quan' });
      expect(report.status).toBe(201);
      const patch = (data: object, version: number) =>
        t
          .http()
          .patch(`/api/reports/${report.body.id}`)
          .set(officer)
          .send({ version, data: { 'T18S/TE': data } });
      typedTotal = await patch({ A: { total: 9 } }, report.body.version);
      typedText = await patch({ A: { agency: 'Sở' } }, report.body.version);
      const saved = await patch(
        { A: { boys: 3, girls: 4 }, B: { boys: 10 }, C: { boys: 1, girls: 1 } },
        report.body.version,
      );
      expect(saved.status).toBe(200);
      served = (await t.http().get(`/api/reports/${report.body.id}`).set(officer)).body;
      expect((await fire(t, 'kylua.officer', report.body.id, 'REQUEST_SIGNATURE')).status).toBe(
        200,
      );
      await expectOk(await event('kylua.head', report.body.id, 'SIGN'));
      await expectOk(await event('kylua.clerk', report.body.id, 'SUBMIT'));
      pdf = await issuedPdf('kylua', report.body.id);
    });

    it('refuses totals of columns that are not typed-in numbers, naming each', () => {
      expect(badSum.status).toBe(422);
      expect(badSum.body.errors.map((e: any) => e.field).sort()).toEqual([
        'columns[3].sum[1]',
        'columns[3].sum[2]',
      ]);
    });

    it('computes the totals and never takes them, or the printed text, as input', () => {
      expect(typedTotal.status).toBe(422);
      expect(JSON.stringify(typedTotal.body)).toContain('được tính tự động (tổng)');
      expect(typedText.status).toBe(422);
      expect(JSON.stringify(typedText.body)).toContain('chữ in sẵn');
      const data = served.data['T18S/TE'];
      expect(data.A.total).toBe(7);
      expect(data.B.total).toBe(10);
      expect(data.T).toEqual({ boys: 14, girls: 5, total: 19 });
    });

    it('prints the Tổng column and the Cộng row computed', () => {
      const line = (phrase: string) => pdfLines(pdf).find((l) => l.text.includes(phrase))!.text;
      expect(line('Trẻ em được hỗ trợ')).toMatch(/Trẻ em được hỗ trợ Người 3 4 7$/);
      expect(line('Trẻ em được tư vấn')).toMatch(/Người 10 10$/);
      expect(line('Cộng')).toMatch(/Cộng Người 14 5 19$/);
      expect(
        lineRuns(pdf, 'Cộng')
          .filter((r) => /Cộng/.test(r.text))
          .every((r) => r.bold),
      ).toBe(true);
    });

    it('prints the agency once over the rows it covers, as one merged cell', () => {
      const words = pdfWords(pdf).filter((w) => w.page > 1);
      expect(words.filter((w) => w.text === 'Phòng').length).toBe(1);
      expect(words.filter((w) => w.text === 'Trạm').length).toBe(1);
      const phong = words.find((w) => w.text === 'Phòng')!;
      const row1 = words.find((w) => w.text === 'hỗ')!;
      const row2 = words.find((w) => w.text === 'vấn')!;
      // In the cell spanning both rows: from the first row's line, before the second row's.
      expect(phong.yMin).toBeGreaterThan(row1.yMin - 2);
      expect(phong.yMin).toBeLessThan(row2.yMin);
      // The second row has no cell of its own there: its label and its numbers on one line.
      expect(pdfLines(pdf).find((l) => l.text.includes('tư vấn'))!.text).toMatch(
        /^2 Trẻ em được tư vấn/,
      );
    });
  });
});
