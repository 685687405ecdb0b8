import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as net from 'node:net';
import { startEmbeddedPostgres, migrateAndSeed } from '@app/database';
import { TEST_ENV, withDatabase } from './pg-env';

// Kept in step with test-app.ts (which cannot be imported here without loading the whole app).
const TEST_CREDENTIAL_SECRET = 'test-credential-secret-0123456789-abcdefgh';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Starts one real PostgreSQL (embedded) for the whole run, migrates and seeds a template
 * database once; each test file then clones its own database from it.
 */
export default async function globalSetup() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-test-pg-'));
  const port = await freePort();
  const templateDb = 'te_template';
  const pg = await startEmbeddedPostgres({ dataDir, port, database: templateDb });
  const templateUrl = pg.url;
  await migrateAndSeed(templateUrl, { seedDemo: true, demoPki: { dir: path.join(dataDir, 'pki'), secret: TEST_CREDENTIAL_SECRET } });
  // The build is used by tests that run the server as its own process.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  await require('../../scripts/build').build();
  process.env[TEST_ENV.adminUrl] = withDatabase(templateUrl, 'postgres');
  process.env[TEST_ENV.templateDb] = templateDb;
  process.env[TEST_ENV.dataDir] = dataDir;
  (globalThis as Record<string, unknown>).__TEST_PG__ = { stop: pg.stop, dataDir };
}
