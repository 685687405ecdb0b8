'use strict';
// A worker thread's entry when the server runs from its TypeScript sources (the tests run the app
// in Jest, whose transform does not reach worker threads): .ts files are compiled as they are
// required (scripts/ts-register.js), then the real entry is loaded. The compiled server (dist/)
// loads its .js entry directly; see libs/workers/src/worker-pool.ts.
const { workerData } = require('piscina');
require('./ts-register');

module.exports = require(workerData.entry).default;
