#!/usr/bin/env node
'use strict';
// `npm run jobs -- reminders|digest [--now <ISO>]`: a reminder or digest pass at once (see
// `npm run jobs -- help`). Builds dist/ when needed.
const path = require('node:path');
const { ensureBuilt } = require('./start');

ensureBuilt()
  .then((dist) =>
    require(path.join(dist, 'apps/api/src/cli/jobs-cli.js')).main(process.argv.slice(2)),
  )
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
