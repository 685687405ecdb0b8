import { DataSource } from 'typeorm';
import { appDataSourceOptions } from '../../apps/api/src/database/schema';
import { OrgRepository, OrgUnit } from '@app/org';
import { createTestDatabase, TestDatabase } from '../support/test-db';

/** Both hierarchies side by side: legacy province → district → commune until 30/6/2025, then province → commune. */
describe(OrgRepository.name, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let repo: OrgRepository;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(appDataSourceOptions(db.url, 2)).initialize();
    repo = new OrgRepository(ds);
    const add = async (
      code: string,
      level: OrgUnit['level'],
      parent: string | null,
      validFrom: string,
      validTo: string | null,
    ) => {
      const saved = await ds.getRepository(OrgUnit).save({
        code,
        name: `Đơn vị ${code}`,
        level,
        parentId: parent ? ids[parent] : null,
        governingBody: null,
        abbreviation: 'UBND',
        placeName: code,
        filingUnit: null,
        validFrom,
        validTo,
        successorId: null,
      });
      ids[code] = saved.id;
    };
    await add('P', 'province', null, '2000-01-01', null);
    await add('D', 'district', 'P', '2000-01-01', '2025-06-30');
    await add('C1', 'commune', 'D', '2000-01-01', '2025-06-30');
    await add('C2', 'commune', 'D', '2000-01-01', '2025-06-30');
    await add('N1', 'commune', 'P', '2025-07-01', null);
    await ds.getRepository(OrgUnit).update({ id: ids.C1 }, { successorId: ids.N1 });
    await ds.getRepository(OrgUnit).update({ id: ids.C2 }, { successorId: ids.N1 });
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('finds the lower units valid on a date in either hierarchy', async () => {
    expect((await repo.childrenOn(ids.P, '2024-06-14')).map((o) => o.code)).toEqual(['D']);
    expect((await repo.childrenOn(ids.D, '2024-06-14')).map((o) => o.code)).toEqual(['C1', 'C2']);
    expect((await repo.childrenOn(ids.P, '2025-12-14')).map((o) => o.code)).toEqual(['N1']);
    expect(await repo.childrenOn(ids.D, '2025-12-14')).toEqual([]);
  });

  it('walks ancestors nearest first and descendants at any depth', async () => {
    expect(await repo.ancestorIds(ids.C1)).toEqual([ids.D, ids.P]);
    expect((await repo.descendantIds(ids.P)).sort()).toEqual(
      [ids.D, ids.C1, ids.C2, ids.N1].sort(),
    );
  });

  it('refuses an unknown level and a validity that ends before it starts', async () => {
    const base = { name: 'x', abbreviation: 'UBND', placeName: 'x', validFrom: '2020-01-01' };
    await expect(
      ds.getRepository(OrgUnit).insert({ ...base, code: 'BAD1', level: 'village' as never }),
    ).rejects.toThrow(/org_unit_level_check/);
    await expect(
      ds
        .getRepository(OrgUnit)
        .insert({ ...base, code: 'BAD2', level: 'commune', validTo: '2019-01-01' }),
    ).rejects.toThrow(/org_unit_validity_check/);
  });
});
