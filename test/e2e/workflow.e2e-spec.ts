import { contentSha256 } from '@app/reports';
import { Client } from 'pg';
import { draftReport, fire, periodId } from '../support/workflow';
import { startTestApp, TestApp } from '../support/test-app';

describe('Approval workflow through HTTP (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('runs the whole chain, a return from the upper unit with a reason, and the resubmission; the history lists every step', async () => {
    const report = await draftReport(t, 'hoangdong.officer');
    const id = report.id;

    // The head sees nothing before the officer asks for a signature.
    expect(
      (
        await t
          .http()
          .get('/api/inbox')
          .set(await t.auth('hoangdong.head'))
      ).body,
    ).toEqual([]);
    expect((await fire(t, 'hoangdong.officer', id, 'REQUEST_SIGNATURE')).body).toMatchObject({
      state: 'draft',
      step: 'awaitingSignature',
    });
    const headInbox = (
      await t
        .http()
        .get('/api/inbox')
        .set(await t.auth('hoangdong.head'))
    ).body;
    expect(headInbox).toEqual([
      expect.objectContaining({
        reportId: id,
        action: 'sign',
        deadline: '2024-05-05',
        orgUnitName: 'Ủy ban nhân dân xã Hoàng Đồng',
      }),
    ]);

    const signed = await fire(t, 'hoangdong.head', id, 'SIGN');
    expect(signed.status).toBe(200);
    expect(signed.body.state).toBe('signed');
    expect(signed.body.signatures).toEqual([
      expect.objectContaining({
        signerName: 'Hoàng Quốc Thành',
        positionTitle: 'PHÓ CHỦ TỊCH',
        signAuthority: 'KT.',
        signHeadTitle: 'CHỦ TỊCH',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
    expect(
      (
        await t
          .http()
          .get('/api/inbox')
          .set(await t.auth('hoangdong.clerk'))
      ).body,
    ).toEqual([expect.objectContaining({ reportId: id, action: 'issue' })]);

    // TP Lạng Sơn does not see the draft or the signed report, only what was submitted.
    expect(
      (
        await t
          .http()
          .get(`/api/reports/${id}`)
          .set(await t.auth('tpls.officer'))
      ).status,
    ).toBe(404);
    const submitted = await fire(t, 'hoangdong.clerk', id, 'SUBMIT');
    expect(submitted.status).toBe(200);
    expect(submitted.body.state).toBe('submitted');
    const upperInbox = (
      await t
        .http()
        .get('/api/inbox')
        .set(await t.auth('tpls.officer'))
    ).body;
    expect(upperInbox).toEqual([
      expect.objectContaining({
        reportId: id,
        action: 'review',
        orgUnitName: 'Ủy ban nhân dân xã Hoàng Đồng',
      }),
    ]);
    expect(
      (
        await t
          .http()
          .get(`/api/reports/${id}`)
          .set(await t.auth('tpls.officer'))
      ).status,
    ).toBe(200);
    // Not the province: it is not the direct upper unit's inbox… but it may read it.
    expect(
      (
        await t
          .http()
          .get('/api/inbox')
          .set(await t.auth('sols.officer'))
      ).body,
    ).toEqual([]);
    // A sibling commune sees nothing.
    expect(
      (
        await t
          .http()
          .get(`/api/reports/${id}`)
          .set(await t.auth('maipha.officer'))
      ).status,
    ).toBe(404);

    // The upper unit returns it; without a reason it is refused.
    const noReason = await fire(t, 'tpls.officer', id, 'RETURN', '   ');
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors).toEqual([
      { field: 'comment', message: 'Trả lại báo cáo phải ghi rõ lý do.' },
    ]);
    const reason = 'Số liệu mục I.3 chưa khớp với báo cáo của Trạm y tế, đề nghị kiểm tra lại.';
    const returned = await fire(t, 'tpls.officer', id, 'RETURN', reason);
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ state: 'draft', step: 'editing', signatures: [] });

    const officerInbox = (
      await t
        .http()
        .get('/api/inbox')
        .set(await t.auth('hoangdong.officer'))
    ).body;
    expect(officerInbox).toEqual([
      expect.objectContaining({ reportId: id, action: 'revise', comment: reason }),
    ]);

    // Fix and go through the whole chain again.
    const cur = (
      await t
        .http()
        .get(`/api/reports/${id}`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    expect(
      (
        await t
          .http()
          .patch(`/api/reports/${id}`)
          .set(await t.auth('hoangdong.officer'))
          .send({ version: cur.version, data: { '01/TE': { 'I.3.a': { y2024: 420 } } } })
      ).status,
    ).toBe(200);
    expect((await fire(t, 'hoangdong.officer', id, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, 'hoangdong.head', id, 'SIGN')).status).toBe(200);
    expect((await fire(t, 'hoangdong.clerk', id, 'SUBMIT')).status).toBe(200);

    const history = (
      await t
        .http()
        .get(`/api/reports/${id}/history`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    expect(history.map((h: any) => [h.type, h.from, h.to, h.actor.fullName])).toEqual([
      ['REQUEST_SIGNATURE', 'editing', 'awaitingSignature', 'Nông Thị Hạnh'],
      ['SIGN', 'awaitingSignature', 'signed', 'Hoàng Quốc Thành'],
      ['SUBMIT', 'signed', 'submitted', 'Lương Thị Mai'],
      ['RETURN', 'submitted', 'editing', 'Đinh Thị Hương'],
      ['REQUEST_SIGNATURE', 'editing', 'awaitingSignature', 'Nông Thị Hạnh'],
      ['SIGN', 'awaitingSignature', 'signed', 'Hoàng Quốc Thành'],
      ['SUBMIT', 'signed', 'submitted', 'Lương Thị Mai'],
    ]);
    expect(history[3].comment).toBe(reason);

    const status = (
      await t
        .http()
        .get(`/api/periods/${await periodId(t)}/status`)
        .set(await t.auth('tpls.officer'))
    ).body;
    expect(status.map((s: any) => [s.code, s.state, s.reportId === id])).toEqual([
      ['HD', 'submitted', true],
      ['MP', 'missing', false],
      ['QL', 'missing', false],
    ]);
    // The demo period's deadlines are in 2024: a submission today is late.
    expect(status[0]).toMatchObject({
      deadline: '2024-05-05',
      onTime: false,
      submittedAt: expect.any(String),
    });
  });

  it('says why an event is refused: wrong role 403, wrong state 409, missing reason 422, blocking errors 422 with the list', async () => {
    const report = await draftReport(t, 'maipha.officer', 'Báo cáo Mai Pha', {
      '01/TE': { 'I.3': { y2024: 100 }, 'I.3.a': { y2024: 150 } },
    });
    const id = report.id;
    const wrongRole = await fire(t, 'maipha.head', id, 'REQUEST_SIGNATURE');
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.message).toMatch(/Chỉ chuyên viên/);
    const wrongState = await fire(t, 'maipha.clerk', id, 'SUBMIT');
    expect(wrongState.status).toBe(409);
    expect(wrongState.body).toMatchObject({
      code: 'TRANSITION_NOT_ALLOWED',
      message: 'Không thể phát hành khi báo cáo đang soạn thảo.',
    });
    expect((await fire(t, 'maipha.officer', id, 'REQUEST_SIGNATURE')).status).toBe(200);
    const blocked = await fire(t, 'maipha.head', id, 'SIGN');
    expect(blocked.status).toBe(422);
    expect(blocked.body.message).toMatch(/1 lỗi số liệu/);
    expect(blocked.body.errors).toEqual([
      { form: '01/TE', row: 'I.3.a', column: 'y2024', message: expect.stringMatching(/lớn hơn/) },
    ]);
    const noReason = await fire(t, 'maipha.head', id, 'RETURN');
    expect(noReason.status).toBe(422);
    const back = await fire(
      t,
      'maipha.head',
      id,
      'RETURN',
      'Sửa dòng 3: số trẻ được khám lớn hơn số được cấp thẻ.',
    );
    expect(back.status).toBe(200);
    // Someone else's unit: not visible → 404; the unknown event type → 422.
    expect((await fire(t, 'quanglac.head', id, 'SIGN', undefined, 'maipha.officer')).status).toBe(
      404,
    );
    const unknownType = await t
      .http()
      .post(`/api/reports/${id}/events`)
      .set(await t.auth('maipha.officer'))
      .send({ type: 'CONSOLIDATE', version: 1 });
    expect(unknownType.status).toBe(422);
  });

  it('freezes content after SIGN (PATCH → 409 with the reason) and the recorded hash matches a recomputation', async () => {
    const report = await draftReport(t, 'quanglac.officer', 'Báo cáo Quảng Lạc');
    await t
      .http()
      .patch(`/api/reports/${report.id}`)
      .set(await t.auth('quanglac.officer'))
      .send({
        version: report.version,
        recipients: [{ name: 'Phòng Lao động - Thương binh và Xã hội thành phố' }],
        narrative: 'I. ĐẶC ĐIỂM TÌNH HÌNH\n\nNội dung.',
      })
      .expect(200);
    expect((await fire(t, 'quanglac.officer', report.id, 'REQUEST_SIGNATURE')).status).toBe(200);
    const editWhileAwaiting = await t
      .http()
      .patch(`/api/reports/${report.id}`)
      .set(await t.auth('quanglac.officer'))
      .send({ version: report.version + 2, title: 'x' });
    expect(editWhileAwaiting.status).toBe(409);
    expect(editWhileAwaiting.body.message).toMatch(/chờ lãnh đạo ký/);
    const signed = (await fire(t, 'quanglac.head', report.id, 'SIGN')).body;
    const patch = await t
      .http()
      .patch(`/api/reports/${report.id}`)
      .set(await t.auth('quanglac.officer'))
      .send({ version: signed.version, title: 'Sửa sau khi ký' });
    expect(patch.status).toBe(409);
    expect(patch.body.message).toMatch(/đã được lãnh đạo ký/);
    const stored = await new Client({ connectionString: t.db.url });
    await stored.connect();
    const cells = await stored.query(
      `SELECT form_code, row_key, column_key, num, text, bool FROM report_cell WHERE report_id = $1`,
      [report.id],
    );
    // The database itself refuses to change the cells of a signed report.
    await expect(
      stored.query(`UPDATE report_cell SET num = 1 WHERE report_id = $1`, [report.id]),
    ).rejects.toThrow(/cannot change/);
    await stored.end();
    const data: Record<string, any> = {};
    for (const c of cells.rows)
      ((data[c.form_code] ??= {})[c.row_key] ??= {})[c.column_key] =
        c.num !== null ? Number(c.num) : (c.bool ?? c.text);
    const recomputed = contentSha256({
      title: signed.title,
      narrative: signed.narrative,
      recipients: signed.recipients,
      data,
    });
    expect(signed.signatures[0].sha256).toBe(recomputed);
    const history = (
      await t
        .http()
        .get(`/api/reports/${report.id}/history`)
        .set(await t.auth('quanglac.head'))
    ).body;
    expect(history.at(-1).details.sha256).toBe(recomputed);
    // A return to editing voids the signature.
    const back = await fire(t, 'quanglac.clerk', report.id, 'RETURN', 'Thiếu nơi nhận Sở LĐTBXH.');
    expect(back.body.signatures).toEqual([]);
  });

  it('lets exactly one of two simultaneous SIGNs with the same version through; one history row', async () => {
    const report = await draftReport(t, 'tpls.officer', 'Báo cáo của thành phố');
    expect((await fire(t, 'tpls.officer', report.id, 'REQUEST_SIGNATURE')).status).toBe(200);
    const version = (
      await t
        .http()
        .get(`/api/reports/${report.id}`)
        .set(await t.auth('tpls.head'))
    ).body.version;
    const send = async () =>
      t
        .http()
        .post(`/api/reports/${report.id}/events`)
        .set(await t.auth('tpls.head'))
        .send({ type: 'SIGN', version });
    const results = await Promise.all([send(), send(), send()]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const history = (
      await t
        .http()
        .get(`/api/reports/${report.id}/history`)
        .set(await t.auth('tpls.head'))
    ).body;
    expect(history.filter((h: any) => h.type === 'SIGN')).toHaveLength(1);
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    const sigs = await c.query(
      `SELECT count(*)::int AS n FROM report_signature WHERE report_id = $1`,
      [report.id],
    );
    await expect(
      c.query(`DELETE FROM report_history WHERE report_id = $1`, [report.id]),
    ).rejects.toThrow(/append-only/);
    await c.end();
    expect(sigs.rows[0].n).toBe(1);
  });
});
