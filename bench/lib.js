'use strict';
// Shared helpers of the benchmarks: a throw-away embedded PostgreSQL, a server on it, timings.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');

const root = path.resolve(__dirname, '..');

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function ensureBuilt() {
  await require(path.join(root, 'scripts/build')).build();
}

/** Starts an embedded PostgreSQL in a temp dir and the API in this process on it. */
async function startBenchServer(env = {}) {
  await ensureBuilt();
  const { startEmbeddedPostgres } = require(path.join(root, 'dist/libs/database/src'));
  const { startServer } = require(path.join(root, 'dist/apps/api/src/bootstrap'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-bench-'));
  fs.chmodSync(dataDir, 0o711); // run as root, the postgres user keeps its cluster in here
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'bench' });
  const server = await startServer({
    DATABASE_URL: pg.appUrl,
    MIGRATION_DATABASE_URL: pg.ownerUrl,
    PORT: String(await freePort()),
    JWT_SECRET: 'bench-secret-0123456789-abcdefghijklmnop',
    LOG_LEVEL: 'error',
    LOGIN_THROTTLE_LIMIT: '100000',
    ...env,
  });
  return {
    url: server.url,
    databaseUrl: pg.url,
    async stop() {
      await server.close();
      await pg.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function api(url, method, pathName, { token, body } = {}) {
  const res = await fetch(url + pathName, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  if (!res.ok) throw new Error(`${method} ${pathName} → ${res.status} ${text.slice(0, 300)}`);
  return json;
}

async function login(url, username) {
  return (await api(url, 'POST', '/api/auth/login', { body: { username, password: 'demo' } }))
    .accessToken;
}

// The demo's current era (README, docs/api.md "Demo data"): Sở Y tế and the two wards under it.
// The legacy units (hoangdong, maipha, quanglac, tpls, sols) only have the closed period 2024-H1.
const CURRENT_PROVINCE = 'syt';
const CURRENT_WARDS = ['luongvantri', 'kylua'];
/** A current ward's officer: drafts in the open period. */
const CURRENT_OFFICER = `${CURRENT_WARDS[0]}.officer`;

/** Today in Vietnam (UTC+7), YYYY-MM-DD: the day periods, deadlines and unit validity are reckoned in. */
function vietnamToday(now = Date.now()) {
  return new Date(now + 7 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The period open now, found as a client would (GET /api/periods): the open one whose cut-off
 * window covers today, else the open one whose window ends last (the demo's period of the loading
 * day, `demoCurrentPeriod` in libs/demo). Never 2024-H1, which the demo closes.
 */
async function openPeriod(url, token) {
  const open = (await api(url, 'GET', '/api/periods', { token })).filter((p) => p.open === true);
  const today = vietnamToday();
  const period =
    open.find((p) => p.cutoffFrom <= today && today <= p.cutoffTo) ??
    open.sort((a, b) => (a.cutoffTo < b.cutoffTo ? 1 : a.cutoffTo > b.cutoffTo ? -1 : 0))[0];
  if (!period) throw new Error('the demo has no open period');
  return period;
}

/**
 * The BC draft of the officer's unit in the period: a new one, or the one the unit already has
 * (409 REPORT_EXISTS names it) if it is still a draft.
 */
async function unitDraft(url, token, periodId, title) {
  const res = await fetch(`${url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ periodId, type: 'BC', title }),
  });
  const body = await res.json();
  if (res.status === 201) return body;
  if (res.status === 409 && body.code === 'REPORT_EXISTS') {
    const existing = await api(url, 'GET', `/api/reports/${body.existingReportId}`, { token });
    if (existing.state === 'draft') return existing;
    throw new Error(`the unit's report ${existing.id} is ${existing.state}, not a draft`);
  }
  throw new Error(`POST /api/reports → ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
}

/**
 * One more ward under the current province, made through the admin API as an administrator would,
 * valid throughout the period, and its officer signed in (the one-time password changed first, as
 * the server requires): `{unit, username, token}`.
 */
async function addWardOfficer(url, adminToken, period, code) {
  const units = await api(url, 'GET', '/api/org-units', { token: adminToken });
  const province = units.find((u) => u.code === CURRENT_PROVINCE.toUpperCase());
  const unit = await api(url, 'POST', '/api/org-units', {
    token: adminToken,
    body: {
      code,
      name: `Ủy ban nhân dân phường Thử nghiệm ${code}`,
      level: 'commune',
      parentId: province.id,
      abbreviation: 'UBND',
      placeName: `Thử nghiệm ${code}`,
      kind: 'collective',
      filingUnit: 'VHXH',
      validFrom: period.cutoffFrom,
    },
  });
  const username = `${code.toLowerCase()}.officer`;
  const { oneTimePassword } = await api(url, 'POST', '/api/users', {
    token: adminToken,
    body: { username, fullName: `Chuyên viên ${code}`, orgUnitId: unit.id, roles: ['officer'] },
  });
  const first = await api(url, 'POST', '/api/auth/login', {
    body: { username, password: oneTimePassword },
  });
  const password = `Bench-${code}-${Date.now().toString(36)}-w!`;
  await api(url, 'POST', '/api/auth/change-password', {
    token: first.accessToken,
    body: { currentPassword: oneTimePassword, newPassword: password },
  });
  const { accessToken } = await api(url, 'POST', '/api/auth/login', {
    body: { username, password },
  });
  return { unit, username, token: accessToken };
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

function summarise(ms) {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1] };
}

const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** `node bench/<name>.js` runs one benchmark alone and prints its table. */
function runIfMain(mod, run) {
  if (require.main !== mod) return;
  run()
    .then((rows) => console.table(rows))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}

module.exports = {
  runIfMain,
  path,
  root,
  freePort,
  startBenchServer,
  api,
  login,
  CURRENT_PROVINCE,
  CURRENT_WARDS,
  CURRENT_OFFICER,
  vietnamToday,
  openPeriod,
  unitDraft,
  addWardOfficer,
  summarise,
  round,
};
