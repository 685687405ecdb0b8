import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Every statement over `deadline_reminder`. */
@Injectable()
export class RemindersRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Records that these units were told at this offset, inside the caller's transaction; answers the
   * units recorded now — a unit told before (by this pass, an earlier one, another process) is not.
   */
  async record(
    em: EntityManager,
    periodId: string,
    daysBefore: number,
    units: { orgUnitId: string; deadline: string }[],
    at: Date,
  ): Promise<string[]> {
    if (!units.length) return [];
    const rows: { org_unit_id: string }[] = await em.query(
      `INSERT INTO deadline_reminder (period_id, org_unit_id, days_before, deadline, sent_at)
       SELECT $1, u, $2, d::date, $5 FROM unnest($3::uuid[], $4::text[]) AS x(u, d)
       ON CONFLICT DO NOTHING RETURNING org_unit_id`,
      [periodId, daysBefore, units.map((u) => u.orgUnitId), units.map((u) => u.deadline), at],
    );
    return rows.map((r) => r.org_unit_id);
  }

  /** The (unit, offset) pairs of a period already told. */
  async told(periodId: string): Promise<Set<string>> {
    const rows: { org_unit_id: string; days_before: number }[] = await this.ds.query(
      `SELECT org_unit_id, days_before FROM deadline_reminder WHERE period_id = $1`,
      [periodId],
    );
    return new Set(rows.map((r) => `${r.org_unit_id}:${r.days_before}`));
  }
}
