import { DataSource } from 'typeorm';
import { UsersRepository, hashPassword } from '@app/auth';
import { FormsRepository, FormsService } from '@app/forms';
import { vietnamDate } from '@app/common';
import { OrgRepository, SuccessorsRepository } from '@app/org';
import { PeriodsRepository } from '@app/reports';
import { DEMO_ORG_UNITS, DEMO_PASSWORD, DEMO_USERS } from './demo-data';
import { DEMO_LEGACY_PERIOD, demoCurrentPeriod } from './demo-periods';

/**
 * Loads the demo data (org units of both eras with their successor links, users, the shipped
 * forms, the legacy 2024-H1 period and the period open today) in one transaction when the database
 * holds no org unit yet, through the contexts' repositories. The legacy period is left open for
 * the demo history (demo-history.ts) to play its reports through and close it. Separate from the
 * migrations: run by `npm run seed` or at start unless SEED_DEMO=false.
 */
export async function seedDemoIfEmpty(
  ds: DataSource,
  today: string = vietnamDate(),
): Promise<boolean> {
  const org = new OrgRepository(ds);
  if ((await org.count()) > 0) return false;
  const users = new UsersRepository(ds);
  const forms = new FormsService(ds, new FormsRepository(ds));
  const periods = new PeriodsRepository(ds);
  const successors = new SuccessorsRepository(ds);
  const passwordHashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  await ds.transaction(async (em) => {
    const ids = new Map<string, string>();
    for (const u of DEMO_ORG_UNITS) {
      const id = await org.insert(em, {
        code: u.code,
        name: u.name,
        level: u.level,
        parentId: u.parent ? ids.get(u.parent)! : null,
        governingBody: u.governingBody,
        abbreviation: u.abbreviation,
        placeName: u.placeName,
        filingUnit: u.filingUnit,
        kind: u.kind,
        // The legacy units never had tokens: their heads approve, their clerks issue with the
        // organisation's server-side slot; the current units sign with their own keys.
        signingMode: u.validTo ? 'approval' : 'token',
        validFrom: u.validFrom,
        validTo: u.validTo,
        successorId: null,
      });
      ids.set(u.code, id);
    }
    // Successor links on the legacy units: a merge is two links to one ward (no share needed).
    for (const u of DEMO_ORG_UNITS)
      for (const old of u.replaces ?? [])
        await successors.replace(em, ids.get(old)!, [
          ...(await successors.of(ids.get(old)!, em)).map((l) => ({
            successorId: l.successorId,
            share: l.share,
          })),
          { successorId: ids.get(u.code)!, share: null },
        ]);
    await users.insertMany(
      em,
      DEMO_USERS.map((u, i) => ({
        username: u.username,
        passwordHash: passwordHashes[i],
        fullName: u.fullName,
        orgUnitId: ids.get(u.unit)!,
        roles: u.roles,
        positionTitle: u.positionTitle,
        signAuthority: u.signAuthority,
        signHeadTitle: u.signHeadTitle,
        active: true,
      })),
    );
    // The shipped forms are installed with the schema (they are part of the product).
    const shipped = await forms.installShipped(em);
    for (const period of [DEMO_LEGACY_PERIOD, demoCurrentPeriod(today)]) {
      const pinned = shipped
        .filter((def) => period.forms.includes(def.code))
        .map((def) => ({ code: def.code, version: def.version }));
      await periods.insert({ ...period, forms: pinned, open: true }, em);
    }
  });
  return true;
}
