import { X509Certificate } from 'node:crypto';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { OrgScope, OrgRepository } from '@app/org';
import { UsersRepository } from '@app/auth';
import {
  DemoTokens,
  ensureDemoTokens,
  RegisteredCertificatesRepository,
  RegisteredCertificatesService,
} from '@app/signatures';

/**
 * The demo's PKCS#11 tokens (SoftHSM2 under `dataDir/softhsm`, ensureDemoTokens) for the units of
 * the database: a token per head of a `token`-mode unit and one per such unit's organisation
 * (its clerk's), the `approval`-mode units' keys in the server's organisation slot. Each token
 * certificate is registered in its owner's profile (next to whatever else is registered there),
 * so a demo head can sign with the sign client and the slot's signatures verify. Answers the
 * tokens, whose `orgSlot` configures OrganisationSlotSigner when ORG_PKCS11_* is not set.
 * Run at every start of the demo (what exists is kept), under the seeding's lock.
 *
 * SoftHSM reads one configuration per process (SOFTHSM2_CONF, when its module is first opened): a
 * process whose SOFTHSM2_CONF names another configuration (an installation's own tokens) cannot
 * reach the demo's, so nothing is provisioned there and the answer is null.
 */
export async function provisionDemoTokens(
  ds: DataSource,
  dataDir: string,
): Promise<DemoTokens | null> {
  const demoConf = path.join(dataDir, 'softhsm', 'softhsm2.conf');
  const named = process.env.SOFTHSM2_CONF;
  if (named && path.resolve(named) !== path.resolve(demoConf)) return null;
  const users = new UsersRepository(ds);
  const org = new OrgRepository(ds);
  const units = await org.findAll();
  const byId = new Map(units.map((u) => [u.id, u]));
  const heads = (await users.heads()).filter(
    (h) => byId.get(h.orgUnitId)?.signingMode === 'token' && h.active,
  );
  const tokens = await ensureDemoTokens(
    dataDir,
    heads.map((h) => ({
      username: h.username,
      fullName: h.fullName,
      unitName: byId.get(h.orgUnitId)!.name,
    })),
    units.map((u) => ({ code: u.code, name: u.name, signingMode: u.signingMode })),
    path.join(dataDir, 'pki'),
  );
  const repo = new RegisteredCertificatesRepository(ds);
  const registered = new RegisteredCertificatesService(ds, repo, users, org, new OrgScope(org));
  await ds.transaction(async (em) => {
    for (const h of heads)
      await registered.storeDer(
        em,
        'user',
        h.id,
        new X509Certificate(tokens.users.get(h.username)!.certPem).raw,
      );
    for (const u of units)
      await registered.storeDer(
        em,
        'orgUnit',
        u.id,
        new X509Certificate(tokens.units.get(u.code)!.certPem).raw,
      );
  });
  return tokens;
}
