import { provisionDemoCredentials, seedDemoIfEmpty } from '@app/demo';
import { runMigrations } from '@app/database';
import { FormsRepository, FormsService } from '@app/forms';
import { APP_SCHEMA } from './schema';

export interface MigrateResult {
  applied: string[];
  seeded: boolean;
}

/**
 * Applies pending migrations and, on an empty database, the demo data (with demo signing
 * certificates when `demoPki` is given) — under one advisory lock, so several processes starting
 * together on one database do it exactly once.
 */
export async function migrateAndSeed(
  url: string,
  opts: {
    seedDemo: boolean;
    log?: (msg: string) => void;
    demoPki?: { dir: string; secret: string };
  },
): Promise<MigrateResult> {
  const log = opts.log ?? (() => undefined);
  let seeded = false;
  const applied = await runMigrations(url, APP_SCHEMA, {
    log,
    afterMigrate: async (ds) => {
      // The shipped forms are part of the product: there, with or without demo data.
      await ds.transaction((em) =>
        new FormsService(ds, new FormsRepository(ds)).installShipped(em),
      );
      if (!opts.seedDemo) return;
      seeded = await seedDemoIfEmpty(ds);
      if (seeded) log('loaded the demo data');
      if (opts.demoPki) {
        // Demo signing certificates for heads and units that have none (generated once, kept encrypted).
        const n = await provisionDemoCredentials(ds, opts.demoPki.dir, opts.demoPki.secret);
        if (n) log(`issued ${n} demo signing certificates`);
      }
    },
  });
  return { applied, seeded };
}
