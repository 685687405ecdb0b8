import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { vietnamDate } from '@app/common';
import { demoCurrentPeriod } from '@app/demo';
import { MIGRATIONS } from '../../migrations';
import { createTestDatabase, TestDatabase } from '../support/test-db';
import {
  freePort,
  portIsOpen,
  spawnServer,
  tempDataDir,
  waitForHealth,
} from '../support/processes';

const SECRET = { JWT_SECRET: 'startup-test-secret-0123456789abcdefghij' };

describe('Server start (e2e, separate processes)', () => {
  it('two processes started together on one fresh database both come up; migrations and demo data applied once', async () => {
    const db: TestDatabase = await createTestDatabase({ empty: true });
    const [p1, p2] = [await freePort(), await freePort()];
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-two-'));
    const a = spawnServer({ DATABASE_URL: db.url, PORT: String(p1), DATA_DIR: dataDir, ...SECRET });
    const b = spawnServer({ DATABASE_URL: db.url, PORT: String(p2), DATA_DIR: dataDir, ...SECRET });
    try {
      // A fresh database: the demo is loaded and its 2024 history played (four documents issued).
      await Promise.all([waitForHealth(a.url, 150000), waitForHealth(b.url, 150000)]);
      const c = new Client({ connectionString: db.url });
      await c.connect();
      const migrations = await c.query('SELECT name FROM schema_migrations');
      const units = await c.query('SELECT count(*)::int AS n FROM org_unit');
      const users = await c.query('SELECT count(*)::int AS n FROM app_user');
      const periods = await c.query(
        `SELECT code, is_open AS open, deadlines FROM reporting_period ORDER BY cutoff_to`,
      );
      const issued = await c.query(
        `SELECT d.number_text, d.issue_date::text AS issue_date, o.code FROM issued_document d JOIN org_unit o ON o.id = d.org_unit_id ORDER BY d.issued_at`,
      );
      const drafts = await c.query(`SELECT count(*)::int AS n FROM report WHERE state = 'draft'`);
      await c.end();
      expect(migrations.rowCount).toBe(MIGRATIONS.length);
      // Two eras: five legacy units, Sở Y tế and two wards; three people each, and the admin.
      expect(units.rows[0].n).toBe(8);
      expect(users.rows[0].n).toBe(25);
      // The legacy period closed with its history; the current one open, every deadline still ahead.
      const today = vietnamDate();
      expect(periods.rows.map((p) => [p.code, p.open])).toEqual([
        ['2024-H1', false],
        [demoCurrentPeriod(today).code, true],
      ]);
      for (const d of periods.rows[1].deadlines) expect(d.date > today).toBe(true);
      expect(issued.rows.map((r) => [r.code, r.number_text, r.issue_date])).toEqual([
        ['HD', '01/BC-UBND', '2024-04-27'],
        ['MP', '01/BC-UBND', '2024-05-03'],
        ['QL', '01/BC-UBND', '2024-05-08'],
        ['TPLS', '01/BC-UBND', '2024-05-22'],
      ]);
      // Nothing of the demo waits for anyone: no draft, so nothing overdue on the day it starts.
      expect(drafts.rows[0].n).toBe(0);
      // Demo signing certificates registered once (each head and unit: its .p12 file's; the current
      // units' heads and organisations: their token's too), and no key in the database.
      const creds = await new Client({ connectionString: db.url });
      await creds.connect();
      const n = (
        await creds.query(
          `SELECT owner_kind, count(*)::int AS n FROM registered_certificate GROUP BY owner_kind ORDER BY owner_kind`,
        )
      ).rows;
      const keys = (await creds.query(`SELECT count(*)::int AS n FROM signing_credential`)).rows;
      await creds.end();
      expect(n).toEqual([
        { owner_kind: 'orgUnit', n: 16 },
        { owner_kind: 'user', n: 11 },
      ]);
      expect(keys).toEqual([{ n: 0 }]);
      for (const url of [a.url, b.url]) {
        const res = await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'tpls.officer', password: 'demo' }),
        });
        expect(res.status).toBe(200);
      }
    } finally {
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
      expect(await a.exited).toBe(0);
      expect(await b.exited).toBe(0);
      await db.drop();
    }
  }, 180000);

  it('npm start without DATABASE_URL runs the embedded PostgreSQL, keeps its data in DATA_DIR and stops it on SIGTERM', async () => {
    const dataDir = tempDataDir('te-start-');
    const [port, pgPort] = [await freePort(), await freePort()];
    const srv = spawnServer(
      { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort) },
      { viaStartScript: true },
    );
    try {
      await waitForHealth(srv.url, 200000);
      expect(await portIsOpen(pgPort)).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
      // The generated JWT secret is kept for the next start.
      expect(
        fs.readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8').trim().length,
      ).toBeGreaterThanOrEqual(32);
      const res = await fetch(`${srv.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'demo' }),
      });
      expect(res.status).toBe(200);
    } finally {
      srv.child.kill('SIGTERM');
      const code = await srv.exited;
      if (code !== 0) console.error(srv.output());
      expect(code).toBe(0);
    }
    expect(await portIsOpen(pgPort)).toBe(false);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 240000);

  it('writes JSON log lines that carry the request id of the request they belong to', async () => {
    const db: TestDatabase = await createTestDatabase();
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-logs-'));
    const srv = spawnServer({
      DATABASE_URL: db.url,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'log',
      ...SECRET,
    });
    try {
      await waitForHealth(srv.url, 150000);
      const login = await fetch(`${srv.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'login-req-0001' },
        body: JSON.stringify({ username: 'luongvantri.officer', password: 'demo' }),
      });
      const { accessToken, user } = await login.json();
      const res = await fetch(`${srv.url}/api/reports?state=draft`, {
        headers: { authorization: `Bearer ${accessToken}`, 'x-request-id': 'list-req-0002' },
      });
      expect(res.headers.get('x-request-id')).toBe('list-req-0002');
      // A service's own line written while a request is served carries that request's id too.
      const auth = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
      const periods = await (await fetch(`${srv.url}/api/periods`, { headers: auth })).json();
      const report = await (
        await fetch(`${srv.url}/api/reports`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({
            periodId: periods.find((p: { open: boolean }) => p.open).id,
            type: 'BC',
            title: 'Nhật ký',
          }),
        })
      ).json();
      const event = await fetch(`${srv.url}/api/reports/${report.id}/events`, {
        method: 'POST',
        headers: { ...auth, 'x-request-id': 'event-req-0003' },
        body: JSON.stringify({ type: 'REQUEST_SIGNATURE', version: report.version }),
      });
      expect(event.status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      const lines = srv
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l));
      const line = lines.find((l) => l.requestId === 'list-req-0002');
      expect(line).toMatchObject({
        level: 'info',
        msg: 'request',
        req: { method: 'GET', path: '/api/reports' },
        res: { status: 200 },
        userId: user.id,
      });
      // Neither the query string nor a header is logged.
      expect(JSON.stringify(lines)).not.toMatch(/state=draft|Bearer|authorization/i);
      expect(lines.find((l) => l.requestId === 'login-req-0001')).toMatchObject({
        req: { path: '/api/auth/login' },
      });
    } finally {
      srv.child.kill('SIGTERM');
      expect(await srv.exited).toBe(0);
      fs.rmSync(dataDir, { recursive: true, force: true });
      await db.drop();
    }
  }, 180000);

  it('prints one human line with the address (and, in demo mode, the demo users) instead of the framework chatter; LOG_LEVEL=debug still shows it', async () => {
    const db: TestDatabase = await createTestDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-line-'));
    const start = async (env: Record<string, string>) => {
      const port = await freePort();
      const srv = spawnServer({
        DATABASE_URL: db.url,
        PORT: String(port),
        DATA_DIR: dataDir,
        ...SECRET,
        ...env,
      });
      try {
        await waitForHealth(srv.url, 150000);
        await new Promise((r) => setTimeout(r, 300));
      } finally {
        srv.child.kill('SIGTERM');
        expect(await srv.exited).toBe(0);
      }
      const lines = srv.output().trim().split('\n');
      return {
        url: srv.url,
        human: lines.filter((l) => !l.startsWith('{')),
        json: lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)),
      };
    };
    try {
      // The default level (log), demo mode: one line for people; the JSON lines are written while
      // requests are served (the health probes: one per request, Chromium started by the first) and
      // at the stop — never a module, a route, a migration or the address.
      const demo = await start({ LOG_LEVEL: 'log' });
      expect(demo.human).toEqual([
        `Máy chủ đang chạy tại ${demo.url}; người dùng mẫu: admin, hoangdong.officer, hoangdong.head, hoangdong.clerk, tpls.officer, luongvantri.officer và 19 tài khoản khác, mật khẩu demo`,
      ]);
      expect(demo.json.filter((l) => l.msg === 'request').length).toBeGreaterThan(0);
      expect(demo.json.filter((l) => !l.requestId && l.msg !== 'SIGTERM: shutting down')).toEqual(
        [],
      );

      // Without demo data asked for: the address alone. At LOG_LEVEL=debug the start's details are there.
      const plain = await start({ LOG_LEVEL: 'debug', SEED_DEMO: 'false' });
      expect(plain.human).toEqual([`Máy chủ đang chạy tại ${plain.url}`]);
      expect(plain.json).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ level: 'debug', context: 'RouterExplorer' }),
          expect.objectContaining({ level: 'debug', msg: `listening on ${plain.url}` }),
        ]),
      );
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await db.drop();
    }
  }, 240000);

  it('refuses to start in production without a JWT secret, listing every bad variable', async () => {
    const srv = spawnServer({ NODE_ENV: 'production', PORT: 'x', DATABASE_URL: 'mysql://nope' });
    expect(await srv.exited).toBe(1);
    const out = srv.output();
    expect(out).toMatch(/JWT_SECRET is required/);
    expect(out).toMatch(/PORT must be an integer/);
    expect(out).toMatch(/DATABASE_URL must start with postgres/);
  });
});
