import { createHash, verify, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { appDataSourceOptions } from '../../apps/api/src/database/schema';
import { provisionDemoTokens } from '@app/demo';
import { OrganisationSlotSigner, Pkcs11DigestSigner } from '@app/signatures';
import { SoftHsm, startSoftHsm } from '../support/softhsm';
import { createTestDatabase, TestDatabase } from '../support/test-db';

/** The demo's tokens for the demo units of a seeded database (provisionDemoTokens). */
describe(provisionDemoTokens.name, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let dataDir: string;
  let hsm: SoftHsm;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(appDataSourceOptions(db.url, 2)).initialize();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-demo-tokens-'));
    // The configuration provisionDemoTokens writes, named in the process's real environment.
    hsm = startSoftHsm(path.join(dataDir, 'softhsm'));
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    hsm?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const registered = async (kind: 'user' | 'orgUnit', ownerId: string): Promise<Buffer[]> =>
    (
      await ds.query(
        `SELECT certificate_der FROM registered_certificate WHERE owner_kind = $1 AND owner_id = $2`,
        [kind, ownerId],
      )
    ).map((r: { certificate_der: Buffer }) => r.certificate_der);

  it('gives the current heads and units tokens, the legacy units the server slot, and registers the certificates', async () => {
    const tokens = (await provisionDemoTokens(ds, dataDir))!;
    expect(tokens).not.toBeNull();
    expect([...tokens.users.keys()].sort()).toEqual(
      expect.arrayContaining(['kylua.head', 'luongvantri.head', 'syt.head']),
    );
    expect([...tokens.users.keys()]).not.toContain('hoangdong.head');
    expect(tokens.units.get('SYT')).toMatchObject({ tokenLabel: 'org-SYT', signingMode: 'token' });
    expect(tokens.units.get('LVT')).toMatchObject({ tokenLabel: 'org-LVT' });
    for (const code of ['LS', 'TPLS', 'HD', 'MP', 'QL'])
      expect(tokens.units.get(code)).toMatchObject({
        tokenLabel: 'te-org-slot',
        keyLabel: code,
        signingMode: 'approval',
      });

    const [head] = await ds.query(`SELECT id, full_name FROM app_user WHERE username = 'syt.head'`);
    const headCert = new X509Certificate(tokens.users.get('syt.head')!.certPem);
    expect(headCert.subject).toContain(`CN=${head.full_name}`);
    expect((await registered('user', head.id)).some((d) => d.equals(headCert.raw))).toBe(true);
    const [hd] = await ds.query(`SELECT id FROM org_unit WHERE code = 'HD'`);
    const hdCert = new X509Certificate(tokens.units.get('HD')!.certPem);
    expect((await registered('orgUnit', hd.id)).some((d) => d.equals(hdCert.raw))).toBe(true);

    // The head's token signs with the registered certificate's key.
    const data = Buffer.from('báo cáo');
    const sig = await Pkcs11DigestSigner.with(
      { module: tokens.module, tokenLabel: 'syt.head', pin: tokens.pin },
      (s) => s.sign(data),
    );
    expect(verify('sha256', data, headCert.publicKey, sig)).toBe(true);
    // The server's slot signs for a legacy unit with its registered certificate.
    const slot = await new OrganisationSlotSigner(tokens.orgSlot).signerFor({
      id: hd.id,
      code: 'HD',
    });
    expect((await slot.certificate()).equals(hdCert.raw)).toBe(true);
    const digest = createHash('sha256').update(data).digest();
    expect(verify('sha256', digest, hdCert.publicKey, await slot.sign(digest))).toBe(true);

    // A restart keeps the keys and registers nothing twice.
    const count = async () =>
      Number((await ds.query(`SELECT count(*)::int AS n FROM registered_certificate`))[0].n);
    const before = await count();
    const again = (await provisionDemoTokens(ds, dataDir))!;
    expect(again.users.get('syt.head')!.certPem).toBe(tokens.users.get('syt.head')!.certPem);
    expect(await count()).toBe(before);
  });

  it('provisions nothing where SOFTHSM2_CONF names another configuration (SoftHSM reads one per process)', async () => {
    const before = process.env.SOFTHSM2_CONF;
    process.env.SOFTHSM2_CONF = path.join(dataDir, 'elsewhere', 'softhsm2.conf');
    try {
      const count = async () =>
        Number((await ds.query(`SELECT count(*)::int AS n FROM registered_certificate`))[0].n);
      const n = await count();
      expect(await provisionDemoTokens(ds, dataDir)).toBeNull();
      expect(await count()).toBe(n);
    } finally {
      if (before === undefined) delete process.env.SOFTHSM2_CONF;
      else process.env.SOFTHSM2_CONF = before;
    }
  });
});
