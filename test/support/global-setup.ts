import * as path from 'node:path';
import { startEmbeddedPostgres } from '@app/database';
import { playDemoHistory } from '../../apps/api/src/database/demo-history-runner';
import { migrateAndSeed } from '../../apps/api/src/database/migrate-and-seed';
import { TEST_ENV, withDatabase } from './pg-env';
import { freePort, tempDataDir } from './processes';
import { TEST_CREDENTIAL_SECRET } from './secrets';
import { addTestPeriod } from './test-period';

/**
 * The medium and end-to-end tiers: starts one real PostgreSQL (embedded) for the whole run,
 * migrates and seeds a template database once; each test file then clones its own database from
 * it. Both tiers name this setup; it runs once however many of them run (unit tests start nothing).
 */
export default async function globalSetup() {
  if ((globalThis as Record<string, unknown>).__TEST_PG__) return;
  const dataDir = tempDataDir('te-test-pg-');
  const port = await freePort();
  const templateDb = 'te_template';
  const pg = await startEmbeddedPostgres({ dataDir, port, database: templateDb });
  const templateUrl = pg.url;
  // As the server does: the schema belongs to the owner role, the application gets rows only.
  const seeded = await migrateAndSeed(pg.ownerUrl, {
    seedDemo: true,
    demoPki: { dir: path.join(dataDir, 'pki'), secret: TEST_CREDENTIAL_SECRET },
  });
  // The demo exactly as `npm start` loads it: its legacy history played to issued documents.
  await playDemoHistory({
    databaseUrl: pg.appUrl,
    chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    credentialSecret: TEST_CREDENTIAL_SECRET,
    orgSlot: seeded.demoOrgSlot,
  });
  await addTestPeriod(pg.appUrl);
  process.env[TEST_ENV.adminUrl] = withDatabase(templateUrl, 'postgres');
  process.env[TEST_ENV.templateDb] = templateDb;
  process.env[TEST_ENV.dataDir] = dataDir;
  process.env[TEST_ENV.ownerUrl] = pg.ownerUrl;
  process.env[TEST_ENV.appUrl] = pg.appUrl;
  // The demo's organisation slot (SoftHSM2) and its configuration, for the test apps that sign with
  // it (useDemoSoftHsm). SOFTHSM2_CONF itself is not left set: a test with a SoftHSM2 of its own
  // (test/support/softhsm.ts) must be able to name its configuration, which cannot override one.
  process.env[TEST_ENV.orgSlot] = JSON.stringify(seeded.demoOrgSlot);
  process.env[TEST_ENV.softhsmConf] =
    seeded.demoOrgSlot?.softhsmConf ?? process.env.SOFTHSM2_CONF ?? '';
  delete process.env.SOFTHSM2_CONF;
  (globalThis as Record<string, unknown>).__TEST_PG__ = { stop: pg.stop, dataDir };
}
