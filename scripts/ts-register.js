'use strict';
// Lets plain Node require TypeScript files: .ts files are compiled as they are required, with the
// build's swc options (path aliases included). Compiled files are kept in the system's temporary
// folder by content, so later processes start without compiling again. Used by the worker threads
// when the server runs from its sources (scripts/ts-worker.js) and by the benchmarks that reuse the
// tests' hostile-file generators (bench/attack.js).
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { swcOptions } = require('./swc-options');

const cacheDir = path.join(os.tmpdir(), `te-reporting-swc-${process.getuid?.() ?? 'user'}`);
const optionsKey = JSON.stringify(swcOptions({ inlineSourceMap: true }));
let swc;

require.extensions['.ts'] ??= (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha1').update(optionsKey).update(filename).update(source);
  const cached = path.join(cacheDir, `${key.digest('hex')}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, 'utf8');
  } catch {
    swc ??= require('@swc/wasm');
    code = swc.transformSync(source, swcOptions({ filename, inlineSourceMap: true })).code;
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, cached);
  }
  module._compile(code, filename);
};
