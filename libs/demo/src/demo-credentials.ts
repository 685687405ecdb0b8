import { X509Certificate } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UsersRepository } from '@app/auth';
import { OrgRepository } from '@app/org';
import { OrgScope } from '@app/org';
import {
  RegisteredCertificatesRepository,
  RegisteredCertificatesService,
  SigningCredentialsRepository,
  ensureDemoPki,
  pemCertificates,
  readPkcs12,
} from '@app/signatures';

/**
 * The demo's certificates: a demo CA (kept in `pkiDir`, outside the repository) and a PKCS#12 file
 * there for every head and every unit, as a signer keeps one on their own computer (the sign
 * client's .p12 mode); the database gets only the certificates, registered in the profiles, never
 * a key (the demo's tokens: provisionDemoTokens). The demo CA is trusted. Run at start when the
 * demo data is loaded. Answers how many certificates were registered.
 */
export async function provisionDemoCredentials(ds: DataSource, pkiDir: string): Promise<number> {
  const users = new UsersRepository(ds);
  const org = new OrgRepository(ds);
  const repo = new SigningCredentialsRepository(ds);
  const registeredRepo = new RegisteredCertificatesRepository(ds);
  const registered = new RegisteredCertificatesService(
    ds,
    registeredRepo,
    users,
    org,
    new OrgScope(org),
  );
  const [withUser, withUnit] = [
    await registeredRepo.ownersWithValid('user'),
    await registeredRepo.ownersWithValid('orgUnit'),
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
    const certificateOf = (p12: Buffer) =>
      pemCertificates(readPkcs12(p12, pki.password).certPem)[0];
    for (const h of heads)
      await registered.storeDer(em, 'user', h.id, certificateOf(pki.p12ByUser.get(h.username)!));
    for (const u of units)
      await registered.storeDer(em, 'orgUnit', u.id, certificateOf(pki.p12ByUnit.get(u.code)!));
  });
  return heads.length + units.length;
}
