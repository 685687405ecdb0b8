#!/usr/bin/env node
'use strict';
// `npm run bench`: runs every benchmark, prints one table and writes bench-results.json
// as [{figure, value, unit, goal, ok}]. Pass names to run some: `npm run bench -- data-entry`.
const fs = require('node:fs');
const path = require('node:path');

const BENCHMARKS = [
  'data-entry',
  'render',
  'consolidate',
  'api',
  'import',
  'attack',
  'narrative',
  'grid',
];

async function main() {
  const only = process.argv.slice(2);
  const results = [];
  for (const name of BENCHMARKS.filter((b) => only.length === 0 || only.includes(b))) {
    process.stderr.write(`running ${name}…\n`);
    results.push(...(await require(`./${name}`).run()));
  }
  console.table(
    results.map((r) => ({
      figure: r.figure,
      value: r.value,
      unit: r.unit,
      goal: r.goal,
      ok: r.ok ? 'yes' : 'NO',
    })),
  );
  fs.writeFileSync(
    path.join(__dirname, '..', 'bench-results.json'),
    JSON.stringify(results, null, 2) + '\n',
  );
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
