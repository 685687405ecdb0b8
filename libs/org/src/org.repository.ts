import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgUnit } from './entities/org-unit.entity';

/** Thin queries over the dated org tree. */
@Injectable()
export class OrgRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findAll(): Promise<OrgUnit[]> {
    return this.ds.getRepository(OrgUnit).find({ order: { level: 'ASC', code: 'ASC' } });
  }

  findById(id: string): Promise<OrgUnit | null> {
    return this.ds.getRepository(OrgUnit).findOneBy({ id });
  }

  findByCode(code: string): Promise<OrgUnit | null> {
    return this.ds.getRepository(OrgUnit).findOneBy({ code });
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
