'use strict';
// Consolidation: N communes with full 03/TE data, one consolidation by their direct upper unit,
// timed over HTTP. Goals: under 0.5 s for N = 300 (a large province) and under 5 s for N = 10,600
// (every commune of the legacy country).
// The demo's open period and its current two-level hierarchy: as the demo's Sở Y tế receives its
// wards' reports directly, each upper unit here is a province office (a Sở) with its N communes,
// all valid throughout the period.
const { Client } = require('pg');
const { startBenchServer, api, login, openPeriod, CURRENT_OFFICER, round } = require('./lib');

async function setupUpperUnit(c, code, n, period, def, officerHash) {
  const [{ id: upper }] = (
    await c.query(
      `INSERT INTO org_unit (code, name, level, parent_id, governing_body, abbreviation, place_name, kind, valid_from)
       VALUES ($1, $2, 'province', NULL, 'Ủy ban nhân dân tỉnh thử', 'SYT', $2, 'head', $3) RETURNING id`,
      [code, `Sở thử ${code}`, period.cutoffFrom],
    )
  ).rows;
  await c.query(
    `INSERT INTO org_unit (code, name, level, parent_id, abbreviation, place_name, valid_from)
     SELECT $1 || '-' || g, 'Xã thử ' || g, 'commune', $2, 'UBND', 'Xã ' || g, $4::date FROM generate_series(1, $3) g`,
    [code, upper, n, period.cutoffFrom],
  );
  const username = `${code.toLowerCase()}.officer`;
  await c.query(
    `INSERT INTO app_user (username, password_hash, full_name, org_unit_id, roles) VALUES ($1, $2, 'Chuyên viên thử', $3, ARRAY['officer'])`,
    [username, officerHash, upper],
  );
  const { rows: reports } = await c.query(
    `INSERT INTO report (org_unit_id, period_id, type, kind, title, narrative, recipients, forms, state, step, version, created_by)
     SELECT o.id, $2, 'BC', 'original', 'Báo cáo thử', '', '[]'::jsonb, $3::jsonb, 'draft', 'editing', 1, o.id
       FROM org_unit o WHERE o.parent_id = $1 RETURNING id`,
    [upper, period.id, JSON.stringify(period.formVersions)],
  );
  const pairs = [];
  for (const row of def.rows) {
    if (row.kind) continue;
    for (const col of def.columns) if (!col.ratio && !row.ratio) pairs.push([row.key, col.key]);
  }
  await c.query(
    `INSERT INTO report_cell (report_id, form_code, row_key, column_key, num)
     SELECT r, '03/TE', p.row_key, p.column_key, (abs(hashtext(r::text || p.row_key || p.column_key)) % 500)::numeric
       FROM unnest($1::uuid[]) r CROSS JOIN unnest($2::text[], $3::text[]) AS p(row_key, column_key)`,
    [reports.map((r) => r.id), pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  await c.query(
    `UPDATE report SET state = 'submitted', step = NULL, version = 4, submitted_at = now() WHERE id = ANY($1::uuid[])`,
    [reports.map((r) => r.id)],
  );
  return { username, cells: reports.length * pairs.length };
}

async function run({
  sizes = (process.env.BENCH_SIZES || '300,10600').split(',').map(Number),
} = {}) {
  const server = await startBenchServer({ LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'error' });
  const c = new Client({ connectionString: server.databaseUrl });
  await c.connect();
  try {
    const admin = await login(server.url, 'admin');
    const period = await openPeriod(server.url, admin);
    const def = await api(server.url, 'GET', `/api/forms/${encodeURIComponent('03/TE')}`, {
      token: admin,
    });
    const [{ password_hash: hash }] = (
      await c.query(`SELECT password_hash FROM app_user WHERE username = $1`, [CURRENT_OFFICER])
    ).rows;
    const rows = [];
    // Generated data is written straight into the tables; the trigger that freezes cells of submitted
    // reports is off only while it is loaded.
    await c.query(`ALTER TABLE report_cell DISABLE TRIGGER report_cell_frozen`);
    const uppers = [];
    for (const n of sizes) {
      const t0 = Date.now();
      uppers.push({ n, ...(await setupUpperUnit(c, `B${n}`, n, period, def, hash)) });
      process.stderr.write(`  generated ${n} communes in ${Date.now() - t0} ms\n`);
    }
    await c.query(`ALTER TABLE report_cell ENABLE TRIGGER report_cell_frozen`);
    await c.query('ANALYZE');
    for (const d of uppers) {
      const token = await login(server.url, d.username);
      const t0 = process.hrtime.bigint();
      const report = await api(server.url, 'POST', '/api/consolidations', {
        token,
        body: { periodId: period.id },
      });
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      const sources = (
        await c.query(`SELECT count(*)::int AS n FROM consolidation_source WHERE report_id = $1`, [
          report.id,
        ])
      ).rows[0].n;
      if (sources !== d.n) throw new Error(`expected ${d.n} sources, got ${sources}`);
      const goal = d.n <= 300 ? 0.5 : 5;
      rows.push({
        figure: `consolidation of ${d.n} communes (${d.cells.toLocaleString('en')} cells of 03/TE)`,
        value: round(s, 3),
        unit: 's',
        goal: `< ${goal}`,
        ok: s < goal,
      });
    }
    return rows;
  } finally {
    await c.end();
    await server.stop();
  }
}

module.exports = { run, setupUpperUnit };
require('./lib').runIfMain(module, run);
