'use strict';
// Data entry: one PATCH carrying every input cell of 03/TE (≈800 cells), timed over HTTP.
// Goal: under 100 ms (p50) on this machine.
// A current ward's officer drafts in the demo's open period.
const {
  startBenchServer,
  api,
  login,
  openPeriod,
  unitDraft,
  CURRENT_OFFICER,
  summarise,
  round,
} = require('./lib');

async function run({ iterations = 40 } = {}) {
  const server = await startBenchServer();
  try {
    const token = await login(server.url, CURRENT_OFFICER);
    const period = await openPeriod(server.url, token);
    const report = await unitDraft(server.url, token, period.id, 'Benchmark');
    const def = await api(server.url, 'GET', `/api/forms/${encodeURIComponent('03/TE')}`, {
      token,
    });
    const ratioCol = new Set(def.columns.filter((c) => c.ratio).map((c) => c.key));
    let version = report.version;
    const times = [];
    let cells = 0;
    for (let i = 0; i < iterations + 5; i++) {
      const rows = {};
      cells = 0;
      for (const row of def.rows) {
        if (row.kind) continue;
        rows[row.key] = {};
        for (const col of def.columns) {
          if (ratioCol.has(col.key)) continue;
          rows[row.key][col.key] = (i * 31 + cells) % 997;
          cells++;
        }
      }
      const t0 = process.hrtime.bigint();
      const res = await api(server.url, 'PATCH', `/api/reports/${report.id}`, {
        token,
        body: { version, data: { '03/TE': rows } },
      });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      version = res.version;
      if (i >= 5) times.push(ms); // the first requests warm up caches and JIT
    }
    const s = summarise(times);
    return [
      {
        figure: `data entry: PATCH of every 03/TE cell (${cells} cells), p50`,
        value: round(s.p50),
        unit: 'ms',
        goal: '< 100',
        ok: s.p50 < 100,
      },
      {
        figure: `data entry: PATCH of every 03/TE cell (${cells} cells), p95`,
        value: round(s.p95),
        unit: 'ms',
        goal: '(info)',
        ok: true,
      },
    ];
  } finally {
    await server.stop();
  }
}

module.exports = { run };
require('./lib').runIfMain(module, run);
