import { formatDate, vietnamDate } from '@app/common';
import request from 'supertest';
import { binary } from '../support/http';
import { pdfText } from '../support/pdf';
import { fire } from '../support/workflow';
import { startTestApp, TestApp } from '../support/test-app';

const DAY = 24 * 3600 * 1000;
const FORM = 'YC1/TE';

/**
 * Requests for reports (issue 21): Sở Y tế issues a công văn asking the wards Lương Văn Tri and Kỳ
 * Lừa for a report on a form designed for it, by a deadline. Issuing it opens an ad-hoc period; the
 * wards find it among the reports to make, with the letter's PDF; Lương Văn Tri answers citing the
 * letter, Kỳ Lừa does not; Sở Y tế sees one of two and consolidates what came.
 */
describe('Requests for reports: a công văn asks two wards for a report (e2e)', () => {
  let t: TestApp;
  let units: Record<string, string>;
  let current: { id: string; label: string };
  const deadline = vietnamDate(new Date(Date.now() + 14 * DAY));
  const subject = 'Báo cáo kết quả hỗ trợ trẻ em có hoàn cảnh đặc biệt mùa đông';

  const as = async (who: string) => t.auth(who);
  const get = async (who: string, url: string) =>
    t
      .http()
      .get(url)
      .set(await as(who));
  const pdf = async (who: string, url: string): Promise<Buffer> => {
    const res = await t
      .http()
      .get(url)
      .set(await as(who))
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    return res.body as Buffer;
  };
  /** A workflow event; in a unit signing with tokens, signed as the signer's client would (fire). */
  async function event(actor: string, id: string, type: string) {
    const res = await fire(t, actor, id, type);
    expect([type, res.status, res.body.message]).toEqual([type, 200, undefined]);
    return res.body;
  }
  const create = async (who: string, body: object) =>
    t
      .http()
      .post('/api/reports')
      .set(await as(who))
      .send(body);

  beforeAll(async () => {
    t = await startTestApp();
    const list = (await get('admin', '/api/org-units')).body;
    units = Object.fromEntries(list.map((u: any) => [u.code, u.id]));
    const periods = (await get('syt.officer', '/api/periods')).body;
    current = periods.find((p: any) => p.open && /^\d{4}-(H1|CN)$/.test(p.code));
    expect(current).toBeDefined();
    // The annex designed for this request, through the forms administration.
    const form = await t
      .http()
      .post('/api/forms')
      .set(await as('admin'))
      .send({
        code: FORM,
        title: 'Kết quả hỗ trợ trẻ em mùa đông',
        columns: [
          { key: 'boys', label: 'Nam' },
          { key: 'girls', label: 'Nữ' },
          { key: 'total', label: 'Tổng', sum: ['boys', 'girls'] },
        ],
        rows: [
          { key: 'A', no: '1', label: 'Trẻ em được tặng áo ấm', unit: 'Người' },
          { key: 'B', no: '2', label: 'Trẻ em được hỗ trợ tiền mặt', unit: 'Người' },
        ],
        // Blocking for the wards' answers; the letter prints the form blank and is signed all the same.
        rules: [
          {
            type: 'required',
            rows: ['A'],
            severity: 'error',
            message: 'Cần nhập số trẻ em được tặng áo ấm.',
          },
        ],
      });
    expect([form.status, form.body.errors]).toEqual([201, undefined]);
  });
  afterAll(() => t.close());

  describe('who may ask whom', () => {
    it('refuses a request from a ward, which has no lower units, in Vietnamese', async () => {
      const res = await create('luongvantri.officer', {
        periodId: current.id,
        type: 'CV',
        title: subject,
        request: { forms: [FORM], deadline, orgUnitIds: [units.KL] },
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('REQUEST_NO_LOWER_UNITS');
      expect(res.body.message).toMatch(/không có đơn vị cấp dưới/);
    });

    it('refuses units that are not below the asking unit, naming them', async () => {
      const res = await create('syt.officer', {
        periodId: current.id,
        type: 'CV',
        title: subject,
        request: { forms: [FORM], deadline, orgUnitIds: [units.LVT, units.HD] },
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('REQUEST_UNITS_NOT_LOWER');
      expect(res.body.message).toContain('Hoàng Đồng');
      expect(res.body.message).not.toContain('Lương Văn Tri');
    });

    it('refuses a request carried by a report, a passed deadline and an unknown form', async () => {
      const base = { periodId: current.id, title: subject };
      const req = { forms: [FORM], deadline, orgUnitIds: [units.LVT] };
      expect((await create('syt.officer', { ...base, type: 'BC', request: req })).body.code).toBe(
        'REQUEST_NOT_ALLOWED',
      );
      const past = await create('syt.officer', {
        ...base,
        type: 'CV',
        request: { ...req, deadline: '2020-01-01' },
      });
      expect([past.status, past.body.code]).toEqual([422, 'REQUEST_INVALID']);
      const unknown = await create('syt.officer', {
        ...base,
        type: 'CV',
        request: { ...req, forms: ['KHONG/CO'] },
      });
      expect([unknown.status, unknown.body.code]).toEqual([422, 'REQUEST_INVALID']);
    });
  });

  it('drafts a plan (KH) from its outline with the period’s forms, printed as KẾ HOẠCH', async () => {
    const made = await create('syt.officer', {
      periodId: current.id,
      type: 'KH',
      title: 'Thực hiện công tác trẻ em năm 2027',
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ type: 'KH', request: null });
    expect(made.body.narrative).toMatch(/^I\. MỤC ĐÍCH, YÊU CẦU/);
    const period = (await get('syt.officer', `/api/periods/${current.id}`)).body;
    expect(made.body.forms).toEqual(period.forms);
    const draft = pdfText(await pdf('syt.officer', `/api/reports/${made.body.id}/pdf`)).replace(
      /\s+/g,
      ' ',
    );
    expect(draft).toContain('KẾ HOẠCH Thực hiện công tác trẻ em năm 2027');
    expect(draft).toContain('(Kèm theo Kế hoạch số /KH-SYT');
  });

  describe('from the letter to the consolidation', () => {
    let cv: any;
    let issued: any;
    let period: any;
    let letterText: string;
    let answerText: string;
    let lvtReport: any;

    beforeAll(async () => {
      const made = await create('syt.officer', {
        periodId: current.id,
        type: 'CV',
        title: subject,
        request: { forms: [FORM], deadline, orgUnitIds: [units.LVT, units.KL] },
      });
      expect([made.status, made.body.message]).toEqual([201, undefined]);
      cv = made.body;
      await event('syt.officer', cv.id, 'REQUEST_SIGNATURE');
      await event('syt.head', cv.id, 'SIGN');
      issued = await event('syt.clerk', cv.id, 'SUBMIT');
      const letterPdf = await pdf('syt.officer', `/api/reports/${cv.id}/pdf`);
      letterText = pdfText(letterPdf);
      const doc = (await get('syt.officer', `/api/documents/${issued.documentId}`)).body;
      period = (await get('syt.officer', '/api/periods')).body.find(
        (p: any) => p.requestDocumentId === doc.id,
      );
    });

    it('drafts the letter addressed to the units asked, with the annex form', () => {
      expect(cv).toMatchObject({ type: 'CV', forms: [FORM] });
      expect(cv.request).toEqual({
        forms: [FORM],
        deadline,
        orgUnitIds: [units.LVT, units.KL],
      });
      expect(cv.recipients).toEqual([
        { name: 'Ủy ban nhân dân phường Lương Văn Tri', orgUnitId: units.LVT },
        { name: 'Ủy ban nhân dân phường Kỳ Lừa', orgUnitId: units.KL },
      ]);
      expect(cv.narrative).toContain(`trước ngày ${formatDate(deadline)}`);
    });

    it('issues it as a công văn: number without a type code, V/v, Kính gửi, no title block', () => {
      expect(issued.number).toMatch(/^\d{2,}\/SYT-DSTE$/);
      const flat = letterText.replace(/\s+/g, ' ');
      expect(flat).toContain(`Số: ${issued.number}`);
      expect(flat).toContain(`V/v ${subject}`);
      expect(flat).toMatch(
        /Kính gửi: - Ủy ban nhân dân phường Lương Văn Tri; - Ủy ban nhân dân phường Kỳ Lừa\./,
      );
      expect(flat).toContain('- Như trên;');
      expect(flat).not.toMatch(/CÔNG VĂN|BÁO CÁO/);
      // The annex form, to be filled by the wards.
      expect(flat).toContain(`Kèm theo Công văn số ${issued.number}`);
      expect(flat).toContain('Trẻ em được tặng áo ấm');
    });

    it('lists it in the outgoing register as a công văn', async () => {
      const year = period.request.issueDate.slice(0, 4);
      const register = pdfText(
        await pdf('syt.officer', `/api/documents/register?year=${year}`),
      ).replace(/\s+/g, ' ');
      expect(register).toContain(issued.number);
      expect(register).toContain('Công văn Báo cáo kết');
    });

    it('opens the ad-hoc period of the request: its forms, units, deadline and letter', async () => {
      expect(period).toBeDefined();
      const one = (await get('luongvantri.officer', `/api/periods/${period.id}`)).body;
      expect(one).toMatchObject({
        requestDocumentId: issued.documentId,
        forms: [FORM],
        open: true,
        request: {
          reportId: cv.id,
          requestingUnitId: units.SYT,
          orgUnitIds: [units.LVT, units.KL],
          numberText: issued.number,
        },
      });
      expect(one.deadlines.map((d: any) => d.date)).toEqual([deadline]);
    });

    it('puts the request among the reports both wards have to make, with the letter they may read', async () => {
      for (const ward of ['luongvantri', 'kylua']) {
        const item = (await get(`${ward}.officer`, '/api/inbox/to-make')).body.find(
          (x: any) => x.periodId === period.id,
        );
        expect(item).toMatchObject({
          kind: 'create',
          deadline,
          request: {
            documentId: issued.documentId,
            numberText: issued.number,
            issuerName: 'Sở Y tế tỉnh Lạng Sơn',
            subject,
            pdfUrl: `/api/documents/${issued.documentId}/pdf`,
          },
        });
        const letter = pdfText(await pdf(`${ward}.officer`, item.request.pdfUrl));
        expect(letter.replace(/\s+/g, ' ')).toContain(`V/v ${subject}`);
        // The letter was delivered: an entry of the ward's incoming register, not yet acknowledged.
        const year = Number(period.request.issueDate.slice(0, 4));
        const register = (
          await get(`${ward}.clerk`, `/api/documents/incoming-register?year=${year}`)
        ).body;
        const entry = register.find((e: any) => e.documentId === issued.documentId);
        expect(entry).toMatchObject({
          numberText: issued.number,
          acknowledgedAt: null,
        });
        expect(entry.incomingNumber).toBeGreaterThanOrEqual(1);
      }
      // Sở Y tế consolidates it; nobody else is asked.
      const syt = (await get('syt.officer', '/api/inbox/to-make')).body.find(
        (x: any) => x.periodId === period.id,
      );
      expect(syt).toMatchObject({ kind: 'consolidate' });
      const legacy = (await get('hoangdong.officer', '/api/inbox/to-make')).body;
      expect(legacy.map((x: any) => x.periodId)).not.toContain(period.id);
    });

    it('lets Lương Văn Tri answer with a report citing the letter, printed', async () => {
      const made = await create('luongvantri.officer', {
        periodId: period.id,
        type: 'BC',
        title: 'Báo cáo kết quả hỗ trợ trẻ em mùa đông',
      });
      expect(made.status).toBe(201);
      const citation = `Thực hiện Công văn số ${issued.number} ngày ${formatDate(period.request.issueDate)} của Sở Y tế tỉnh Lạng Sơn`;
      expect(made.body.narrative).toContain(citation);
      expect(made.body.forms).toEqual([FORM]);
      // The form's rule blocks a blank answer (and did not block the letter, signed blank).
      const blank = await get('luongvantri.officer', `/api/reports/${made.body.id}/validation`);
      expect(blank.body).toContainEqual(
        expect.objectContaining({
          severity: 'error',
          message: expect.stringContaining('Cần nhập số trẻ em được tặng áo ấm.'),
        }),
      );
      const patched = await t
        .http()
        .patch(`/api/reports/${made.body.id}`)
        .set(await as('luongvantri.officer'))
        .send({
          version: made.body.version,
          data: { [FORM]: { A: { boys: 12, girls: 9 }, B: { boys: 3, girls: 5 } } },
        });
      expect(patched.status).toBe(200);
      await event('luongvantri.officer', made.body.id, 'REQUEST_SIGNATURE');
      await event('luongvantri.head', made.body.id, 'SIGN');
      lvtReport = await event('luongvantri.clerk', made.body.id, 'SUBMIT');
      answerText = pdfText(
        await pdf('luongvantri.officer', `/api/documents/${lvtReport.documentId}/pdf`),
      ).replace(/\s+/g, ' ');
      expect(answerText).toContain(
        `Thực hiện Công văn số ${issued.number} ngày ${formatDate(period.request.issueDate)}`,
      );
      expect(answerText).toMatch(/về việc báo cáo kết quả hỗ trợ trẻ em/);
    });

    it('refuses a report in the period from a unit that was not asked', async () => {
      const res = await create('syt.officer', {
        periodId: period.id,
        type: 'BC',
        title: 'Báo cáo',
      });
      expect([res.status, res.body.code]).toEqual([422, 'UNIT_NOT_REQUESTED']);
    });

    it('shows Sở Y tế one of two wards reported, and no other unit', async () => {
      const status = await get('syt.officer', `/api/periods/${period.id}/status`);
      expect(status.status).toBe(200);
      const byCode = Object.fromEntries(status.body.map((r: any) => [r.code, r.state]));
      expect(byCode).toEqual({ LVT: 'submitted', KL: 'missing' });
      expect(status.body.filter((r: any) => r.reportId).length).toBe(1);
      // A ward does not follow the period.
      expect((await get('kylua.officer', `/api/periods/${period.id}/status`)).status).toBe(403);
    });

    it('consolidates what came: Lương Văn Tri’s values, Kỳ Lừa listed missing', async () => {
      const res = await t
        .http()
        .post('/api/consolidations')
        .set(await as('syt.officer'))
        .send({ periodId: period.id });
      expect(res.status).toBe(201);
      expect(res.body.data[FORM]).toEqual({
        A: { boys: 12, girls: 9, total: 21 },
        B: { boys: 3, girls: 5, total: 8 },
      });
      expect(res.body.consolidation.lowerUnitIds.sort()).toEqual([units.LVT, units.KL].sort());
      expect(res.body.consolidation.missingUnitIds).toEqual([units.KL]);
      expect(res.body.narrative).toMatch(/1\/2 đơn vị cấp dưới/);
      expect(res.body.title).toBe(
        `Tổng hợp báo cáo kết quả hỗ trợ trẻ em có hoàn cảnh đặc biệt mùa đông`,
      );
    });

    describe('on the web pages', () => {
      async function signedIn(username: string) {
        const agent = request.agent(t.app.getHttpServer());
        const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/')).text)![1];
        const login = await agent
          .post('/login')
          .type('form')
          .send({ username, password: 'demo', _csrf: token });
        expect(login.status).toBe(303);
        return { agent, token };
      }

      it('lets the province officer draft a công văn asking a ward, and lists it with its type', async () => {
        const { agent } = await signedIn('syt.officer');
        const page = await agent.get('/reports');
        expect(page.text).toContain('Lập kế hoạch, công văn');
        expect(page.text).toContain('<option value="CV">Công văn</option>');
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
        const posted = await agent
          .post('/reports')
          .type('form')
          .send(
            `_csrf=${encodeURIComponent(csrf)}&type=CV&periodId=${current.id}` +
              `&title=${encodeURIComponent('Báo cáo nhanh tình hình trẻ em đuối nước')}` +
              `&orgUnitIds=${units.KL}&forms=${encodeURIComponent(FORM)}&deadline=${deadline}`,
          );
        expect(posted.status).toBe(303);
        const id = /\/reports\/([0-9a-f-]{36})/.exec(posted.headers.location)![1];
        const made = (await get('syt.officer', `/api/reports/${id}`)).body;
        expect(made).toMatchObject({
          type: 'CV',
          request: { forms: [FORM], deadline, orgUnitIds: [units.KL] },
        });
        const own = await agent.get(`/reports/${id}`);
        expect(own.status).toBe(200);
        expect(own.text).toContain('<span class="tag doc-type" id="report-type">Công văn</span>');
        const list = await agent.get('/reports');
        expect(list.text).toMatch(
          /Báo cáo nhanh tình hình trẻ em đuối nước<\/a> <span class="tag doc-type" data-type="CV">Công văn<\/span>/,
        );
      });

      it('shows Kỳ Lừa the letter beside the report it has to make', async () => {
        const { agent } = await signedIn('kylua.officer');
        const home = await agent.get('/');
        expect(home.text).toContain(`data-period-id="${period.id}"`);
        expect(home.text).toContain(`href="/documents/${issued.documentId}/pdf"`);
        const letter = await agent
          .get(`/documents/${issued.documentId}/pdf`)
          .buffer(true)
          .parse(binary);
        expect(letter.status).toBe(200);
        expect(pdfText(letter.body).replace(/\s+/g, ' ')).toContain(`V/v ${subject}`);
        // "Lập báo cáo" of the period offers the letter's subject as the title.
        const reports = await agent.get('/reports');
        expect(reports.text).toContain(`<input type="hidden" name="title" value="${subject}">`);
        // An answer still only its outline (the citation and the headings) is said to be unwritten.
        const made = await create('kylua.officer', {
          periodId: period.id,
          type: 'BC',
          title: subject,
        });
        expect(made.status).toBe(201);
        const draft = await agent.get(`/reports/${made.body.id}`);
        expect(draft.text).toContain('Nội dung báo cáo chưa được viết');
      });
    });
  });
});
