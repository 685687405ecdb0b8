import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { OrgUnit } from './entities/org-unit.entity';

export type NewUnit = Omit<
  OrgUnit,
  'id' | 'createdAt' | 'parent' | 'successor' | 'kind' | 'headerLines' | 'signingMode'
> &
  Partial<Pick<OrgUnit, 'kind' | 'headerLines' | 'signingMode'>>;

/** Thin queries over the dated org tree: the only place that reads org_unit. */
@Injectable()
export class OrgRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** A new unit; its id. */
  async insert(em: EntityManager, unit: NewUnit): Promise<string> {
    const repo = em.getRepository(OrgUnit);
    return (await repo.save(repo.create({ kind: 'collective', headerLines: null, ...unit }))).id;
  }

  /** Many new units in one statement (their parents are set afterwards with setParents); code → id. */
  async insertMany(
    em: EntityManager,
    units: Omit<NewUnit, 'parentId' | 'successorId'>[],
  ): Promise<Map<string, string>> {
    if (units.length === 0) return new Map();
    const col = <K extends keyof (typeof units)[number]>(k: K) => units.map((u) => u[k] ?? null);
    const rows: { id: string; code: string }[] = await em.query(
      `INSERT INTO org_unit (code, name, level, governing_body, abbreviation, place_name, kind, header_lines, filing_unit, valid_from, valid_to)
       SELECT c, n, l, g, a, p, k, h::jsonb, f, vf::date, vt::date
         FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[], $8::text[], $9::varchar[], $10::text[], $11::text[])
           AS x(c, n, l, g, a, p, k, h, f, vf, vt)
       RETURNING id, code`,
      [
        col('code'),
        col('name'),
        col('level'),
        col('governingBody'),
        col('abbreviation'),
        col('placeName'),
        units.map((u) => u.kind ?? 'collective'),
        units.map((u) => (u.headerLines ? JSON.stringify(u.headerLines) : null)),
        col('filingUnit'),
        col('validFrom'),
        col('validTo'),
      ],
    );
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  /** Sets the parents of many units in one statement. */
  async setParents(
    em: EntityManager,
    links: { id: string; parentId: string | null }[],
  ): Promise<void> {
    if (links.length === 0) return;
    await em.query(
      `UPDATE org_unit o SET parent_id = x.p FROM unnest($1::uuid[], $2::uuid[]) AS x(i, p) WHERE o.id = x.i`,
      [links.map((l) => l.id), links.map((l) => l.parentId)],
    );
  }

  /** Changes the described fields of many units in one statement (the parent too). */
  async updateMany(
    em: EntityManager,
    rows: (Pick<
      OrgUnit,
      | 'id'
      | 'name'
      | 'level'
      | 'abbreviation'
      | 'placeName'
      | 'kind'
      | 'validFrom'
      | 'validTo'
      | 'governingBody'
      | 'filingUnit'
    > & { parentId: string | null })[],
  ): Promise<void> {
    if (rows.length === 0) return;
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k] ?? null);
    await em.query(
      `UPDATE org_unit o SET name = x.n, level = x.l, abbreviation = x.a, place_name = x.p, kind = x.k, valid_from = x.vf::date,
              valid_to = x.vt::date, governing_body = x.g, filing_unit = x.f, parent_id = x.pa
         FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::text[], $8::text[], $9::varchar[], $10::varchar[], $11::uuid[])
           AS x(i, n, l, a, p, k, vf, vt, g, f, pa)
        WHERE o.id = x.i`,
      [
        col('id'),
        col('name'),
        col('level'),
        col('abbreviation'),
        col('placeName'),
        col('kind'),
        col('validFrom'),
        col('validTo'),
        col('governingBody'),
        col('filingUnit'),
        col('parentId'),
      ],
    );
  }

  /** Changes some fields of a unit inside the caller's transaction. */
  async update(
    em: EntityManager,
    id: string,
    changes: Partial<Omit<OrgUnit, 'id' | 'createdAt' | 'parent' | 'successor'>>,
  ): Promise<void> {
    await em.getRepository(OrgUnit).update({ id }, changes);
  }

  /** Units by code (any order; unknown codes left out). */
  findByCodes(codes: string[], em: EntityManager = this.ds.manager): Promise<OrgUnit[]> {
    const unique = [...new Set(codes)];
    return unique.length
      ? em.getRepository(OrgUnit).find({ where: { code: In(unique) } })
      : Promise.resolve([]);
  }

  async count(): Promise<number> {
    return this.ds.getRepository(OrgUnit).count();
  }

  findAll(em: EntityManager = this.ds.manager): Promise<OrgUnit[]> {
    return em.getRepository(OrgUnit).find({ order: { level: 'ASC', code: 'ASC' } });
  }

  /** A unit (inside the caller's transaction when given). */
  findById(id: string, em: EntityManager = this.ds.manager): Promise<OrgUnit | null> {
    return em.getRepository(OrgUnit).findOneBy({ id });
  }

  findByCode(code: string): Promise<OrgUnit | null> {
    return this.ds.getRepository(OrgUnit).findOneBy({ code });
  }

  /** The units of these ids (any order; unknown ids are left out). */
  findByIds(ids: string[], em: EntityManager = this.ds.manager): Promise<OrgUnit[]> {
    const unique = [...new Set(ids)];
    return unique.length
      ? em.getRepository(OrgUnit).find({ where: { id: In(unique) }, order: { code: 'ASC' } })
      : Promise.resolve([]);
  }

  /** id → official name of these units. */
  async namesByIds(ids: string[]): Promise<Map<string, string>> {
    return new Map((await this.findByIds(ids)).map((u) => [u.id, u.name]));
  }

  /** Ids of the unit's ancestors, nearest first (inside a transaction: pass its manager, not a second connection). */
  async ancestorIds(unitId: string, em: EntityManager = this.ds.manager): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `WITH RECURSIVE up(id, parent_id, depth) AS (
         SELECT id, parent_id, 0 FROM org_unit WHERE id = $1
         UNION ALL
         SELECT o.id, o.parent_id, up.depth + 1 FROM org_unit o JOIN up ON o.id = up.parent_id WHERE up.depth < 16
       )
       SELECT id FROM up WHERE depth > 0 ORDER BY depth`,
      [unitId],
    );
    return rows.map((r) => r.id);
  }

  /** Direct children (of one unit or of several) valid on the given date (YYYY-MM-DD). */
  childrenOn(unitId: string | string[], onDate: string): Promise<OrgUnit[]> {
    const parents = Array.isArray(unitId) ? unitId : [unitId];
    return this.ds
      .getRepository(OrgUnit)
      .createQueryBuilder('o')
      .where('o.parent_id IN (:...parents)', { parents })
      .andWhere('o.valid_from <= :d AND (o.valid_to IS NULL OR o.valid_to >= :d)', { d: onDate })
      .orderBy('o.code')
      .getMany();
  }

  /** Ids of the direct children, whatever their validity. */
  async childIds(unitId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM org_unit WHERE parent_id = $1`,
      [unitId],
    );
    return rows.map((r) => r.id);
  }

  /** Ids of every descendant, at any depth, regardless of validity. */
  async descendantIds(unitId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `WITH RECURSIVE down(id, depth) AS (
         SELECT id, 0 FROM org_unit WHERE id = $1
         UNION ALL
         SELECT o.id, down.depth + 1 FROM org_unit o JOIN down ON o.parent_id = down.id WHERE down.depth < 16
       )
       SELECT id FROM down WHERE depth > 0`,
      [unitId],
    );
    return rows.map((r) => r.id);
  }
}
