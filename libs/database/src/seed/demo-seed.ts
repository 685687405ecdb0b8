import { DataSource } from 'typeorm';
import { OrgUnit } from '@app/org';
import { User, hashPassword } from '@app/auth';
import { insertDefinition, loadShippedDefinitions } from '@app/forms';
import { ReportingPeriod } from '@app/reports';
import { DEMO_ORG_UNITS, DEMO_PASSWORD, DEMO_PERIOD, DEMO_USERS, DEMO_VALID_FROM } from './demo-data';

/**
 * Loads the demo data (org units, users, the shipped forms, the 2024-H1 period) in one
 * transaction when the database holds no org unit yet.
 * Separate from the migrations: run by `npm run seed` or at start unless SEED_DEMO=false.
 */
export async function seedDemoIfEmpty(ds: DataSource): Promise<boolean> {
  if ((await ds.getRepository(OrgUnit).count()) > 0) return false;
  const passwordHashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  await ds.transaction(async (em) => {
    const ids = new Map<string, string>();
    for (const u of DEMO_ORG_UNITS) {
      const saved = await em.getRepository(OrgUnit).save(
        em.getRepository(OrgUnit).create({
          code: u.code,
          name: u.name,
          level: u.level,
          parentId: u.parent ? ids.get(u.parent)! : null,
          governingBody: u.governingBody,
          abbreviation: u.abbreviation,
          placeName: u.placeName,
          filingUnit: u.filingUnit,
          validFrom: DEMO_VALID_FROM,
          validTo: null,
          successorId: null,
        }),
      );
      ids.set(u.code, saved.id);
    }
    await em.getRepository(User).insert(
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
    const pinned = [];
    for (const def of loadShippedDefinitions()) {
      const stored = await insertDefinition(em, def, null);
      if (DEMO_PERIOD.forms.includes(stored.code)) pinned.push({ code: stored.code, version: stored.version });
    }
    await em.getRepository(ReportingPeriod).insert({ ...DEMO_PERIOD, forms: pinned, open: true });
  });
  return true;
}
