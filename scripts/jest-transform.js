'use strict';
// Jest transformer: TypeScript → CommonJS with @swc/wasm, the same options as the build.
const crypto = require('node:crypto');
const fs = require('node:fs');
const swc = require('@swc/wasm');
const { swcOptions } = require('./swc-options');

const optionsKey = crypto
  .createHash('sha1')
  .update(JSON.stringify(swcOptions()) + fs.readFileSync(__filename, 'utf8'))
  .digest('hex');

module.exports = {
  process(source, filename) {
    const { code, map } = swc.transformSync(
      source,
      swcOptions({ filename, inlineSourceMap: false }),
    );
    return { code, map };
  },
  getCacheKey(source, filename) {
    return crypto
      .createHash('sha1')
      .update(optionsKey)
      .update(filename)
      .update(source)
      .digest('hex');
  },
};
