import { Client } from 'pg';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire } from '../support/workflow';

/** In-app notifications over HTTP: who hears of each workflow step, and reading them. */
describe('Notifications (e2e)', () => {
  let t: TestApp;
  let id: string;
  let title: string;
  const reason = 'Thiếu số liệu mục II, đề nghị bổ sung.';

  /** The user's notifications (newest first). */
  const notes = async (user: string, query = '') => {
    const res = await t
      .http()
      .get(`/api/notifications${query}`)
      .set(await t.auth(user));
    expect(res.status).toBe(200);
    return res.body as any[];
  };
  const count = async (user: string) =>
    (
      await t
        .http()
        .get('/api/notifications/unread-count')
        .set(await t.auth(user))
    ).body.count as number;
  /** What each of these users got since the last call, as kinds. */
  const seen = new Map<string, number>();
  const fresh = async (user: string) => {
    const all = await notes(user, '?limit=200');
    const before = seen.get(user) ?? 0;
    seen.set(user, all.length);
    return all.slice(0, all.length - before);
  };
  const OTHERS = ['maipha.officer', 'maipha.head', 'maipha.clerk', 'sols.head', 'tpls.clerk'];

  beforeAll(async () => {
    t = await startTestApp();
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    // A clean slate: the demo's history told its people about 2024's reports (read since).
    await c.query(`DELETE FROM notification`);
    const {
      rows: [ls],
    } = await c.query(`SELECT id FROM org_unit WHERE code = 'LS'`);
    await c.end();
    const report = await draftReport(t, 'hoangdong.officer');
    id = report.id;
    title = report.title;
    // Addressed to the Sở as well: a recipient other than the upper unit.
    const patch = await t
      .http()
      .patch(`/api/reports/${id}`)
      .set(await t.auth('hoangdong.officer'))
      .send({ version: report.version, recipients: [{ orgUnitId: ls.id }] });
    expect(patch.status).toBe(200);
  });
  afterAll(() => t.close());

  it('tells the heads of the unit that a report waits for their signature, nobody else', async () => {
    expect((await fire(t, 'hoangdong.officer', id, 'REQUEST_SIGNATURE')).status).toBe(200);
    const [n, ...rest] = await fresh('hoangdong.head');
    expect(rest).toEqual([]);
    expect(n).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kind: 'signatureRequested',
      title: `Báo cáo “${title}” đang chờ ký`,
      body: 'Nông Thị Hạnh đã trình ký báo cáo của Ủy ban nhân dân xã Hoàng Đồng.',
      link: `/reports/${id}`,
      reportId: id,
      createdAt: expect.any(String),
      readAt: null,
    });
    // The actor, the clerk, the upper unit and another commune hear nothing.
    for (const u of ['hoangdong.officer', 'hoangdong.clerk', 'tpls.officer', ...OTHERS])
      expect([u, await fresh(u)]).toEqual([u, []]);
  });

  it('tells the drafter of a return, with the reason in the body', async () => {
    expect((await fire(t, 'hoangdong.head', id, 'RETURN', reason)).status).toBe(200);
    const got = await fresh('hoangdong.officer');
    expect(got).toEqual([
      expect.objectContaining({
        kind: 'returned',
        title: `Báo cáo “${title}” bị trả lại`,
        link: `/reports/${id}`,
      }),
    ]);
    expect(got[0].body).toContain(`Báo cáo bị trả lại: ${reason}`);
    expect(got[0].body).toContain('Hoàng Quốc Thành');
    for (const u of ['hoangdong.head', 'hoangdong.clerk', ...OTHERS])
      expect([u, await fresh(u)]).toEqual([u, []]);
  });

  it('tells the clerks and the drafter that the head signed, not the head', async () => {
    expect((await fire(t, 'hoangdong.officer', id, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fresh('hoangdong.head')).map((n) => n.kind)).toEqual(['signatureRequested']);
    expect((await fire(t, 'hoangdong.head', id, 'SIGN')).status).toBe(200);
    for (const u of ['hoangdong.clerk', 'hoangdong.officer']) {
      expect([u, await fresh(u)]).toEqual([
        u,
        [
          expect.objectContaining({
            kind: 'signed',
            title: `Báo cáo “${title}” đã được ký`,
            reportId: id,
          }),
        ],
      ]);
    }
    for (const u of ['hoangdong.head', 'tpls.officer', ...OTHERS])
      expect([u, await fresh(u)]).toEqual([u, []]);
  });

  it('on issue tells the drafter the number, and the officers of the upper unit and of each recipient unit', async () => {
    const submitted = await fire(t, 'hoangdong.clerk', id, 'SUBMIT');
    expect(submitted.status).toBe(200);
    const number = submitted.body.number as string;
    expect(await fresh('hoangdong.officer')).toEqual([
      expect.objectContaining({
        kind: 'issued',
        title: `Báo cáo “${title}” đã được phát hành`,
        body: expect.stringContaining(`số ${number}`),
      }),
    ]);
    for (const u of ['tpls.officer', 'sols.officer']) {
      expect([u, await fresh(u)]).toEqual([
        u,
        [
          expect.objectContaining({
            kind: 'received',
            title: `Văn bản đến: báo cáo “${title}” của Ủy ban nhân dân xã Hoàng Đồng`,
            body: expect.stringContaining(number),
            link: `/reports/${id}`,
          }),
        ],
      ]);
    }
    // The link opens for them.
    expect(
      (
        await t
          .http()
          .get(`/api/reports/${id}`)
          .set(await t.auth('sols.officer'))
      ).status,
    ).toBe(200);
    for (const u of ['hoangdong.clerk', 'hoangdong.head', 'tpls.head', ...OTHERS])
      expect([u, await fresh(u)]).toEqual([u, []]);
  });

  it('tells the drafter of a return by the upper unit, not the one who returned it', async () => {
    const why = 'Số liệu mục I.3 chưa khớp.';
    expect((await fire(t, 'tpls.officer', id, 'RETURN', why)).status).toBe(200);
    const got = await fresh('hoangdong.officer');
    expect(got.map((n) => n.kind)).toEqual(['returned']);
    expect(got[0].body).toContain(`Báo cáo bị trả lại: ${why}`);
    expect(got[0].body).toContain('Ủy ban nhân dân thành phố Lạng Sơn');
    for (const u of ['tpls.officer', 'hoangdong.head', 'hoangdong.clerk', ...OTHERS])
      expect([u, await fresh(u)]).toEqual([u, []]);
  });

  it('marks one read, refuses someone else’s with 404, marks all read; pages and filters the list', async () => {
    const auth = await t.auth('hoangdong.officer');
    const all = await notes('hoangdong.officer');
    expect(all.map((n) => n.kind)).toEqual(['returned', 'issued', 'signed', 'returned']);
    // Newest first.
    const times = all.map((n) => Date.parse(n.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(await count('hoangdong.officer')).toBe(4);

    const read = await t.http().post(`/api/notifications/${all[1].id}/read`).set(auth);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: all[1].id, readAt: expect.any(String) });
    expect(await count('hoangdong.officer')).toBe(3);
    // Again: still read, the same time.
    const again = await t.http().post(`/api/notifications/${all[1].id}/read`).set(auth);
    expect(again.body.readAt).toBe(read.body.readAt);
    expect((await notes('hoangdong.officer', '?unread=true')).map((n) => n.id)).toEqual(
      [all[0], all[2], all[3]].map((n) => n.id),
    );
    expect((await notes('hoangdong.officer', '?limit=2')).map((n) => n.id)).toEqual(
      all.slice(0, 2).map((n) => n.id),
    );
    expect((await notes('hoangdong.officer', '?limit=2&offset=2')).map((n) => n.id)).toEqual(
      all.slice(2).map((n) => n.id),
    );

    // Someone else's notification: not found, and it stays unread.
    const headsNote = (await notes('hoangdong.head'))[0];
    const foreign = await t.http().post(`/api/notifications/${headsNote.id}/read`).set(auth);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('NOTIFICATION_NOT_FOUND');
    expect((await notes('hoangdong.head'))[0].readAt).toBeNull();
    expect((await t.http().post('/api/notifications/not-a-uuid/read').set(auth)).body.code).toBe(
      'NOTIFICATION_NOT_FOUND',
    );

    const readAll = await t.http().post('/api/notifications/read-all').set(auth);
    expect(readAll.status).toBe(200);
    expect(readAll.body).toEqual({ marked: 3 });
    expect(await count('hoangdong.officer')).toBe(0);
    expect(await notes('hoangdong.officer', '?unread=true')).toEqual([]);
    // Only the caller's: the head's are still unread.
    expect(await count('hoangdong.head')).toBe(2);
  });

  it('writes nothing for a refused step, and never tells the actor even when they hold the role told', async () => {
    const report = await draftReport(t, 'maipha.officer', 'Báo cáo Mai Pha');
    const stale = await t
      .http()
      .post(`/api/reports/${report.id}/events`)
      .set(await t.auth('maipha.officer'))
      .send({ type: 'REQUEST_SIGNATURE', version: report.version - 1 });
    expect(stale.status).toBe(409);
    expect(await fresh('maipha.head')).toEqual([]);
    // The officer is also a head of the unit: the other head is told, the actor is not.
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    await c.query(
      `UPDATE app_user SET roles = ARRAY['officer', 'head'] WHERE username = 'maipha.officer'`,
    );
    await c.end();
    await new Promise((r) => setTimeout(r, 300)); // the processes forget the cached user on the notification
    const me = await t
      .http()
      .get('/api/auth/me')
      .set(await t.auth('maipha.officer'));
    expect(me.body.roles).toEqual(['officer', 'head']);
    expect((await fire(t, 'maipha.officer', report.id, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect(await fresh('maipha.officer')).toEqual([]);
    expect((await fresh('maipha.head')).map((n) => n.kind)).toEqual(['signatureRequested']);
  });

  it('checks the query: limit 1–200', async () => {
    const auth = await t.auth('hoangdong.officer');
    for (const q of ['?limit=0', '?limit=201', '?unread=yes', '?other=1']) {
      const res = await t.http().get(`/api/notifications${q}`).set(auth);
      expect([q, res.status]).toEqual([q, 422]);
    }
    expect((await t.http().get('/api/notifications?limit=200').set(auth)).status).toBe(200);
    expect((await t.http().get('/api/notifications')).status).toBe(401);
  });
});
