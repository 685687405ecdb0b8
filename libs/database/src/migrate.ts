import { DataSource } from 'typeorm';
import { MIGRATION_LOCK_KEY, withAdvisoryLock } from './advisory-lock';
import { SchemaDefinition, dataSourceOptions } from './data-source';

export interface MigrateOptions {
  log?: (msg: string) => void;
  /** Runs under the same lock once the schema is current (e.g. loading demo data into an empty database). */
  afterMigrate?: (ds: DataSource) => Promise<void>;
}

/**
 * Applies pending migrations under one advisory lock, so several processes starting together on one
 * database apply them exactly once. Answers the names of the migrations applied.
 */
export async function runMigrations(
  url: string,
  schema: SchemaDefinition,
  opts: MigrateOptions = {},
): Promise<string[]> {
  const log = opts.log ?? (() => undefined);
  return withAdvisoryLock(url, MIGRATION_LOCK_KEY, async () => {
    const ds = new DataSource(dataSourceOptions(url, schema, 2));
    await ds.initialize();
    try {
      const applied = (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
      if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
      await opts.afterMigrate?.(ds);
      return applied;
    } finally {
      await ds.destroy();
    }
  });
}
