import { DataSource } from 'typeorm';
import { MIGRATION_LOCK_KEY, withAdvisoryLock } from './advisory-lock';
import { dataSourceOptions } from './schema';

export interface MigrateResult {
  applied: string[];
  seeded: boolean;
}

/**
 * Applies pending migrations and, on an empty database, the demo data — under one advisory
 * lock, so several processes starting together on one database apply them exactly once.
 */
export async function migrateAndSeed(
  url: string,
  opts: { seedDemo: boolean; log?: (msg: string) => void; demoPki?: { dir: string; secret: string } },
): Promise<MigrateResult> {
  const log = opts.log ?? (() => undefined);
  return withAdvisoryLock(url, MIGRATION_LOCK_KEY, async () => {
    const ds = new DataSource(dataSourceOptions(url, 2));
    await ds.initialize();
    try {
      const migrations = await ds.runMigrations({ transaction: 'each' });
      const applied = migrations.map((m) => m.name);
      if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
      let seeded = false;
      if (opts.seedDemo) {
        const { seedDemoIfEmpty } = await import('./seed/demo-seed');
        seeded = await seedDemoIfEmpty(ds);
        if (seeded) log('loaded the demo data');
        if (opts.demoPki) {
          // Demo signing certificates for heads and units that have none (generated once, kept encrypted).
          const { provisionDemoCredentials } = await import('../../documents/src/signing-credentials');
          const n = await provisionDemoCredentials(ds, opts.demoPki.dir, opts.demoPki.secret);
          if (n) log(`issued ${n} demo signing certificates`);
        }
      }
      return { applied, seeded };
    } finally {
      await ds.destroy();
    }
  });
}
