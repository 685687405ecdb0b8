#!/usr/bin/env node
'use strict';
// `npm run sign-client -- --server <url> --user <name> …`: the reference signing client — signs the
// user's pending signing requests with a PKCS#11 token or a .p12 file on this computer (see
// `npm run sign-client -- --help`). Builds dist/ when needed.
const path = require('node:path');
const { ensureBuilt } = require('./start');

ensureBuilt()
  .then((dist) =>
    require(path.join(dist, 'apps/sign-client/src/sign-client-cli.js')).main(process.argv.slice(2)),
  )
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
