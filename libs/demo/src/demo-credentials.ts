import { X509Certificate } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UsersRepository } from '@app/auth';
import { OrgRepository } from '@app/org';
import { CredentialCipher } from '@app/common';
import {
  SigningCredentialsRepository,
  SigningCredentialsService,
  ensureDemoPki,
} from '@app/signatures';

/**
 * The demo's certificates: a demo CA (kept in `pkiDir`, outside the repository) and a PKCS#12 for
 * every head and every unit of the database that has none yet, stored encrypted; the demo CA is
 * trusted. Run at start when the demo data is loaded. Answers how many certificates were issued.
 */
export async function provisionDemoCredentials(
  ds: DataSource,
  pkiDir: string,
  secret: string,
): Promise<number> {
  const users = new UsersRepository(ds);
  const org = new OrgRepository(ds);
  const repo = new SigningCredentialsRepository(ds);
  const credentials = new SigningCredentialsService(
    ds,
    new CredentialCipher(secret),
    repo,
    users,
    org,
  );
  const [withUser, withUnit] = [
    await repo.ownersWithCredential('user'),
    await repo.ownersWithCredential('orgUnit'),
  ];
  const heads = (await users.heads()).filter((h) => !withUser.has(h.id));
  const units = (await org.findAll()).filter((u) => !withUnit.has(u.id));
  if (heads.length === 0 && units.length === 0) return 0;
  const unitNames = new Map((await org.findAll()).map((u) => [u.id, u.name]));
  const pki = ensureDemoPki(
    pkiDir,
    heads.map((h) => ({
      username: h.username,
      fullName: h.fullName,
      unitName: unitNames.get(h.orgUnitId) ?? '',
    })),
    units.map((u) => ({ code: u.code, name: u.name })),
  );
  await ds.transaction(async (em) => {
    await repo.addTrustedRoot(
      em,
      new X509Certificate(pki.ca.certPem).subject.replace(/\n/g, ', '),
      pki.ca.certPem,
    );
    for (const h of heads)
      await credentials.store(em, 'user', h.id, pki.p12ByUser.get(h.username)!, pki.password);
    for (const u of units)
      await credentials.store(em, 'orgUnit', u.id, pki.p12ByUnit.get(u.code)!, pki.password);
  });
  return heads.length + units.length;
}
