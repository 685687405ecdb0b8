'use strict';
// One swc configuration (the WebAssembly build of swc: no native binary to install) for the build
// (scripts/build.js) and for Jest (scripts/jest-transform.js), so tests run the code the server runs.
// Path aliases (@app/*) come from tsconfig.json.
const path = require('node:path');
const tsconfig = require('../tsconfig.json');

function swcOptions({ filename, inlineSourceMap = false } = {}) {
  return {
    filename,
    sourceMaps: inlineSourceMap ? 'inline' : true,
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      baseUrl: path.resolve(__dirname, '..'),
      // @test/* (the tests' support files) is resolved by Jest's moduleNameMapper: swc's wildcard
      // rewriting miscomputes it, and the build has no tests.
      paths: Object.fromEntries(
        Object.entries(tsconfig.compilerOptions.paths).filter(
          ([alias]) => !alias.startsWith('@test/'),
        ),
      ),
    },
  };
}

module.exports = { swcOptions };
