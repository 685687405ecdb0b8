import { X509Certificate } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UsersRepository } from '@app/auth';
import { OrgRepository } from '@app/org';
import { CredentialCipher } from '@app/common';
import { OrgScope } from '@app/org';
import {
  RegisteredCertificatesRepository,
  RegisteredCertificatesService,
  SigningCredentialsRepository,
  SigningCredentialsService,
  ensureDemoPki,
  pemCertificates,
  readPkcs12,
} from '@app/signatures';

/**
 * The demo's certificates: a demo CA (kept in `pkiDir`, outside the repository) and a PKCS#12 file
 * there for every head and every unit; the database gets only the certificates, registered in the
 * profiles (a demo head signs with their file through the sign client). TRANSITIONAL: the units'
 * PKCS#12 are still stored (encrypted) for the organisation's server-side signature of
 * approval-mode units, until the server-side PKCS#11 slot replaces them. The demo CA is trusted.
 * Run at start when the demo data is loaded. Answers how many certificates were registered.
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
  const registeredRepo = new RegisteredCertificatesRepository(ds);
  const registered = new RegisteredCertificatesService(
    ds,
    registeredRepo,
    users,
    org,
    new OrgScope(org),
  );
  const [withUser, withUnit, withUnitKey] = [
    await registeredRepo.ownersWithValid('user'),
    await registeredRepo.ownersWithValid('orgUnit'),
    await repo.ownersWithCredential('orgUnit'),
  ];
  const heads = (await users.heads()).filter((h) => !withUser.has(h.id));
  const units = (await org.findAll()).filter((u) => !withUnit.has(u.id) || !withUnitKey.has(u.id));
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
    for (const u of units) {
      const p12 = pki.p12ByUnit.get(u.code)!;
      await registered.storeDer(em, 'orgUnit', u.id, certificateOf(p12));
      if (!withUnitKey.has(u.id)) await credentials.store(em, 'orgUnit', u.id, p12, pki.password);
    }
  });
  return heads.length + units.length;
}
