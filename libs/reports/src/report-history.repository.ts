import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OUT_STATES } from '@app/workflow';
import { ReportHistory } from './entities/report-history.entity';

export interface HistoryEntry {
  actorId: string | null;
  actorName: string;
  event: string;
  fromState: string;
  toState: string;
  comment: string | null;
  details: Record<string, unknown> | null;
  /** When the step was taken (the application's clock). */
  at: Date;
}

/** The latest workflow step of a report, with the report's own fields the inbox needs. */
export interface InboxRow {
  id: string;
  title: string;
  orgUnitId: string;
  periodId: string;
  state: string;
  step: string | null;
  since: Date;
  event: string | null;
  comment: string | null;
}

/** One situation an inbox shows: reports of these units in this state (and step, and after this event). */
export interface InboxWanted {
  unitIds: string[];
  state: string;
  step?: string;
  lastEvent?: string;
}

/** The append-only history of reports (the database refuses to change a row). */
@Injectable()
export class ReportHistoryRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async append(em: EntityManager, reportId: string, entry: HistoryEntry): Promise<void> {
    await em
      .getRepository(ReportHistory)
      .insert({ reportId, ...entry, details: entry.details as never });
  }

  /** The same entry for many reports, in one statement. */
  async appendMany(em: EntityManager, reportIds: string[], entry: HistoryEntry): Promise<void> {
    if (reportIds.length === 0) return;
    await em.query(
      `INSERT INTO report_history (report_id, actor_id, actor_name, event, from_state, to_state, comment, details, at)
       SELECT id, $2, $3, $4, $5, $6, $7, $8::jsonb, $9 FROM unnest($1::uuid[]) AS id`,
      [
        reportIds,
        entry.actorId,
        entry.actorName,
        entry.event,
        entry.fromState,
        entry.toState,
        entry.comment,
        entry.details ? JSON.stringify(entry.details) : null,
        entry.at,
      ],
    );
  }

  /** Who took the report's latest `event` step, if anyone did. */
  async lastActorId(em: EntityManager, reportId: string, event: string): Promise<string | null> {
    const rows: { actor_id: string | null }[] = await em.query(
      `SELECT actor_id FROM report_history WHERE report_id = $1 AND event = $2 ORDER BY at DESC, id DESC LIMIT 1`,
      [reportId, event],
    );
    return rows[0]?.actor_id ?? null;
  }

  /**
   * The latest return by the upper unit (a RETURN from a state that is out) of each of these
   * reports that has one: when, by whom, why.
   */
  async lastReturnsFromOut(
    reportIds: string[],
  ): Promise<Map<string, { at: Date; actorName: string; comment: string | null }>> {
    if (reportIds.length === 0) return new Map();
    const rows: { report_id: string; at: Date; actor_name: string; comment: string | null }[] =
      await this.ds.query(
        `SELECT DISTINCT ON (report_id) report_id, at, actor_name, comment FROM report_history
          WHERE report_id = ANY($1::uuid[]) AND event = 'RETURN' AND from_state = ANY($2::varchar[])
          ORDER BY report_id, at DESC, id DESC`,
        [reportIds, OUT_STATES],
      );
    return new Map(
      rows.map((r) => [
        r.report_id,
        { at: new Date(r.at), actorName: r.actor_name, comment: r.comment },
      ]),
    );
  }

  list(reportId: string): Promise<ReportHistory[]> {
    return this.ds
      .getRepository(ReportHistory)
      .find({ where: { reportId }, order: { at: 'ASC', id: 'ASC' } });
  }

  /**
   * Reports of these units (not yet consolidated) matching one of the wanted situations, each with
   * its latest history entry, newest first: what an inbox shows.
   */
  async inboxRows(unitIds: string[], wanted: InboxWanted[]): Promise<InboxRow[]> {
    if (wanted.length === 0 || unitIds.length === 0) return [];
    const params: unknown[] = [unitIds];
    const p = (v: unknown) => (params.push(v), `$${params.length}`);
    const cases = wanted.map(
      (w) =>
        `(r.org_unit_id = ANY(${p(w.unitIds)}::uuid[]) AND r.state = ${p(w.state)}` +
        (w.step ? ` AND r.step = ${p(w.step)}` : '') +
        (w.lastEvent ? ` AND h.event = ${p(w.lastEvent)}` : '') +
        ')',
    );
    const rows: {
      id: string;
      title: string;
      org_unit_id: string;
      period_id: string;
      state: string;
      step: string | null;
      since: Date;
      event: string | null;
      comment: string | null;
    }[] = await this.ds.query(
      `SELECT r.id, r.title, r.org_unit_id, r.period_id, r.state, r.step, coalesce(h.at, r.updated_at) AS since, h.event, h.comment
           FROM report r
           LEFT JOIN LATERAL (SELECT at, event, comment FROM report_history WHERE report_id = r.id ORDER BY at DESC, id DESC LIMIT 1) h ON true
          WHERE r.org_unit_id = ANY($1::uuid[]) AND r.state <> 'consolidated' AND (${cases.join(' OR ')})
          ORDER BY since DESC
          LIMIT 500`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      orgUnitId: r.org_unit_id,
      periodId: r.period_id,
      state: r.state,
      step: r.step,
      since: new Date(r.since),
      event: r.event,
      comment: r.comment,
    }));
  }
}
