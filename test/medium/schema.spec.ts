import { DataSource } from 'typeorm';
import { appDataSourceOptions } from '../../apps/api/src/database/schema';
import { createTestDatabase, TestDatabase } from '../support/test-db';

describe('database schema (medium)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(appDataSourceOptions(db.url, 2)).initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('matches the entities exactly (no drift between entities and migrations)', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('has no pending migration', async () => {
    expect(await ds.showMigrations()).toBe(false);
  });
});
