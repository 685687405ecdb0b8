import { vietnamYear } from '@app/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { TEST_CREDENTIAL_SECRET } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-db';
import { freePort, spawnServer, ServerProcess, waitForHealth } from '../support/processes';

const N = 50;

async function call(base: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(base + path, {
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

describe('Gap-free numbering under concurrency (e2e, two server processes)', () => {
  let db: TestDatabase;
  let servers: ServerProcess[];

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = {
      DATABASE_URL: db.url,
      JWT_SECRET: 'numbering-test-secret-0123456789abcdef',
      CREDENTIAL_SECRET: TEST_CREDENTIAL_SECRET,
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'te-num-data-')),
      LOGIN_THROTTLE_LIMIT: '1000',
      DB_POOL_SIZE: '12',
      RENDER_POOL_SIZE: '2',
    };
    servers = [
      spawnServer({ ...env, PORT: String(await freePort()) }),
      spawnServer({ ...env, PORT: String(await freePort()) }),
    ];
    await Promise.all(servers.map((s) => waitForHealth(s.url)));
  }, 120000);

  afterAll(async () => {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await db.drop();
  });

  it(`issues numbers 01 to ${N} for ${N} simultaneous SUBMITs spread over both processes: no duplicate, no gap`, async () => {
    const [a, b] = servers.map((s) => s.url);
    const login = async (u: string) =>
      (await call(a, 'POST', '/api/auth/login', undefined, { username: u, password: 'demo' })).body
        .accessToken as string;
    const [admin, officer, head, clerk] = await Promise.all(
      ['admin', 'hoangdong.officer', 'hoangdong.head', 'hoangdong.clerk'].map(login),
    );
    // One report per unit and period: N periods give the unit N reports to issue.
    const ready: { id: string; version: number }[] = [];
    for (let i = 0; i < N; i++) {
      const period = await call(a, 'POST', '/api/periods', admin, {
        code: `T-${i}`,
        label: `Kỳ thử ${i}`,
        year: 2024,
        cutoffFrom: '2023-12-15',
        cutoffTo: '2024-06-14',
        forms: ['01/TE'],
        deadlines: [],
      });
      expect(period.status).toBe(201);
      const report = await call(i % 2 ? b : a, 'POST', '/api/reports', officer, {
        periodId: period.body.id,
        type: 'BC',
        title: `Báo cáo số ${i}`,
      });
      expect(report.status).toBe(201);
      const r1 = await call(a, 'POST', `/api/reports/${report.body.id}/events`, officer, {
        type: 'REQUEST_SIGNATURE',
        version: report.body.version,
      });
      const r2 = await call(b, 'POST', `/api/reports/${report.body.id}/events`, head, {
        type: 'SIGN',
        version: r1.body.version,
      });
      expect(r2.status).toBe(200);
      ready.push({ id: report.body.id, version: r2.body.version });
    }
    const results = await Promise.all(
      ready.map((r, i) =>
        call(i % 2 ? b : a, 'POST', `/api/reports/${r.id}/events`, clerk, {
          type: 'SUBMIT',
          version: r.version,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(N).fill(200));
    const numbers = results.map((r) => r.body.number as string).sort();
    expect(numbers).toEqual(
      Array.from({ length: N }, (_, i) => `${String(i + 1).padStart(2, '0')}/BC-UBND`),
    );

    const c = new Client({ connectionString: db.url });
    await c.connect();
    // This year's series only: the demo's history was issued in 2024.
    const docs = await c.query(
      `SELECT number, count(*) OVER ()::int AS n FROM issued_document WHERE year = $1 ORDER BY number`,
      [vietnamYear()],
    );
    const registry = await c.query(
      `SELECT last_number FROM document_number_registry WHERE year = $1`,
      [vietnamYear()],
    );
    await c.end();
    expect(docs.rows.map((r) => r.number)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(registry.rows).toEqual([{ last_number: N }]);
  }, 300000);
});
