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
  summarise,
  round,
};
