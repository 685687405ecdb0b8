import * as fs from 'node:fs';
import { Client } from 'pg';
import request from 'supertest';
import { vietnamDate } from '@app/common';
import {
  freePort,
  pidOwningLocalPort,
  ServerProcess,
  spawnServer,
  tempDataDir,
  waitForHealth,
} from '../support/processes';
import { TEST_CREDENTIAL_SECRET, TEST_JWT_SECRET } from '../support/secrets';
import { startSmtp, TestSmtp } from '../support/smtp';
import { httpSession } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-db';

jest.setTimeout(300_000);

const addDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function until(what: string, cond: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Two server processes on one database, their job queue scheduling the reminder pass every minute
 * (real time: the period's deadline is three days from today). The SMTP server never answers the
 * first message; the process sending it is killed; the other sends it.
 */
describe('Jobs across server processes (e2e, two servers, real SMTP)', () => {
  let db: TestDatabase;
  let sql: Client;
  let smtp: TestSmtp;
  const servers: ServerProcess[] = [];
  const dirs: string[] = [];
  const address = 'tung@maipha.example.vn';

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    smtp = await startSmtp({ stall: (n) => n === 1 });
    await sql.query(`UPDATE app_user SET email = $1 WHERE username = 'maipha.officer'`, [address]);
  });
  afterAll(async () => {
    for (const s of servers) {
      if (s.child.exitCode === null && s.child.signalCode === null) {
        s.child.kill('SIGTERM');
        const killer = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
        await s.exited;
        clearTimeout(killer);
      }
    }
    await smtp?.close();
    await sql?.end();
    await db?.drop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  async function start(): Promise<ServerProcess> {
    const dir = tempDataDir('te-jobs-');
    dirs.push(dir);
    const s = spawnServer({
      PORT: String(await freePort()),
      DATA_DIR: dir,
      DATABASE_URL: db.appUrl,
      MIGRATION_DATABASE_URL: db.ownerUrl,
      JWT_SECRET: TEST_JWT_SECRET,
      CREDENTIAL_SECRET: TEST_CREDENTIAL_SECRET,
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'noreply@baocao.example.vn',
      PUBLIC_URL: 'https://baocao.example.vn',
      REMINDERS_CRON: '* * * * *',
      DIGEST_CRON: 'off',
    });
    servers.push(s);
    await waitForHealth(s.url);
    return s;
  }

  it('each scheduled reminder is told once; the e-mail of a killed sender is sent once, by the other', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const api = httpSession(() => request(a.url));
    const today = vietnamDate(new Date());
    const code = `JP-${Date.now().toString(36)}`;
    const res = await api
      .http()
      .post('/api/periods')
      .set(await api.auth('admin'))
      .send({
        code,
        label: `Kỳ thử hai máy chủ ${code}`,
        year: 2024,
        cutoffFrom: '2024-01-01',
        cutoffTo: '2024-06-30',
        forms: ['01/TE'],
        deadlines: [{ level: 'commune', date: addDays(today, 3) }],
      });
    expect(res.status).toBe(201);
    const periodId = res.body.id;

    // The schedule fires within a minute or so; one process runs the pass; the e-mail begins.
    await until('the first e-mail attempt', async () => smtp.attempts() >= 1, 150_000);
    const sender = pidOwningLocalPort([a.child.pid!, b.child.pid!], smtp.attemptPorts[0]);
    expect(sender).not.toBeNull();
    const [dying, survivor] = sender === a.child.pid ? [a, b] : [b, a];
    dying.child.kill('SIGKILL');
    await dying.exited;

    // The other process takes the dead send up again (within two minutes) and it goes through.
    await until('the e-mail', async () => smtp.messages.length >= 1, 120_000);
    expect(survivor.child.exitCode).toBeNull();
    await until(
      'the delivery marked sent',
      async () =>
        (await sql.query(`SELECT 1 FROM email_delivery WHERE state = 'sent'`)).rowCount === 1,
      20_000,
    );
    // Let another tick of the schedule pass: nothing more is told or sent.
    await new Promise((r) => setTimeout(r, 65_000));
    expect(smtp.messages.map((m) => [m.to, m.subject])).toEqual([
      [[address], `Còn 3 ngày đến hạn gửi báo cáo kỳ “Kỳ thử hai máy chủ ${code}”`],
    ]);
    expect(smtp.attempts()).toBe(2);
    const deliveries = await sql.query(
      `SELECT d.state, d.attempts, d.sent_to FROM email_delivery d
         JOIN notification n ON n.email_delivery_id = d.id WHERE n.kind = 'reminder'`,
    );
    expect(deliveries.rows).toEqual([{ state: 'sent', attempts: 2, sent_to: address }]);
    // Once per unit and offset, whatever the number of passes and processes.
    const reminders = await sql.query(
      `SELECT u.code, r.days_before FROM deadline_reminder r JOIN org_unit u ON u.id = r.org_unit_id
        WHERE r.period_id = $1 ORDER BY u.code`,
      [periodId],
    );
    expect(reminders.rows.map((r) => r.days_before)).toEqual(reminders.rows.map(() => 3));
    expect(reminders.rows.map((r) => r.code)).toEqual(expect.arrayContaining(['HD', 'MP', 'QL']));
    const notes = await sql.query(
      `SELECT u.username, count(*)::int AS n FROM notification n JOIN app_user u ON u.id = n.user_id
        WHERE n.kind = 'reminder' AND n.title LIKE $1 GROUP BY u.username ORDER BY u.username`,
      [`%${code}%`],
    );
    for (const u of ['hoangdong.officer', 'maipha.officer', 'maipha.head', 'quanglac.officer'])
      expect(notes.rows).toContainEqual({ username: u, n: 1 });
    expect(notes.rows.every((r) => r.n === 1)).toBe(true);
  });
});
