import * as fs from 'node:fs';

export default async function globalTeardown() {
  const pg = (globalThis as Record<string, unknown>).__TEST_PG__ as
    { stop(): Promise<void>; dataDir: string } | undefined;
  if (!pg) return;
  // Both tiers name this teardown: the first one stops the database.
  (globalThis as Record<string, unknown>).__TEST_PG__ = undefined;
  await pg.stop();
  fs.rmSync(pg.dataDir, { recursive: true, force: true });
}
