'use strict';
// Narrative versus annex: precision and recall of the figure matcher (libs/narrative) on the
// labelled set shipped with the tests (test/fixtures/narrative/labelled.json), over the shipped
// 01/TE–03/TE definitions. Goals: precision ≥ 0.9, recall ≥ 0.6.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

async function run() {
  await require(path.join(root, 'scripts/build')).build();
  const { evaluate } = require(path.join(root, 'dist/libs/narrative/src'));
  const { withYear } = require(path.join(root, 'dist/libs/forms/src'));
  const defs = ['01-TE', '02-TE', '03-TE'].map((f) =>
    withYear(
      JSON.parse(fs.readFileSync(path.join(root, `libs/forms/definitions/${f}.json`), 'utf8')),
      2024,
    ),
  );
  const { sentences } = JSON.parse(
    fs.readFileSync(path.join(root, 'test/fixtures/narrative/labelled.json'), 'utf8'),
  );
  const r = evaluate(defs, sentences);
  for (const e of r.errors) process.stderr.write(`  ${e}\n`);
  const label = `${r.sentences} sentences, ${r.expected} stated figures, ${r.predicted} matched`;
  return [
    {
      figure: `narrative vs annex: precision (${label})`,
      value: r.precision,
      unit: 'ratio',
      goal: '≥ 0.9',
      ok: r.precision >= 0.9 && r.sentences >= 40,
    },
    {
      figure: `narrative vs annex: recall (${label})`,
      value: r.recall,
      unit: 'ratio',
      goal: '≥ 0.6',
      ok: r.recall >= 0.6 && r.sentences >= 40,
    },
  ];
}

module.exports = { run };
require('./lib').runIfMain(module, run);
