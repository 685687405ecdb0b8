import * as fs from 'node:fs';
import { SettableClock } from '@app/common';
import { RemindersService } from '@app/reminders';
import { runJobsCli } from '../../apps/api/src/cli/jobs-cli';
import { tempDataDir } from '../support/processes';
import { startTestApp, TestApp } from '../support/test-app';
import { fire } from '../support/workflow';

/**
 * Deadline reminders and escalation, the application's clock moved by the test: a period of its own
 * whose commune deadline is 13/7/2024; Hoàng Đồng submits, Mai Pha and Quảng Lạc do not.
 */
describe('Deadline reminders and escalation (e2e, moved clock)', () => {
  const clock = new SettableClock('2024-07-10T02:00:00Z'); // 10/7 09:00 in Vietnam: 3 days left
  let t: TestApp;
  let period: { id: string; label: string };
  const code = `RM-${Date.now().toString(36)}`;
  const label = `Kỳ thử nhắc hạn ${code}`;

  /** The user's reminders and escalations about this test's period. */
  const told = async (user: string) => {
    const res = await t
      .http()
      .get('/api/notifications?limit=200')
      .set(await t.auth(user));
    expect(res.status).toBe(200);
    return (res.body as any[]).filter(
      (n) => ['reminder', 'escalation'].includes(n.kind) && n.title.includes(label),
    );
  };
  const pass = () => t.app.get(RemindersService).pass();

  beforeAll(async () => {
    t = await startTestApp({ REMINDERS_CRON: 'off', DIGEST_CRON: 'off' }, { clock });
    const res = await t
      .http()
      .post('/api/periods')
      .set(await t.auth('admin'))
      .send({
        code,
        label,
        year: 2024,
        cutoffFrom: '2024-01-01',
        cutoffTo: '2024-06-30',
        forms: ['01/TE'],
        deadlines: [{ level: 'commune', date: '2024-07-13' }],
      });
    expect(res.status).toBe(201);
    expect(res.body.reminderOffsets).toEqual([7, 3, 1]);
    period = res.body;
    // Hoàng Đồng submits its report of the period.
    const created = await t
      .http()
      .post('/api/reports')
      .set(await t.auth('hoangdong.officer'))
      .send({ periodId: period.id, type: 'BC', title: 'Báo cáo kỳ thử nhắc hạn' });
    expect(created.status).toBe(201);
    const patched = await t
      .http()
      .patch(`/api/reports/${created.body.id}`)
      .set(await t.auth('hoangdong.officer'))
      .send({
        version: created.body.version,
        data: { '01/TE': { POP: { y2024: 8000 }, 'I.1': { y2024: 2050 } } },
      });
    expect(patched.status).toBe(200);
    for (const [who, event] of [
      ['hoangdong.officer', 'REQUEST_SIGNATURE'],
      ['hoangdong.head', 'SIGN'],
      ['hoangdong.clerk', 'SUBMIT'],
    ])
      expect([event, (await fire(t, who, created.body.id, event)).status]).toEqual([event, 200]);
  });
  afterAll(() => t?.close());

  it('reminds the units that have not submitted, 3 days before, once; the submitted unit never', async () => {
    await pass();
    for (const u of ['maipha.officer', 'maipha.head', 'quanglac.officer', 'quanglac.head']) {
      const got = await told(u);
      expect([u, got.map((n) => [n.kind, n.title])]).toEqual([
        u,
        [['reminder', `Còn 3 ngày đến hạn gửi báo cáo kỳ “${label}”`]],
      ]);
      expect(got[0].body).toContain('13/07/2024');
      expect(got[0].link).toBe('/reports');
    }
    for (const u of ['hoangdong.officer', 'hoangdong.head', 'tpls.officer', 'tpls.head'])
      expect([u, await told(u)]).toEqual([u, []]);

    // The same pass again, and the next day (2 days left: the 3-day reminder was told): nothing new.
    await pass();
    clock.set('2024-07-11T02:00:00Z');
    await pass();
    for (const u of ['maipha.officer', 'quanglac.head'])
      expect([u, (await told(u)).length]).toEqual([u, 1]);
  });

  it('reminds again at 1 day left', async () => {
    clock.set('2024-07-12T01:00:00Z');
    await pass();
    expect((await told('maipha.officer')).map((n) => n.title)).toEqual([
      `Còn 1 ngày đến hạn gửi báo cáo kỳ “${label}”`,
      `Còn 3 ngày đến hạn gửi báo cáo kỳ “${label}”`,
    ]);
    expect(await told('hoangdong.officer')).toEqual([]);
  });

  it('nothing on the deadline day after the last offset; the day after, the upper unit hears of the late units, once', async () => {
    clock.set('2024-07-13T16:00:00Z'); // 23:00 on the 13th in Vietnam: still the deadline day
    await pass();
    expect(await told('tpls.officer')).toEqual([]);
    // 14/7 00:30 in Vietnam (still the 13th in UTC): the day after the deadline. By hand, as an
    // operator would: `npm run jobs -- reminders --now …`.
    const dataDir = tempDataDir('te-jobs-cli-');
    const out: string[] = [];
    const env = {
      DATABASE_URL: t.db.appUrl,
      MIGRATION_DATABASE_URL: t.db.ownerUrl,
      DATA_DIR: dataDir,
      NODE_ENV: 'test',
    };
    try {
      expect(
        await runJobsCli(['reminders', '--now', '2024-07-14T00:30:00+07:00'], env, (l) =>
          out.push(l),
        ),
      ).toBe(0);
      expect(out.join('\n')).toMatch(/báo \d+ đơn vị chậm nộp/);
      for (const u of ['tpls.officer', 'tpls.head']) {
        const got = await told(u);
        expect([u, got.map((n) => [n.kind, n.title])]).toEqual([
          u,
          [['escalation', `2 đơn vị chưa gửi báo cáo kỳ “${label}” đã quá hạn`]],
        ]);
        expect(got[0].body).toContain('Ủy ban nhân dân xã Mai Pha');
        expect(got[0].body).toContain('Ủy ban nhân dân xã Quảng Lạc');
        expect(got[0].body).not.toContain('Hoàng Đồng');
        expect(got[0].link).toBe(`/periods/${period.id}/dashboard`);
      }
      // Again, by hand and by the service, the next days: told once.
      expect(
        await runJobsCli(['reminders', '--now', '2024-07-15T08:00:00+07:00'], env, () => undefined),
      ).toBe(0);
      clock.set('2024-07-16T02:00:00Z');
      await pass();
      expect((await told('tpls.officer')).length).toBe(1);
      // The communes were not told of their own escalation.
      expect((await told('maipha.officer')).map((n) => n.kind)).toEqual(['reminder', 'reminder']);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('takes other offsets per period; refuses bad ones', async () => {
    const admin = await t.auth('admin');
    const ok = await t
      .http()
      .patch(`/api/periods/${period.id}`)
      .set(admin)
      .send({ reminderOffsets: [2, 10, 2] });
    expect(ok.status).toBe(200);
    expect(ok.body.reminderOffsets).toEqual([10, 2]);
    for (const bad of [[-1], [1.5], ['7']]) {
      const r = await t
        .http()
        .patch(`/api/periods/${period.id}`)
        .set(admin)
        .send({ reminderOffsets: bad });
      expect([bad, r.status]).toEqual([bad, 422]);
    }
  });
});
