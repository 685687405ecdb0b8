import { TEST_PERIOD_CODE } from '../support/test-period';
import { createHash } from 'node:crypto';
import { IssuedDocumentsRepository } from '@app/archive';
import { WorkflowEventInput, WorkflowService } from '@app/approval';
import { DomainException, vietnamDate, vietnamYear } from '@app/common';
import { PeriodsService, ReportsService, contentSha256 } from '@app/reports';
import { startMediumApp, MediumApp } from '../support/medium-app';

/** Typed-in cells of 01/TE that pass every rule of the form. */
const VALID_CELLS = {
  '01/TE': {
    POP: { y2024: 8000 },
    'I.1': { y2024: 2050 },
    'I.3': { y2024: 600 },
    'I.3.a': { y2024: 450 },
  },
};

type StoredReport = { state: string; step: string | null; version: number };

/** Reads and steps reports of one medium app as its demo users. */
function workflowOf(m: MediumApp) {
  let periods = 0;
  const q = (sql: string, params: unknown[] = []) => m.ds.query(sql, params);
  const report = async (id: string): Promise<StoredReport> =>
    (await q(`SELECT state, step, version FROM report WHERE id = $1`, [id]))[0];
  /** A period of its own, so a unit may start one more report (one BC per unit and period). */
  const newPeriod = async () =>
    (
      await m.get(PeriodsService).create({
        ...{ code: `WF-${++periods}`, label: `Kỳ thử ${periods}`, year: 2024, deadlines: [] },
        ...{ cutoffFrom: '2024-01-01', cutoffTo: '2024-06-30', forms: ['01/TE'] },
      })
    ).id;
  const draft = async (officer: string, data: object = VALID_CELLS, periodId?: string) => {
    const user = await m.user(officer);
    const reports = m.get(ReportsService);
    const r = await reports.create(user, {
      periodId: periodId ?? (await newPeriod()),
      type: 'BC',
      title: `Báo cáo thử của ${officer}`,
    });
    return reports.patch(user, r.id, { version: r.version, data: data as never });
  };
  /** Fires an event as `username` with the version stored now (what the actor just read). */
  const act = async (
    username: string,
    id: string,
    type: WorkflowEventInput['type'],
    comment?: string,
  ) =>
    m
      .get(WorkflowService)
      .fire(await m.user(username), id, { type, version: (await report(id)).version, comment });
  const signed = async (unit: string, periodId?: string, head = `${unit}.head`) => {
    const r = await draft(`${unit}.officer`, VALID_CELLS, periodId);
    await act(`${unit}.officer`, r.id, 'REQUEST_SIGNATURE');
    return act(head, r.id, 'SIGN');
  };
  /** What SUBMIT leaves behind for a report and its unit. */
  const issued = async (reportId: string, orgUnitId: string) => ({
    documents: await q(`SELECT number FROM issued_document WHERE report_id = $1`, [reportId]),
    registry: await q(`SELECT last_number FROM document_number_registry WHERE org_unit_id = $1`, [
      orgUnitId,
    ]),
    submits: await q(`SELECT id FROM report_history WHERE report_id = $1 AND event = 'SUBMIT'`, [
      reportId,
    ]),
  });
  return { q, report, draft, act, signed, issued };
}

/** The DomainException a call must fail with. */
const refusal = async (p: Promise<unknown>): Promise<DomainException> => {
  const e = await p.then(
    () => new Error('the event was not refused'),
    (err) => err,
  );
  expect(e).toBeInstanceOf(DomainException);
  return e;
};

/** The approval workflow and issuing against real PostgreSQL, the real renderer and the demo certificates. */
describe(WorkflowService.name, () => {
  let m: MediumApp;
  let w: ReturnType<typeof workflowOf>;

  beforeAll(async () => {
    m = await startMediumApp();
    w = workflowOf(m);
  });
  afterAll(() => m.close());

  it('runs request, return, sign, return of a signed report and submit, leaving the right rows after each step', async () => {
    const [officer, head, clerk] = await Promise.all(
      ['officer', 'head', 'clerk'].map((r) => m.user(`hoangdong.${r}`)),
    );
    const periodId = (await m.get(PeriodsService).list()).find(
      (p) => p.code === TEST_PERIOD_CODE,
    )!.id;
    const r = await w.draft(officer.username, VALID_CELLS, periodId);
    const v0 = r.version;

    const asked = await w.act(officer.username, r.id, 'REQUEST_SIGNATURE');
    expect(asked).toMatchObject({ state: 'draft', step: 'awaitingSignature', version: v0 + 1 });
    expect(await w.report(r.id)).toEqual({
      state: 'draft',
      step: 'awaitingSignature',
      version: v0 + 1,
    });

    for (const comment of [undefined, '  ']) {
      const noReason = await refusal(w.act(head.username, r.id, 'RETURN', comment));
      expect(noReason).toMatchObject({ status: 422, code: 'RETURN_REASON_REQUIRED' });
      expect(noReason.errors).toEqual([
        { field: 'comment', message: 'Trả lại báo cáo phải ghi rõ lý do.' },
      ]);
    }
    expect((await w.report(r.id)).version).toBe(v0 + 1);
    const back = await w.act(head.username, r.id, 'RETURN', ' Bổ sung số liệu mục I.2. ');
    expect(back).toMatchObject({ state: 'draft', step: 'editing', version: v0 + 2 });

    await w.act(officer.username, r.id, 'REQUEST_SIGNATURE');
    const signed = await w.act(head.username, r.id, 'SIGN');
    expect(signed).toMatchObject({ state: 'signed', step: null, version: v0 + 4 });
    const sha256 = contentSha256({
      title: r.title,
      narrative: r.narrative,
      recipients: r.recipients,
      data: VALID_CELLS,
    });
    const sigs = () =>
      w.q(
        `SELECT signer_id, content_sha256, report_version, voided_at, void_reason FROM report_signature WHERE report_id = $1 ORDER BY signed_at`,
        [r.id],
      );
    expect(await sigs()).toEqual([
      {
        signer_id: head.id,
        content_sha256: sha256,
        report_version: v0 + 4,
        voided_at: null,
        void_reason: null,
      },
    ]);
    expect(signed.signatures).toEqual([expect.objectContaining({ signerId: head.id, sha256 })]);

    const reason = 'Thiếu nơi nhận Phòng Văn hóa - Xã hội.';
    const unsigned = await w.act(clerk.username, r.id, 'RETURN', reason);
    expect(unsigned).toMatchObject({ state: 'draft', step: 'editing', signatures: [] });
    expect(await sigs()).toEqual([
      expect.objectContaining({ voided_at: expect.any(Date), void_reason: reason }),
    ]);

    await w.act(officer.username, r.id, 'REQUEST_SIGNATURE');
    await w.act(head.username, r.id, 'SIGN');
    const out = await w.act(clerk.username, r.id, 'SUBMIT');
    expect(out).toMatchObject({ state: 'submitted', step: null, version: v0 + 8 });
    expect(out.number).toMatch(/^\d{2}\/BC-UBND$/);
    expect(out.submittedAt).toEqual(expect.any(Date));
    expect(await w.report(r.id)).toEqual({ state: 'submitted', step: null, version: v0 + 8 });
    const [doc] = await w.q(
      `SELECT id, number, number_text, year, pdf, sha256, pdf_size, issued_by FROM issued_document WHERE report_id = $1`,
      [r.id],
    );
    expect(doc).toMatchObject({ id: out.documentId, number_text: out.number, issued_by: clerk.id });
    expect(doc.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(doc.pdf_size).toBe(doc.pdf.length);
    expect(doc.sha256).toBe(createHash('sha256').update(doc.pdf).digest('hex'));
    expect(await m.get(IssuedDocumentsRepository).pdfBytes(doc.id)).toEqual(doc.pdf);
    expect(
      await w.q(
        `SELECT last_number FROM document_number_registry WHERE org_unit_id = $1 AND year = $2`,
        [officer.orgUnitId, doc.year],
      ),
    ).toEqual([{ last_number: doc.number }]);
    expect((await sigs()).map((s: any) => [s.content_sha256, s.voided_at])).toEqual([
      [sha256, expect.any(Date)],
      [sha256, null],
    ]);

    const history = await w.q(
      `SELECT event, from_state, to_state, actor_id, comment, details FROM report_history WHERE report_id = $1 ORDER BY id`,
      [r.id],
    );
    expect(history.map((h: any) => [h.event, h.from_state, h.to_state, h.actor_id])).toEqual([
      ['REQUEST_SIGNATURE', 'editing', 'awaitingSignature', officer.id],
      ['RETURN', 'awaitingSignature', 'editing', head.id],
      ['REQUEST_SIGNATURE', 'editing', 'awaitingSignature', officer.id],
      ['SIGN', 'awaitingSignature', 'signed', head.id],
      ['RETURN', 'signed', 'editing', clerk.id],
      ['REQUEST_SIGNATURE', 'editing', 'awaitingSignature', officer.id],
      ['SIGN', 'awaitingSignature', 'signed', head.id],
      ['SUBMIT', 'signed', 'submitted', clerk.id],
    ]);
    expect(history[1].comment).toBe('Bổ sung số liệu mục I.2.');
    expect(history[4].comment).toBe(reason);
    expect(history[3].details).toEqual({ sha256 });
    expect(history[7].details).toEqual({
      issueDate: vietnamDate(),
      documentId: doc.id,
      numberText: out.number,
      sha256: doc.sha256,
    });
  }, 120000);

  it('refuses a wrong role (403), an event the state has not (409), a stale version (409, nothing written) and signing with rule errors (422)', async () => {
    // I.3.a (children examined) greater than I.3, its whole: a blocking error of 01/TE.
    const r = await w.draft('quanglac.officer', {
      '01/TE': { 'I.3': { y2024: 100 }, 'I.3.a': { y2024: 150 } },
    });
    const wrongRole = await refusal(w.act('quanglac.head', r.id, 'REQUEST_SIGNATURE'));
    expect(wrongRole).toMatchObject({ status: 403, code: 'WORKFLOW_FORBIDDEN' });
    expect(wrongRole.userMessage).toMatch(/^Chỉ chuyên viên/);
    expect(await refusal(w.act('quanglac.clerk', r.id, 'SUBMIT'))).toMatchObject({
      status: 409,
      code: 'TRANSITION_NOT_ALLOWED',
      userMessage: 'Không thể phát hành khi báo cáo đang soạn thảo.',
    });

    const stale = await refusal(
      m.get(WorkflowService).fire(await m.user('quanglac.officer'), r.id, {
        type: 'REQUEST_SIGNATURE',
        version: r.version - 1,
      }),
    );
    expect(stale).toMatchObject({
      status: 409,
      code: 'STALE_VERSION',
      details: { extra: { currentVersion: r.version } },
    });
    expect(await w.report(r.id)).toEqual({ state: 'draft', step: 'editing', version: r.version });
    expect(await w.q(`SELECT id FROM report_history WHERE report_id = $1`, [r.id])).toEqual([]);

    await w.act('quanglac.officer', r.id, 'REQUEST_SIGNATURE');
    const blocked = await refusal(w.act('quanglac.head', r.id, 'SIGN'));
    expect(blocked).toMatchObject({ status: 422, code: 'SIGN_BLOCKED_BY_ERRORS' });
    expect(blocked.userMessage).toMatch(/1 lỗi số liệu/);
    expect(blocked.errors).toEqual([
      { form: '01/TE', row: 'I.3.a', column: 'y2024', message: expect.stringMatching(/lớn hơn/) },
    ]);
    expect(await w.report(r.id)).toMatchObject({ state: 'draft', step: 'awaitingSignature' });
    expect(await w.q(`SELECT id FROM report_signature WHERE report_id = $1`, [r.id])).toEqual([]);
  });

  it('numbers 10 simultaneous SUBMITs of one unit 01 to 10, without gap or duplicate', async () => {
    const clerk = await m.user('maipha.clerk');
    const ready = [];
    for (let i = 0; i < 10; i++) ready.push(await w.signed('maipha'));
    const out = await Promise.all(
      ready.map((r) =>
        m.get(WorkflowService).fire(clerk, r.id, { type: 'SUBMIT', version: r.version }),
      ),
    );
    expect(out.map((r) => r.state)).toEqual(Array(10).fill('submitted'));
    const docs = await w.q(
      `SELECT number, number_text, year FROM issued_document WHERE org_unit_id = $1 AND year = $2 ORDER BY number`,
      [clerk.orgUnitId, vietnamYear()],
    );
    expect(docs.map((d: any) => d.number)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(docs[0].number_text).toBe('01/BC-UBND');
    expect(out.map((r) => r.number).sort()).toEqual(docs.map((d: any) => d.number_text));
    expect(
      await w.q(
        `SELECT year, last_number FROM document_number_registry WHERE org_unit_id = $1 AND year = $2`,
        [clerk.orgUnitId, vietnamYear()],
      ),
    ).toEqual([{ year: docs[0].year, last_number: 10 }]);
  }, 180000);

  it('rolls the whole SUBMIT back when the renderer cannot start (503): still signed, no number taken', async () => {
    const broken = await startMediumApp({
      chromiumPath: '/nonexistent/chromium',
      renderTimeoutMs: 3000,
    });
    try {
      const b = workflowOf(broken);
      const r = await b.signed('sols');
      const err = await refusal(b.act('sols.clerk', r.id, 'SUBMIT'));
      expect(err.status).toBe(503);
      expect(await b.report(r.id)).toEqual({ state: 'signed', step: null, version: r.version });
      expect(await b.issued(r.id, r.orgUnitId)).toEqual({
        documents: [],
        registry: [],
        submits: [],
      });
      expect(
        await b.q(`SELECT id FROM report_signature WHERE report_id = $1 AND voided_at IS NULL`, [
          r.id,
        ]),
      ).toHaveLength(1);
    } finally {
      await broken.close();
    }
  });

  it('in approval mode a head without a signing certificate approves, and the clerk issues with the organisation slot', async () => {
    const [{ id: headId }] = await w.q(
      `INSERT INTO app_user (username, password_hash, full_name, org_unit_id, roles, position_title, sign_authority, sign_head_title)
       SELECT 'tpls.head2', password_hash, 'Lãnh đạo chưa có chứng thư', org_unit_id, ARRAY['head'], position_title, sign_authority, sign_head_title
         FROM app_user WHERE username = 'tpls.head' RETURNING id`,
    );
    expect(
      await w.q(`SELECT id FROM registered_certificate WHERE owner_id = $1`, [headId]),
    ).toEqual([]);
    const r = await w.signed('tpls', undefined, 'tpls.head2');
    expect(r).toMatchObject({
      state: 'signed',
      signatures: [expect.objectContaining({ signerId: headId })],
    });
    await w.act('tpls.clerk', r.id, 'SUBMIT');
    expect((await w.report(r.id)).state).toBe('submitted');
  });
});
