'use strict';
// API load: the server in its own process on its own database, demo-like data for 300 communes
// (wards under the demo's Sở Y tế, each with an officer and a draft in the demo's open period), driven from this process with autocannon: 50
// connections for 20 s, each saving its commune's draft data (version-guarded PATCH) and reading
// its inbox in turn. Goal: at least 300 requests per second with p99 under 250 ms.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { Client } = require('pg');
const {
  root,
  freePort,
  login,
  openPeriod,
  unitDraft,
  CURRENT_PROVINCE,
  CURRENT_OFFICER,
  round,
} = require('./lib');

const COMMUNES = Number(process.env.BENCH_COMMUNES || 300);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);
const DURATION = Number(process.env.BENCH_DURATION || 20);

async function waitForHealth(url) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(url + '/api/health')).status === 200) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the server did not start');
}

async function run() {
  await require(path.join(root, 'scripts/build')).build();
  const { startEmbeddedPostgres } = require(path.join(root, 'dist/libs/database/src'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-bench-api-'));
  fs.chmodSync(dataDir, 0o711); // run as root, the postgres user keeps its cluster in here
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'bench' });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") is passed to the server's node.
  const nodeArgs = (process.env.BENCH_NODE_ARGS || '').split(' ').filter(Boolean);
  const server = spawn(
    process.execPath,
    [...nodeArgs, path.join(root, 'dist/apps/api/src/main.js')],
    {
      env: {
        ...process.env,
        DATABASE_URL: pg.appUrl,
        MIGRATION_DATABASE_URL: pg.ownerUrl,
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
        JWT_SECRET: 'bench-secret-0123456789-abcdefghijklmnop',
        CREDENTIAL_SECRET: 'bench-credential-0123456789-abcdefghijkl',
        LOGIN_THROTTLE_LIMIT: '100000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    await waitForHealth(url);
    const admin = await login(url, 'admin');
    const period = await openPeriod(url, admin);
    const c = new Client({ connectionString: pg.url });
    await c.connect();
    // The communes are wards of the current two-level hierarchy: directly under the demo's
    // province (Sở Y tế), valid throughout the open period.
    const [{ id: province }] = (
      await c.query(`SELECT id FROM org_unit WHERE code = $1`, [CURRENT_PROVINCE.toUpperCase()])
    ).rows;
    const [{ password_hash: hash }] = (
      await c.query(`SELECT password_hash FROM app_user WHERE username = $1`, [CURRENT_OFFICER])
    ).rows;
    await c.query(
      `WITH units AS (
         INSERT INTO org_unit (code, name, level, parent_id, abbreviation, place_name, valid_from)
         SELECT 'L-' || g, 'Xã tải thử ' || g, 'commune', $1, 'UBND', 'Xã ' || g, $4::date FROM generate_series(1, $2) g RETURNING id, code)
       INSERT INTO app_user (username, password_hash, full_name, org_unit_id, roles) SELECT lower(code) || '.officer', $3, 'Chuyên viên ' || code, id, ARRAY['officer'] FROM units`,
      [province, COMMUNES, hash, period.cutoffFrom],
    );
    await c.end();
    // Each commune's officer signs in and creates its draft (through the API, as people would).
    const communes = [];
    for (let i = 1; i <= COMMUNES; i++) {
      const token = await login(url, `l-${i}.officer`);
      const report = await unitDraft(url, token, period.id, `Báo cáo xã ${i}`);
      communes.push({ token, id: report.id, version: report.version });
    }
    const autocannon = require('autocannon');
    let next = 0;
    const result = await autocannon({
      url,
      connections: CONNECTIONS,
      duration: DURATION,
      requests: [
        {
          // Save draft data with the version last read; the answer gives the next version.
          setupRequest: (req, ctx) => {
            if (!ctx.commune) ctx.commune = communes[next++ % communes.length];
            const n = Math.floor(Math.random() * 500);
            return {
              ...req,
              method: 'PATCH',
              path: `/api/reports/${ctx.commune.id}`,
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${ctx.commune.token}`,
              },
              body: JSON.stringify({
                version: ctx.commune.version,
                data: {
                  '01/TE': {
                    POP: { y2024: 8000 + n },
                    'I.1': { y2024: String(2000 + n) },
                    'I.2': { y2024: '1.080' },
                  },
                },
              }),
            };
          },
          onResponse: (status, body, ctx) => {
            if (status === 200) ctx.commune.version = JSON.parse(body).version;
          },
        },
        {
          setupRequest: (req, ctx) => ({
            ...req,
            method: 'GET',
            path: '/api/inbox',
            headers: { authorization: `Bearer ${ctx.commune.token}` },
          }),
        },
      ],
    });
    const non2xx = result.non2xx + result.errors + result.timeouts;
    return [
      {
        figure: `API load: ${CONNECTIONS} connections, ${DURATION} s, PATCH draft + GET inbox (${COMMUNES} communes), requests/s`,
        value: round(result.requests.average, 1),
        unit: 'req/s',
        goal: '≥ 300',
        ok: result.requests.average >= 300,
      },
      {
        figure: 'API load: latency p50',
        value: result.latency.p50,
        unit: 'ms',
        goal: '(info)',
        ok: true,
      },
      {
        figure: 'API load: latency p99',
        value: result.latency.p99,
        unit: 'ms',
        goal: '< 250',
        ok: result.latency.p99 < 250,
      },
      {
        figure: 'API load: failed or non-2xx answers',
        value: non2xx,
        unit: 'requests',
        goal: '0',
        ok: non2xx === 0,
      },
    ];
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

module.exports = { run };
require('./lib').runIfMain(module, run);
