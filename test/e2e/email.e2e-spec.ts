import * as fs from 'node:fs';
import { Client } from 'pg';
import request from 'supertest';
import { runJobsCli } from '../../apps/api/src/cli/jobs-cli';
import { tempDataDir } from '../support/processes';
import { startSmtp, TestSmtp } from '../support/smtp';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire } from '../support/workflow';

const PUBLIC_URL = 'https://baocao.example.vn';

async function until(cond: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** E-mail of notifications through a real SMTP server on loopback, read back with a MIME parser. */
describe('E-mail of notifications (e2e, real SMTP)', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let sql: Client;
  const mailEnv = () => ({
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Báo cáo trẻ em <noreply@baocao.example.vn>',
    PUBLIC_URL,
    // The passes run by hand in these tests.
    REMINDERS_CRON: 'off',
    DIGEST_CRON: 'off',
  });

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp(mailEnv());
    sql = new Client({ connectionString: t.db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
    await smtp?.close();
  });

  const prefs = async (user: string, body: Record<string, unknown>) =>
    t
      .http()
      .patch('/api/me/preferences')
      .set(await t.auth(user))
      .send(body);

  it('keeps each person’s own address and choice; checks them', async () => {
    const res = await prefs('hoangdong.officer', {
      email: 'hanh@hoangdong.example.vn',
      notify: 'immediate',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ email: 'hanh@hoangdong.example.vn', notify: 'immediate' });
    const me = await t
      .http()
      .get('/api/me/preferences')
      .set(await t.auth('hoangdong.officer'));
    expect(me.body).toEqual(res.body);
    for (const bad of [{ notify: 'hourly' }, { email: 'not-an-address' }, { userId: 'x' }]) {
      const r = await prefs('hoangdong.officer', bad);
      expect([bad, r.status, r.body.code]).toEqual([bad, 422, 'VALIDATION_FAILED']);
    }
    expect((await t.http().patch('/api/me/preferences').send({ notify: 'off' })).status).toBe(401);
  });

  it('a return sends the officer one e-mail with the reason and an absolute link; HTML escaped', async () => {
    const report = await draftReport(t, 'hoangdong.officer', 'Báo cáo <thử> & e-mail');
    expect((await fire(t, 'hoangdong.officer', report.id, 'REQUEST_SIGNATURE')).status).toBe(200);
    const reason = 'Thiếu số liệu mục II <script>alert(1)</script> & cần bổ sung';
    expect((await fire(t, 'hoangdong.head', report.id, 'RETURN', reason)).status).toBe(200);
    await smtp.waitFor((m) => m.some((x) => x.to.includes('hanh@hoangdong.example.vn')));
    const mails = smtp.messages.filter((m) => m.to.includes('hanh@hoangdong.example.vn'));
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.subject).toBe('Báo cáo “Báo cáo <thử> & e-mail” bị trả lại');
    const link = `${PUBLIC_URL}/reports/${report.id}`;
    expect(mail.text).toContain(`Báo cáo bị trả lại: ${reason}`);
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; cần bổ sung');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Báo cáo “Báo cáo &lt;thử&gt; &amp; e-mail” bị trả lại');
    // No figure of the report travels by e-mail.
    expect(mail.text).not.toContain('8000');
    // Recorded once, as sent, to that address; the notification points at it.
    const delivery = async () =>
      (
        await sql.query(
          `SELECT d.state, d.attempts, d.sent_to FROM email_delivery d
             JOIN notification n ON n.email_delivery_id = d.id
            WHERE n.report_id = $1 AND n.kind = 'returned'`,
          [report.id],
        )
      ).rows;
    await until(async () => (await delivery())[0]?.state === 'sent');
    expect(await delivery()).toEqual([
      { state: 'sent', attempts: 1, sent_to: 'hanh@hoangdong.example.vn' },
    ]);
    // Nobody without an address (the head, the clerk) got anything.
    expect(smtp.messages.every((m) => m.to.every((a) => a === 'hanh@hoangdong.example.vn'))).toBe(
      true,
    );
  });

  it('a digest user receives one message for three events; a second pass sends nothing', async () => {
    expect(
      (await prefs('maipha.officer', { email: 'tung@maipha.example.vn', notify: 'digest' })).status,
    ).toBe(200);
    const report = await draftReport(t, 'maipha.officer', 'Báo cáo tổng hợp ngày');
    // Three events for the officer: a return, a signature, the issue.
    expect((await fire(t, 'maipha.officer', report.id, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, 'maipha.head', report.id, 'RETURN', 'Sửa mục I')).status).toBe(200);
    expect((await fire(t, 'maipha.officer', report.id, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, 'maipha.head', report.id, 'SIGN')).status).toBe(200);
    expect((await fire(t, 'maipha.clerk', report.id, 'SUBMIT')).status).toBe(200);
    // Nothing was sent at once.
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.messages.filter((m) => m.to.includes('tung@maipha.example.vn'))).toEqual([]);

    // `npm run jobs -- digest`, on the same database; the server's workers send.
    const dataDir = tempDataDir('te-jobs-cli-');
    const env = {
      ...mailEnv(),
      DATABASE_URL: t.db.appUrl,
      MIGRATION_DATABASE_URL: t.db.ownerUrl,
      DATA_DIR: dataDir,
      NODE_ENV: 'test',
    };
    const out: string[] = [];
    try {
      expect(await runJobsCli(['digest'], env, (l) => out.push(l))).toBe(0);
      expect(out.join('\n')).toContain('Đã lập 1 thư tổng hợp');
      await smtp.waitFor((m) => m.some((x) => x.to.includes('tung@maipha.example.vn')));
      const mails = smtp.messages.filter((m) => m.to.includes('tung@maipha.example.vn'));
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toBe('Tổng hợp thông báo: 3 thông báo mới');
      for (const what of ['bị trả lại', 'đã được ký', 'đã được phát hành'])
        expect(mails[0].text).toContain(`Báo cáo “Báo cáo tổng hợp ngày” ${what}`);
      expect(mails[0].text).toContain(`${PUBLIC_URL}/reports/${report.id}`);

      // The same day again: nothing new to put in a digest.
      out.length = 0;
      expect(await runJobsCli(['digest'], env, (l) => out.push(l))).toBe(0);
      expect(out.join('\n')).toContain('Đã lập 0 thư tổng hợp');
      await new Promise((r) => setTimeout(r, 1500));
      expect(smtp.messages.filter((m) => m.to.includes('tung@maipha.example.vn'))).toHaveLength(1);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('the preferences page shows and saves the person’s own settings, escaping what they typed', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const home = await agent.get('/');
    const loginToken = /name="_csrf" value="([^"]+)"/.exec(home.text)![1];
    expect(
      (
        await agent
          .post('/login')
          .type('form')
          .send({ username: 'quanglac.officer', password: 'demo', _csrf: loginToken })
      ).status,
    ).toBe(303);
    const page = await agent.get('/account/notifications');
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/account/notifications"');
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page.text)![1];
    const bad = await agent
      .post('/account/notifications')
      .type('form')
      .send({ _csrf: csrf, email: '"><script>x</script>', notify: 'digest' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Địa chỉ email không hợp lệ.');
    expect(bad.text).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    const saved = await agent
      .post('/account/notifications')
      .type('form')
      .send({ _csrf: csrf, email: 'lan@quanglac.example.vn', notify: 'off' });
    expect([saved.status, saved.headers.location]).toEqual([
      303,
      '/account/notifications?ok=preferences',
    ]);
    const me = await t
      .http()
      .get('/api/me/preferences')
      .set(await t.auth('quanglac.officer'));
    expect(me.body).toEqual({ email: 'lan@quanglac.example.vn', notify: 'off' });
    const again = await agent.get('/account/notifications?ok=preferences');
    expect(again.text).toContain('Đã lưu cách nhận thông báo.');
    expect(again.text).toMatch(/value="off" checked/);
  });

  it('lists failed jobs to administrators only', async () => {
    const res = await t
      .http()
      .get('/api/admin/jobs?state=failed')
      .set(await t.auth('admin'));
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    const completed = async () =>
      (
        await t
          .http()
          .get('/api/admin/jobs?state=completed')
          .set(await t.auth('admin'))
      ).body.map((j: any) => j.queue);
    await until(async () => (await completed()).includes('email'));
    for (const u of ['hoangdong.officer', 'tpls.head'])
      expect(
        (
          await t
            .http()
            .get('/api/admin/jobs')
            .set(await t.auth(u))
        ).status,
      ).toBe(403);
    expect(
      (
        await t
          .http()
          .get('/api/admin/jobs?state=bogus')
          .set(await t.auth('admin'))
      ).status,
    ).toBe(422);
  });

  it('shows the queue’s jobs to administrators on a web page, by state', async () => {
    const signedIn = async (username: string) => {
      const agent = request.agent(t.app.getHttpServer());
      const home = await agent.get('/');
      const token = /name="_csrf" value="([^"]+)"/.exec(home.text)![1];
      const login = await agent
        .post('/login')
        .type('form')
        .send({ username, password: 'demo', _csrf: token });
      expect(login.status).toBe(303);
      return agent;
    };
    const admin = await signedIn('admin');
    expect((await admin.get('/admin')).text).toContain('href="/admin/jobs"');
    // The e-mails of the tests above were sent: completed jobs of the e-mail queue, listed.
    const completed = await admin.get('/admin/jobs?state=completed');
    expect(completed.status).toBe(200);
    expect(completed.text).toContain('<table class="data" id="jobs-table">');
    expect(completed.text).toContain('Gửi thư điện tử');
    expect(completed.text).toMatch(/<option value="completed" selected>/);
    // By default the failed ones: none here, and the page says so in words.
    const failed = await admin.get('/admin/jobs');
    expect(failed.status).toBe(200);
    expect(failed.text).toContain(
      'Không có công việc nào ở trạng thái «Thất bại (đã hết lượt thử lại)»',
    );
    // An unknown state is the default view, not an error page; no one else sees the page.
    expect((await admin.get('/admin/jobs?state=%3Cscript%3E')).status).toBe(200);
    const officer = await signedIn('hoangdong.officer');
    expect((await officer.get('/admin/jobs')).status).toBe(403);
  });
});
