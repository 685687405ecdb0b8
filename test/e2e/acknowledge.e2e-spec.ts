import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire, periodId } from '../support/workflow';

/**
 * ACKNOWLEDGE: the direct upper unit confirms receipt of a submitted report (its officers and
 * heads, as for a return); the state stays, acknowledgedAt is stamped, a history row is written and
 * the sending unit is told. A return then shows the upper unit "Đã trả lại" with its reason.
 */
describe('Acknowledging a submitted report, and returned reports in the upper unit’s status (e2e)', () => {
  let t: TestApp;
  let id: string;

  beforeAll(async () => {
    t = await startTestApp();
    const report = await draftReport(t, 'hoangdong.officer', 'Báo cáo thử tiếp nhận');
    id = report.id;
    expect((await fire(t, 'hoangdong.officer', id, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, 'hoangdong.head', id, 'SIGN')).status).toBe(200);
    const submitted = await fire(t, 'hoangdong.clerk', id, 'SUBMIT');
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ state: 'submitted', acknowledgedAt: null });
  }, 120_000);
  afterAll(() => t?.close());

  const get = async (user: string, path: string) =>
    t
      .http()
      .get(path)
      .set(await t.auth(user));
  const acknowledge = (user: string) => fire(t, user, id, 'ACKNOWLEDGE', undefined, 'admin');
  const notices = async (user: string) =>
    ((await get(user, '/api/notifications')).body as { kind: string; reportId: string }[]).filter(
      (n) => n.reportId === id && n.kind === 'acknowledged',
    );

  it('refuses anyone but the officers and heads of the direct upper unit, changing nothing', async () => {
    const before = (await get('admin', `/api/reports/${id}`)).body;
    // A sibling commune cannot even see the report: 404.
    const sibling = await acknowledge('maipha.officer');
    expect(sibling.status).toBe(404);
    expect(sibling.body.code).toBe('REPORT_NOT_FOUND');
    // The sending unit itself, the upper unit's clerk, the unit above the upper unit: 403.
    for (const user of ['hoangdong.officer', 'hoangdong.head', 'tpls.clerk', 'sols.officer']) {
      const res = await acknowledge(user);
      expect({ user, status: res.status, code: res.body.code }).toEqual({
        user,
        status: 403,
        code: 'WORKFLOW_FORBIDDEN',
      });
    }
    const after = (await get('admin', `/api/reports/${id}`)).body;
    expect(after).toMatchObject({ version: before.version, acknowledgedAt: null });
  });

  it('refuses ACKNOWLEDGE of a report that is not submitted (409), and an unknown event type (422)', async () => {
    const draft = await draftReport(t, 'quanglac.officer', 'Bản nháp chưa gửi');
    const res = await t
      .http()
      .post(`/api/reports/${draft.id}/events`)
      .set(await t.auth('quanglac.officer'))
      .send({ type: 'ACKNOWLEDGE', version: draft.version });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('TRANSITION_NOT_ALLOWED');
    expect(res.body.message).toBe('Không thể tiếp nhận khi báo cáo đang soạn thảo.');
    const wrongType = await t
      .http()
      .post(`/api/reports/${id}/events`)
      .set(await t.auth('tpls.officer'))
      .send({ type: 'RECEIVE', version: 1 });
    expect(wrongType.status).toBe(422);
  });

  it('an officer of the upper unit acknowledges: state kept, acknowledgedAt set, a history row, the sender told', async () => {
    const before = (await get('tpls.officer', `/api/reports/${id}`)).body;
    const res = await acknowledge('tpls.officer');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      state: 'submitted',
      step: null,
      version: before.version + 1,
      submittedAt: before.submittedAt, // timeliness is judged on the submission, untouched
      number: before.number,
    });
    expect(new Date(res.body.acknowledgedAt).getTime()).not.toBeNaN();

    const history = (await get('hoangdong.officer', `/api/reports/${id}/history`)).body;
    expect(history.at(-1)).toMatchObject({
      type: 'ACKNOWLEDGE',
      from: 'submitted',
      to: 'submitted',
      actor: { fullName: expect.any(String) },
    });
    expect(history.at(-1).actor.id).toBe((await t.login('tpls.officer')).user.id);

    // The sender sees it: on the report, in its list, and by a notification (not the actor).
    const seen = (await get('hoangdong.officer', `/api/reports/${id}`)).body;
    expect(seen.acknowledgedAt).toBe(res.body.acknowledgedAt);
    const list = (await get('hoangdong.officer', `/api/reports?periodId=${await periodId(t)}`))
      .body as { id: string; acknowledgedAt: string | null }[];
    expect(list.find((r) => r.id === id)?.acknowledgedAt).toBe(res.body.acknowledgedAt);
    for (const user of ['hoangdong.officer', 'hoangdong.clerk']) {
      const got = await notices(user);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ link: `/reports/${id}` });
    }
    expect(await notices('tpls.officer')).toEqual([]);
  });

  it('a second ACKNOWLEDGE (by anyone of the upper unit, with the current version) is 409 and writes nothing', async () => {
    const before = (await get('admin', `/api/reports/${id}`)).body;
    const again = await acknowledge('tpls.head');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('REPORT_ALREADY_ACKNOWLEDGED');
    const after = (await get('admin', `/api/reports/${id}`)).body;
    expect(after).toMatchObject({ version: before.version, acknowledgedAt: before.acknowledgedAt });
    const rows = (await get('admin', `/api/reports/${id}/history`)).body.filter(
      (h: { type: string }) => h.type === 'ACKNOWLEDGE',
    );
    expect(rows).toHaveLength(1);
  });

  it('after a return the upper unit’s status shows the unit as returned with the reason; the acknowledgement is forgotten', async () => {
    const reason = 'Số liệu biểu 01/TE dòng I.1 chưa khớp với báo cáo quý; đề nghị kiểm tra lại.';
    const returned = await fire(t, 'tpls.officer', id, 'RETURN', reason);
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ state: 'draft', step: 'editing', acknowledgedAt: null });

    const status = await get('tpls.officer', `/api/periods/${await periodId(t)}/status`);
    expect(status.status).toBe(200);
    const row = (status.body as any[]).find((r) => r.orgUnitId === returned.body.orgUnitId);
    expect(row).toMatchObject({
      state: 'returned',
      reportId: null,
      submittedAt: null,
      returned: { reason, actorName: expect.any(String) },
    });
    // The other communes: quanglac has a draft never sent (draft), maipha nothing (missing).
    const states = Object.fromEntries((status.body as any[]).map((r) => [r.name, r.state]));
    expect(Object.values(states).sort()).toEqual(['draft', 'missing', 'returned']);

    // The indicator table of the period names the returned unit, with the reason.
    const table = await get(
      'tpls.officer',
      `/api/periods/${await periodId(t)}/table?form=01/TE&columns=I.1:y2024`,
    );
    expect(table.status).toBe(200);
    expect((table.body.rows as any[]).find((r) => r.state === 'returned')).toMatchObject({
      returnReason: reason,
      values: {},
    });
  });
});
