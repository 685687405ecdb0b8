import { DataSource } from 'typeorm';
import { UsersRepository, hashPassword } from '@app/auth';
import { FormsRepository, FormsService } from '@app/forms';
import { OrgRepository } from '@app/org';
import { PeriodsRepository } from '@app/reports';
import {
  DEMO_ORG_UNITS,
  DEMO_PASSWORD,
  DEMO_PERIOD,
  DEMO_USERS,
  DEMO_VALID_FROM,
} from './demo-data';

/**
 * Loads the demo data (org units, users, the shipped forms, the 2024-H1 period) in one
 * transaction when the database holds no org unit yet, through the contexts' repositories.
 * Separate from the migrations: run by `npm run seed` or at start unless SEED_DEMO=false.
 */
export async function seedDemoIfEmpty(ds: DataSource): Promise<boolean> {
  const org = new OrgRepository(ds);
  if ((await org.count()) > 0) return false;
  const users = new UsersRepository(ds);
  const forms = new FormsService(ds, new FormsRepository(ds));
  const periods = new PeriodsRepository(ds);
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
        validFrom: DEMO_VALID_FROM,
        validTo: null,
        successorId: null,
      });
      ids.set(u.code, id);
    }
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
    const pinned = (await forms.installShipped(em))
      .filter((def) => DEMO_PERIOD.forms.includes(def.code))
      .map((def) => ({ code: def.code, version: def.version }));
    await periods.insert({ ...DEMO_PERIOD, forms: pinned, open: true }, em);
  });
  return true;
}
