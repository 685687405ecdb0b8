import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A link from an ended unit to one that took over its area; `share` only for a split. */
export interface SuccessorLink {
  unitId: string;
  successorId: string;
  share: number | null;
}

/** The successor links between units (org_unit_successor): the only place that reads them. */
@Injectable()
export class SuccessorsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Every link (a few per reorganised unit: the whole table is small). */
  async all(em: EntityManager = this.ds.manager): Promise<SuccessorLink[]> {
    const rows: { unit_id: string; successor_id: string; share: string | null }[] = await em.query(
      `SELECT unit_id, successor_id, share FROM org_unit_successor ORDER BY unit_id, successor_id`,
    );
    return rows.map((r) => ({
      unitId: r.unit_id,
      successorId: r.successor_id,
      share: r.share === null ? null : Number(r.share),
    }));
  }

  /** The successors of a unit. */
  async of(unitId: string, em: EntityManager = this.ds.manager): Promise<SuccessorLink[]> {
    return (await this.all(em)).filter((l) => l.unitId === unitId);
  }

  /** Every unit whose successor links lead, at any depth, to `unitId` (its predecessors). */
  async predecessorIds(unitId: string): Promise<string[]> {
    const links = await this.all();
    const found = new Set<string>();
    const walk = (id: string, depth: number) => {
      if (depth >= 16) return;
      for (const l of links)
        if (l.successorId === id && !found.has(l.unitId)) {
          found.add(l.unitId);
          walk(l.unitId, depth + 1);
        }
    };
    walk(unitId, 0);
    found.delete(unitId);
    return [...found];
  }

  /** Replaces a unit's successors, and keeps org_unit.successor_id as its only successor (or null). */
  async replace(
    em: EntityManager,
    unitId: string,
    links: { successorId: string; share: number | null }[],
  ): Promise<void> {
    await em.query(`DELETE FROM org_unit_successor WHERE unit_id = $1`, [unitId]);
    if (links.length)
      await em.query(
        `INSERT INTO org_unit_successor (unit_id, successor_id, share)
         SELECT $1, s, sh FROM unnest($2::uuid[], $3::numeric[]) AS x(s, sh)`,
        [unitId, links.map((l) => l.successorId), links.map((l) => l.share)],
      );
    await em.query(`UPDATE org_unit SET successor_id = $2 WHERE id = $1`, [
      unitId,
      links.length === 1 ? links[0].successorId : null,
    ]);
  }
}
