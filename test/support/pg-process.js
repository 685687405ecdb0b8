'use strict';
// Runs an embedded PostgreSQL in its own process (for tests that stop and start the database):
// prints {"url": …} once it is up, stops it on SIGTERM. Usage: node pg-process.js <dataDir> <port> <database>
const path = require('node:path');
const { startEmbeddedPostgres } = require(path.join(__dirname, '../../dist/libs/database/src'));

const [dataDir, port, database] = process.argv.slice(2);
startEmbeddedPostgres({ dataDir, port: Number(port), database })
  .then((pg) => {
    process.stdout.write(
      JSON.stringify({ url: pg.url, ownerUrl: pg.ownerUrl, appUrl: pg.appUrl }) + '\n',
    );
    process.once('SIGTERM', () => pg.stop().then(() => process.exit(0)));
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
