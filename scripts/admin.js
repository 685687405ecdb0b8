#!/usr/bin/env node
'use strict';
// `npm run admin -- <command> …`: the first unit and administrator of a new installation, and a lost
// administrator password, from the command line (see `npm run admin -- help`). Builds dist/ when needed.
const path = require('node:path');
const { ensureBuilt } = require('./start');

ensureBuilt()
  .then((dist) =>
    require(path.join(dist, 'apps/api/src/cli/admin-cli.js')).main(process.argv.slice(2)),
  )
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
