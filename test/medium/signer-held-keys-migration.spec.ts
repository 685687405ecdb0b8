import { DataSource } from 'typeorm';
import { createCertificateAuthority, issueCertificate, toPkcs12 } from '@app/signatures';
import { APP_SCHEMA } from '../../apps/api/src/database/schema';
import { dataSourceOptions } from '@app/database';
import { createTestDatabase, TestDatabase } from '../support/test-db';

/**
 * The migration SignerHeldKeys on a database that held keys: every PKCS#12 credential deleted,
 * its certificate kept as a registered certificate; existing units keep issuing in `approval`
 * mode, new ones default to `token`.
 */
describe('migration SignerHeldKeys (medium)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const at = APP_SCHEMA.migrations.findIndex((m) => m.name === 'SignerHeldKeys1796207502204');

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    // The schema as it was before, with a unit, a head and their credentials.
    const before = new DataSource(
      dataSourceOptions(
        db.ownerUrl,
        { ...APP_SCHEMA, migrations: APP_SCHEMA.migrations.slice(0, at) },
        2,
      ),
    );
    await before.initialize();
    await before.runMigrations({ transaction: 'each' });
    const [{ id: unitId }] = await before.query(
      `INSERT INTO org_unit (code, name, level, abbreviation, place_name, valid_from) VALUES ('X', 'Ủy ban nhân dân xã X', 'commune', 'UBND', 'X', '2020-01-01') RETURNING id`,
    );
    const [{ id: headId }] = await before.query(
      `INSERT INTO app_user (username, password_hash, full_name, org_unit_id, roles) VALUES ('x.head', 'x', 'Lãnh đạo X', $1, ARRAY['head']) RETURNING id`,
      [unitId],
    );
    await before.query(
      `INSERT INTO app_user (username, password_hash, full_name, org_unit_id, roles) VALUES ('y.head', 'x', 'Lãnh đạo Y', $1, ARRAY['head'])`,
      [unitId],
    );
    const ca = createCertificateAuthority({ commonName: 'CA cũ' });
    for (const [kind, id, cn] of [
      ['user', headId, 'Lãnh đạo X'],
      ['orgUnit', unitId, 'Ủy ban nhân dân xã X'],
    ]) {
      const c = issueCertificate(ca, {
        commonName: cn,
        kind: kind === 'user' ? 'person' : 'organisation',
      });
      await before.query(
        `INSERT INTO signing_credential (owner_kind, owner_id, subject, not_after, certificate_pem, p12_encrypted, password_encrypted) VALUES ($1, $2, $3, now() + interval '1 year', $4, $5, $6)`,
        [
          kind,
          id,
          `CN=${cn}`,
          c.certPem,
          toPkcs12(c.certPem, c.keyPem, ca.certPem, 'pw'),
          Buffer.from('pw'),
        ],
      );
    }
    await before.destroy();
    ds = new DataSource(dataSourceOptions(db.ownerUrl, APP_SCHEMA, 2));
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db.drop();
  });

  it('deletes every held key, keeps each certificate registered, and names the heads still without one', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    let logged: string;
    try {
      await ds.runMigrations({ transaction: 'each' });
      logged = log.mock.calls.flat().join(' ');
    } finally {
      log.mockRestore();
    }
    expect(await ds.query(`SELECT count(*)::int AS n FROM signing_credential`)).toEqual([{ n: 0 }]);
    const registered = await ds.query(
      `SELECT owner_kind, subject FROM registered_certificate ORDER BY owner_kind`,
    );
    expect(registered).toEqual([
      { owner_kind: 'orgUnit', subject: expect.stringContaining('Ủy ban nhân dân xã X') },
      { owner_kind: 'user', subject: expect.stringContaining('Lãnh đạo X') },
    ]);
    expect(logged).toMatch(/2 server-held key\(s\) deleted.*y\.head/);
    expect(await ds.query(`SELECT signing_mode FROM org_unit`)).toEqual([
      { signing_mode: 'approval' },
    ]);
    await ds.query(
      `INSERT INTO org_unit (code, name, level, abbreviation, place_name, valid_from) VALUES ('Z', 'Z', 'commune', 'UBND', 'Z', '2026-01-01')`,
    );
    expect(await ds.query(`SELECT signing_mode FROM org_unit WHERE code = 'Z'`)).toEqual([
      { signing_mode: 'token' },
    ]);
  });
});
