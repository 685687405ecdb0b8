import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { OrgUnit } from './entities/org-unit.entity';

/** Thin queries over the dated org tree: the only place that reads org_unit. */
@Injectable()
export class OrgRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** A new unit; its id. */
  async insert(
    em: EntityManager,
    unit: Omit<OrgUnit, 'id' | 'createdAt' | 'parent' | 'successor'>,
  ): Promise<string> {
    return (await em.getRepository(OrgUnit).save(em.getRepository(OrgUnit).create(unit))).id;
  }

  async count(): Promise<number> {
    return this.ds.getRepository(OrgUnit).count();
  }

  findAll(): Promise<OrgUnit[]> {
    return this.ds.getRepository(OrgUnit).find({ order: { level: 'ASC', code: 'ASC' } });
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

  /** Ids of the unit's ancestors, nearest first. */
  async ancestorIds(unitId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
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

  /** Direct children valid on the given date (YYYY-MM-DD). */
  childrenOn(unitId: string, onDate: string): Promise<OrgUnit[]> {
    return this.ds
      .getRepository(OrgUnit)
      .createQueryBuilder('o')
      .where('o.parent_id = :unitId', { unitId })
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
