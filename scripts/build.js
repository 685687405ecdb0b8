#!/usr/bin/env node
'use strict';
// Compiles apps/, libs/ and migrations/ to dist/ with swc (no type check: `npm run typecheck` does that).
// Used by `npm start` and by tests that run the server as a separate process.
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/wasm');
const { swcOptions } = require('./swc-options');

const root = path.resolve(__dirname, '..');
const SOURCES = ['apps', 'libs', 'migrations'];

function* tsFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(full);
    else if (
      entry.name.endsWith('.ts') &&
      !/\.(spec|e2e-spec)\.ts$/.test(entry.name) &&
      !entry.name.endsWith('.d.ts')
    )
      yield full;
  }
}

async function build(outDir = path.join(root, 'dist')) {
  const tmp = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const files = SOURCES.flatMap((d) => [...tsFiles(path.join(root, d))]);
  await Promise.all(
    files.map(async (file) => {
      const rel = path.relative(root, file);
      const out = path.join(tmp, rel.replace(/\.ts$/, '.js'));
      const source = await fs.promises.readFile(file, 'utf8');
      const result = swc.transformSync(source, {
        ...swcOptions({ filename: file }),
        sourceFileName: path.relative(path.dirname(out), file),
        outputPath: out,
      });
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, result.code + `\n//# sourceMappingURL=${path.basename(out)}.map\n`);
      if (result.map) fs.writeFileSync(out + '.map', result.map);
    }),
  );
  // The stamp `npm start` compares with the sources' times: any build, also the tests', counts.
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(tmp, '.build-stamp'), new Date().toISOString());
  // Swap in the new tree in one step so a concurrently starting process never sees half a build.
  const old = `${outDir}.old-${process.pid}`;
  if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
  fs.renameSync(tmp, outDir);
  fs.rmSync(old, { recursive: true, force: true });
  return files.length;
}

if (require.main === module) {
  const t = Date.now();
  build()
    .then((n) => console.log(`built ${n} files into dist/ in ${Date.now() - t} ms`))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}

module.exports = { build };
