import { StartRefused } from '@app/config';
import * as path from 'node:path';
import {
  demoDataPresent,
  provisionDemoCredentials,
  provisionDemoTokens,
  seedDemoIfEmpty,
} from '@app/demo';
import type { Pkcs11Location } from '@app/signatures';
import { DataSource } from 'typeorm';
import { runMigrations } from '@app/database';
import { installJobQueue } from '@app/jobs';
import { FormsRepository, FormsService } from '@app/forms';
import { APP_SCHEMA } from './schema';

export interface MigrateResult {
  applied: string[];
  seeded: boolean;
  /** With `findDemoUsers`: the demo accounts whose password is still "demo". */
  demoUsers: string[];
  /** With `demoPki`: the demo's server-side organisation slot (SoftHSM2), for OrganisationSlotSigner. */
  demoOrgSlot?: Pkcs11Location;
}

/**
 * Applies pending migrations, installs the job queue's schema and, on an empty database, the demo data (with demo signing
 * certificates when `demoPki` is given) — under one advisory lock, so several processes starting
 * together on one database do it exactly once.
 */
export async function migrateAndSeed(
  url: string,
  opts: {
    seedDemo: boolean;
    log?: (msg: string) => void;
    demoPki?: { dir: string; secret: string };
    /** Production: refuse (StartRefused) while demo accounts or the demo CA are in the database. */
    refuseDemoData?: boolean;
    /** Look up which demo accounts still have the password "demo" (demo mode's start-up line). */
    findDemoUsers?: boolean;
    /** The role the application connects as (rows only on the job queue's tables too); te_app by default. */
    appRole?: string;
  },
): Promise<MigrateResult> {
  const log = opts.log ?? (() => undefined);
  let seeded = false;
  let demoUsers: string[] = [];
  let demoOrgSlot: Pkcs11Location | undefined;
  const applied = await runMigrations(url, APP_SCHEMA, {
    log,
    afterMigrate: async (ds) => {
      // The job queue's own schema (pg-boss), created or upgraded by the owner, rows for the app.
      await installJobQueue(url, opts.appRole);
      // The shipped forms are part of the product: there, with or without demo data.
      await ds.transaction((em) =>
        new FormsService(ds, new FormsRepository(ds)).installShipped(em),
      );
      if (opts.seedDemo) {
        seeded = await seedDemoIfEmpty(ds);
        if (seeded) log('loaded the demo data');
        if (opts.demoPki) {
          // Demo signing certificates for heads and units that have none (generated once, kept encrypted).
          const n = await provisionDemoCredentials(ds, opts.demoPki.dir);
          if (n) log(`registered ${n} demo signing certificates`);
          // The demo's keys in SoftHSM2 tokens: the heads' and clerks' own, the server's slot.
          const tokens = await provisionDemoTokens(ds, path.dirname(opts.demoPki.dir));
          if (tokens) demoOrgSlot = tokens.orgSlot;
          else
            log('SOFTHSM2_CONF names another configuration: the demo tokens are not provisioned');
        }
      }
      if (opts.refuseDemoData) await refuseDemoData(ds);
      if (opts.findDemoUsers) demoUsers = (await demoDataPresent(ds)).users;
    },
  });
  return { applied, seeded, demoUsers, demoOrgSlot };
}

/** Production never serves with the demo's well-known password or its trusted demo CA, unless told to. */
async function refuseDemoData(ds: DataSource): Promise<void> {
  const { users, demoCa } = await demoDataPresent(ds);
  if (!users.length && !demoCa) return;
  const found = [
    ...(users.length
      ? [
          `${users.length} demo account(s) with the password "demo" (${users.slice(0, 3).join(', ')}${users.length > 3 ? ', …' : ''})`,
        ]
      : []),
    ...(demoCa ? ['the demo certificate authority as a trusted root'] : []),
  ];
  throw new StartRefused(
    `Refusing to start with NODE_ENV=production: the database holds demo data (${found.join(' and ')}); remove it, or set ALLOW_DEMO_DATA=true to start anyway.`,
  );
}
