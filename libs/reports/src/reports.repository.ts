import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { SqlConditions } from '@app/database';
import { OUT_STATES } from '@app/workflow';
import { ConsolidationMeta, Recipient, Report } from './entities/report.entity';
import { CellChange, ReportCellsRepository } from './report-cells.repository';

/** Which reports a list shows: `visibleTo` limits it to what a unit may see (absent for admins). */
export interface ReportFilter {
  visibleTo?: {
    unitId: string;
    /** Units whose submitted reports the unit sees: those below it, and its predecessors' (OrgLineage). */
    heldIds: string[];
    /** The unit and its predecessors: reports addressed to any of them are visible. */
    lineageIds: string[];
  };
  periodId?: string;
  state?: string;
  orgUnitId?: string;
  /** A phrase in the title or the unit's name, accents and case ignored. */
  q?: string;
}

export type NewReport = Pick<
  Report,
  | 'orgUnitId'
  | 'periodId'
  | 'type'
  | 'kind'
  | 'title'
  | 'narrative'
  | 'recipients'
  | 'forms'
  | 'createdBy'
> &
  Partial<Pick<Report, 'request'>>;

export interface ContentFields {
  title?: string;
  narrative?: string;
  recipients?: Recipient[];
}

/** What a guarded write leaves in the row. */
export type WrittenContent = Pick<
  Report,
  'version' | 'updatedAt' | 'title' | 'narrative' | 'recipients'
>;

/** A lower unit's report that is out, as consolidation reads it. */
export interface OutReport {
  id: string;
  orgUnitId: string;
  version: number;
  state: string;
  submittedAt: Date | null;
}

/** Thin queries over report: the only place that writes its rows. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findById(id: string, em: EntityManager = this.ds.manager): Promise<Report | null> {
    return em.getRepository(Report).findOneBy({ id });
  }

  /** What deciding who may see these reports needs: unit, state and recipients. */
  findAccessInfo(
    ids: string[],
  ): Promise<Pick<Report, 'id' | 'orgUnitId' | 'state' | 'recipients'>[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(Report).find({
      select: { id: true, orgUnitId: true, state: true, recipients: true },
      where: { id: In(ids) },
    });
  }

  /** The unit's current report of a type for a period (not one a replacement superseded). */
  findOne(orgUnitId: string, periodId: string, type: string): Promise<Report | null> {
    return this.ds
      .getRepository(Report)
      .findOneBy({ orgUnitId, periodId, type, supersededByReportId: IsNull() });
  }

  /**
   * A replacement of `oldId` (thay thế), in the caller's transaction: the old report steps aside
   * (superseded, so the one-report-per-period index admits the new one), the new draft takes its
   * content (ReportCellsRepository.copy its cells). Null when the old report was already superseded.
   */
  async insertReplacement(
    em: EntityManager,
    oldId: string,
    report: NewReport & { replacesDocumentId: string; consolidation: ConsolidationMeta | null },
  ): Promise<Report | null> {
    const id = randomUUID();
    const stepped: unknown[] = await em.query(
      `UPDATE report SET superseded_by_report_id = $2 WHERE id = $1 AND superseded_by_report_id IS NULL RETURNING id`,
      [oldId, id],
    );
    if (stepped.length === 0) return null;
    await em
      .getRepository(Report)
      .insert({ ...report, id, state: 'draft', step: 'editing', version: 1 });
    return em.getRepository(Report).findOneBy({ id });
  }

  /** A new draft (editing, version 1), or null when the unit already has a report of that type for the period. */
  async insertDraft(
    report: NewReport,
    em: EntityManager = this.ds.manager,
  ): Promise<Report | null> {
    try {
      const repo = em.getRepository(Report);
      return await repo.save(
        repo.create({ ...report, state: 'draft', step: 'editing', version: 1 }),
      );
    } catch (e) {
      if ((e as { code?: string }).code === '23505') return null;
      throw e;
    }
  }

  /** The newest 1000 reports matching the filter, newest change first. */
  async list(filter: ReportFilter): Promise<Report[]> {
    const w = new SqlConditions();
    if (filter.visibleTo) {
      const { unitId, heldIds, lineageIds } = filter.visibleTo;
      w.and(
        `(r.org_unit_id = ${w.param(unitId)} OR (r.state = ANY(${w.param(OUT_STATES)}::varchar[]) AND (r.org_unit_id = ANY(${w.param(heldIds)}::uuid[])
          OR EXISTS (SELECT 1 FROM jsonb_array_elements(r.recipients) e WHERE e->>'orgUnitId' = ANY(${w.param(lineageIds)}::text[])))))`,
      );
    }
    if (filter.periodId) w.and(`r.period_id = ${w.param(filter.periodId)}`);
    if (filter.state) w.and(`r.state = ${w.param(filter.state)}`);
    if (filter.orgUnitId) w.and(`r.org_unit_id = ${w.param(filter.orgUnitId)}`);
    if (filter.q)
      w.textMatch(
        ['r.title', '(SELECT u.name FROM org_unit u WHERE u.id = r.org_unit_id)'],
        filter.q,
      );
    const ids: { id: string }[] = await this.ds.query(
      `SELECT r.id FROM report r ${w} ORDER BY r.updated_at DESC LIMIT 1000`,
      w.params,
    );
    if (ids.length === 0) return [];
    const reports = await this.ds.getRepository(Report).findBy({ id: In(ids.map((r) => r.id)) });
    const order = new Map(ids.map((r, i) => [r.id, i]));
    return reports.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }

  /**
   * One statement: bump the version only if it is still the one the client read (and the report is
   * still being edited) and, only then, write the content and the cell changes. Null when nothing
   * was written (stale version, or no longer editable).
   */
  async writeDraft(
    id: string,
    expectedVersion: number,
    fields: ContentFields,
    changes: CellChange[],
  ): Promise<WrittenContent | null> {
    const cells = ReportCellsRepository.changesAsCtes('$1', changes, 6);
    const rows: {
      version: number;
      updated_at: Date;
      title: string;
      narrative: string;
      recipients: Recipient[];
    }[] = await this.ds.query(
      `WITH guard AS (
         UPDATE report SET version = version + 1, updated_at = now(),
           title = coalesce($3, title), narrative = coalesce($4, narrative), recipients = coalesce($5::jsonb, recipients)
         WHERE id = $1 AND version = $2 AND state = 'draft' AND step = 'editing'
           AND (SELECT is_open FROM reporting_period p WHERE p.id = report.period_id)
         RETURNING version, updated_at, title, narrative, recipients)${cells.ctes.map((c) => `,\n       ${c}`).join('')}
       SELECT version, updated_at, title, narrative, recipients FROM guard`,
      [
        id,
        expectedVersion,
        fields.title ?? null,
        fields.narrative ?? null,
        fields.recipients ? JSON.stringify(fields.recipients) : null,
        ...cells.params,
      ],
    );
    const row = rows[0];
    return row
      ? {
          version: row.version,
          updatedAt: new Date(row.updated_at),
          title: row.title,
          narrative: row.narrative,
          recipients: row.recipients,
        }
      : null;
  }

  /**
   * Moves one report to a new state if it still has the version the actor read; the new version, or
   * null. `acknowledge` stamps the upper unit's receipt; any step that leaves or enters the states
   * that are out clears it (a returned report resubmitted is received anew).
   */
  async transition(
    em: EntityManager,
    id: string,
    expectedVersion: number,
    to: { state: string; step: string | null },
    machineVersion: number,
    at: Date,
    acknowledge = false,
  ): Promise<number | null> {
    const [rows] = await em.query(
      `UPDATE report SET state = $3::varchar, step = $4::varchar, machine_version = $5, version = version + 1, updated_at = $6,
         submitted_at = CASE WHEN $3::varchar = 'submitted' AND state <> 'submitted' THEN $6 ELSE submitted_at END,
         acknowledged_at = CASE WHEN $7::boolean THEN $6
                                WHEN $3::varchar IN ('submitted', 'consolidated') AND state IN ('submitted', 'consolidated') THEN acknowledged_at
                                ELSE NULL END
       WHERE id = $1 AND version = $2 RETURNING version`,
      [id, expectedVersion, to.state, to.step, machineVersion, at, acknowledge],
    );
    return (rows as { version: number }[])[0]?.version ?? null;
  }

  /** Moves every one of these reports that is still in `from` to `to` (a system step); the ids moved. */
  async transitionMany(
    em: EntityManager,
    ids: string[],
    from: string,
    to: string,
    machineVersion: number,
    at: Date,
  ): Promise<string[]> {
    const [rows] = await em.query(
      `UPDATE report SET state = $3::varchar, step = NULL, machine_version = $4, version = version + 1, updated_at = $5
        WHERE id = ANY($1::uuid[]) AND state = $2::varchar RETURNING id`,
      [ids, from, to, machineVersion, at],
    );
    return (rows as { id: string }[]).map((r) => r.id);
  }

  /** The unit's report of a type for a period, locked for this transaction (consolidation creates or refreshes it). */
  async lockUnitReport(
    em: EntityManager,
    orgUnitId: string,
    periodId: string,
    type: string,
  ): Promise<Report | null> {
    await em.query(
      `SELECT pg_advisory_xact_lock(hashtext('consolidation:' || $1::text || ':' || $2::text))`,
      [orgUnitId, periodId],
    );
    return em
      .getRepository(Report)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where(
        'r.org_unit_id = :u AND r.period_id = :p AND r.type = :t AND r.superseded_by_report_id IS NULL',
        {
          u: orgUnitId,
          p: periodId,
          t: type,
        },
      )
      .getOne();
  }

  /** The latest reports of these units for a period that are out (issued and sent up). */
  async outReports(
    em: EntityManager,
    periodId: string,
    type: string,
    unitIds: string[],
  ): Promise<OutReport[]> {
    const rows: {
      id: string;
      org_unit_id: string;
      version: number;
      state: string;
      submitted_at: Date | null;
    }[] = await em.query(
      `SELECT id, org_unit_id, version, state, submitted_at FROM report
        WHERE period_id = $1 AND type = $2 AND org_unit_id = ANY($3::uuid[]) AND state = ANY($4::varchar[])
          AND superseded_by_report_id IS NULL`,
      [periodId, type, unitIds, OUT_STATES],
    );
    return rows.map((r) => ({
      id: r.id,
      orgUnitId: r.org_unit_id,
      version: r.version,
      state: r.state,
      submittedAt: r.submitted_at ? new Date(r.submitted_at) : null,
    }));
  }

  /** A consolidated report's sources summary and narrative, with a new version. */
  async saveConsolidation(
    em: EntityManager,
    id: string,
    meta: ConsolidationMeta,
    narrative: string,
  ): Promise<void> {
    await em.query(
      `UPDATE report SET kind = 'consolidated', consolidation = $2::jsonb, narrative = $3, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, JSON.stringify(meta), narrative],
    );
  }

  /** Whether the unit has signed (or issued) its consolidated report of the period. */
  async hasSignedConsolidated(orgUnitId: string, periodId: string): Promise<boolean> {
    const rows = await this.ds.query(
      `SELECT 1 FROM report WHERE org_unit_id = $1 AND period_id = $2 AND kind = 'consolidated' AND state <> 'draft' AND superseded_by_report_id IS NULL LIMIT 1`,
      [orgUnitId, periodId],
    );
    return rows.length > 0;
  }

  /** The narratives of these reports that are out (never a draft's), with their unit. */
  async outNarratives(ids: string[]): Promise<Pick<Report, 'id' | 'orgUnitId' | 'narrative'>[]> {
    if (ids.length === 0) return [];
    return this.ds.getRepository(Report).find({
      select: { id: true, orgUnitId: true, narrative: true },
      where: { id: In(ids), state: In([...OUT_STATES]) },
    });
  }

  /** The report of each of these units for a period (any state). */
  async ofUnits(
    periodId: string,
    type: string,
    unitIds: string[],
  ): Promise<Pick<Report, 'id' | 'orgUnitId' | 'state' | 'step' | 'submittedAt'>[]> {
    if (unitIds.length === 0) return [];
    return this.ds.getRepository(Report).find({
      select: { id: true, orgUnitId: true, state: true, step: true, submittedAt: true },
      where: { periodId, type, orgUnitId: In(unitIds), supersededByReportId: IsNull() },
    });
  }
}
