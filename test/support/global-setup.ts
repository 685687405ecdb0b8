import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '@app/database';
import { migrateAndSeed } from '../../apps/api/src/database/migrate-and-seed';
import { TEST_ENV, withDatabase } from './pg-env';
import { freePort } from './processes';
import { TEST_CREDENTIAL_SECRET } from './secrets';

/**
 * The medium and end-to-end tiers: starts one real PostgreSQL (embedded) for the whole run,
 * migrates and seeds a template database once; each test file then clones its own database from
 * it. Both tiers name this setup; it runs once however many of them run (unit tests start nothing).
 */
export default async function globalSetup() {
  if ((globalThis as Record<string, unknown>).__TEST_PG__) return;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-test-pg-'));
  const port = await freePort();
  const templateDb = 'te_template';
  const pg = await startEmbeddedPostgres({ dataDir, port, database: templateDb });
  const templateUrl = pg.url;
  await migrateAndSeed(templateUrl, {
    seedDemo: true,
    demoPki: { dir: path.join(dataDir, 'pki'), secret: TEST_CREDENTIAL_SECRET },
  });
  process.env[TEST_ENV.adminUrl] = withDatabase(templateUrl, 'postgres');
  process.env[TEST_ENV.templateDb] = templateDb;
  process.env[TEST_ENV.dataDir] = dataDir;
  (globalThis as Record<string, unknown>).__TEST_PG__ = { stop: pg.stop, dataDir };
}
