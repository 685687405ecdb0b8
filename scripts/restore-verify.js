#!/usr/bin/env node
'use strict';
// Restores a backup into a fresh database and verifies every archived document against its hash.
//
//   node scripts/restore-verify.js --dump backup.dump --database-url postgres://…/any_db_on_the_server
//   node scripts/restore-verify.js --from-url "$DATABASE_URL"      (dumps it first, with pg_dump -Fc)
//
// The fresh database is created on the same server as --database-url / --from-url, named
// <source>_restore_<timestamp>; it is dropped afterwards unless --keep is given. Exit code 0 when
// every issued document's PDF matches its SHA-256, 1 otherwise. pg_dump/pg_restore come from PATH
// (or PG_BIN); their major version must match the server's.
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');

function args() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--keep') out.keep = true;
    else if (a.startsWith('--')) out[a.slice(2)] = argv[++i];
  }
  return out;
}

const bin = (name) => (process.env.PG_BIN ? path.join(process.env.PG_BIN, name) : name);
const withDb = (url, db) => {
  const u = new URL(url);
  u.pathname = '/' + db;
  return u.toString();
};

async function main() {
  const a = args();
  const serverUrl = a['from-url'] || a['database-url'];
  if (!serverUrl || (!a.dump && !a['from-url'])) {
    console.error(
      'usage: restore-verify.js (--dump FILE --database-url URL | --from-url URL) [--keep]',
    );
    process.exit(2);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'te-restore-'));
  let dump = a.dump;
  if (!dump) {
    dump = path.join(work, 'backup.dump');
    execFileSync(bin('pg_dump'), ['--format=custom', '--file', dump, serverUrl], {
      stdio: 'inherit',
    });
    console.log(
      `dumped ${serverUrl.replace(/\/\/[^@]*@/, '//…@')} (${fs.statSync(dump).size} bytes)`,
    );
  }
  const source = new URL(serverUrl).pathname.slice(1) || 'te';
  const target = `${source}_restore_${Date.now()}`.slice(0, 63);
  const admin = new Client({ connectionString: withDb(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(target)}`);
  const targetUrl = withDb(serverUrl, target);
  let ok;
  try {
    execFileSync(
      bin('pg_restore'),
      ['--no-owner', '--no-privileges', '--exit-on-error', '--dbname', targetUrl, dump],
      { stdio: 'inherit' },
    );
    console.log(`restored into the fresh database ${target}`);
    const c = new Client({ connectionString: targetUrl });
    await c.connect();
    try {
      const migrations = (await c.query(`SELECT count(*)::int AS n FROM schema_migrations`)).rows[0]
        .n;
      const { rows } = await c.query(
        `SELECT id, number_text, year, sha256, pdf FROM issued_document ORDER BY org_unit_id, year, number`,
      );
      const bad = [];
      for (const r of rows) {
        const actual = crypto.createHash('sha256').update(r.pdf).digest('hex');
        if (actual !== r.sha256)
          bad.push(`${r.number_text} (${r.year}, ${r.id}): stored ${r.sha256}, file ${actual}`);
      }
      const guarded =
        (
          await c.query(
            `SELECT count(*)::int AS n FROM pg_trigger WHERE tgname = 'issued_document_immutable'`,
          )
        ).rows[0].n === 1;
      console.log(
        `schema: ${migrations} migrations applied; archive guard trigger ${guarded ? 'present' : 'MISSING'}`,
      );
      if (bad.length) {
        console.log(
          `FAILED: ${bad.length} of ${rows.length} archived documents do not match their hash:`,
        );
        for (const b of bad) console.log(`  - ${b}`);
      } else {
        console.log(
          `verified ${rows.length} of ${rows.length} archived documents: every hash matches`,
        );
      }
      ok = bad.length === 0 && guarded;
    } finally {
      await c.end();
    }
  } finally {
    if (!a.keep)
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(target)} WITH (FORCE)`);
    else console.log(`kept ${target}`);
    await admin.end();
    fs.rmSync(work, { recursive: true, force: true });
  }
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
