import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ArchiveService } from '@app/archive';
import { AuthUser, hasRole } from '@app/auth';
import { Clock } from '@app/common';
import { PERIOD_REPORT_TYPE, inSentence } from '@app/documents';
import { FormsService } from '@app/forms';
import { OrgLineage, OrgRepository, OrgUnit } from '@app/org';
import {
  ConsolidationMeta,
  OutReport,
  PeriodsService,
  Report,
  ReportCellsRepository,
  ReportTransitions,
  ReportingPeriod,
  ReportsRepository,
  ReportsService,
  assertEditable,
  deadlineFor,
  followedIn,
  onTime,
} from '@app/reports';
import { stepOf } from '@app/workflow';
import { combinableCells } from './combinable-cells';
import { ConsolidationErrors } from './consolidation.errors';
import { ConsolidationRepository } from './consolidation.repository';
import {
  changedCells,
  completenessText,
  refreshSummary,
  withCompleteness,
} from './consolidation-summary';

/**
 * Consolidation (tổng hợp): an upper unit's report for a period whose data is the combination of
 * its lower units' submitted reports, computed in SQL over the stored cells (one statement per
 * form), with provenance, completeness and timeliness.
 */
@Injectable()
export class ConsolidationService {
  private readonly logger = new Logger(ConsolidationService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly org: OrgRepository,
    private readonly periods: PeriodsService,
    private readonly forms: FormsService,
    private readonly reports: ReportsService,
    private readonly reportsRepo: ReportsRepository,
    private readonly cells: ReportCellsRepository,
    private readonly transitions: ReportTransitions,
    private readonly repo: ConsolidationRepository,
    private readonly archive: ArchiveService,
    private readonly lineage: OrgLineage,
    private readonly clock: Clock,
  ) {}

  /** Creates, or refreshes while it is still being edited, the caller's unit's consolidated report; its id. */
  async consolidate(user: AuthUser, periodId: string): Promise<string> {
    if (!hasRole(user, 'officer')) throw ConsolidationErrors.CONSOLIDATION_FORBIDDEN();
    const period = await this.periods.get(periodId);
    // A requested period is consolidated by the unit that asked, from the units it asked.
    const lower = followedIn(
      period,
      user.orgUnitId,
      await this.lineage.lowerUnitsOn(user.orgUnitId, period.cutoffTo),
    );
    if (lower.length === 0) throw ConsolidationErrors.NO_LOWER_UNITS_TO_CONSOLIDATE();
    return this.ds.transaction(async (em) => {
      let target = await this.reportsRepo.lockUnitReport(
        em,
        user.orgUnitId,
        period.id,
        PERIOD_REPORT_TYPE,
      );
      if (target) assertEditable(target);
      const created = !target;
      target ??= await this.reports.newDraft(
        user,
        period,
        {
          type: PERIOD_REPORT_TYPE,
          kind: 'consolidated',
          title: period.request
            ? `Tổng hợp ${inSentence(period.request.subject)}`
            : `Tổng hợp kết quả công tác trẻ em ${period.label}`,
          forms: period.forms,
        },
        em,
      );
      await this.refresh(em, user, period, target, lower, created);
      return target.id;
    });
  }

  private async refresh(
    em: EntityManager,
    user: AuthUser,
    period: ReportingPeriod,
    target: Report,
    lower: OrgUnit[],
    created: boolean,
  ) {
    const t0 = Date.now();
    const sources = await this.reportsRepo.outReports(
      em,
      period.id,
      PERIOD_REPORT_TYPE,
      lower.map((u) => u.id),
    );
    const before = await this.cells.load(target.id, em);
    await this.combine(
      em,
      target,
      sources.map((s) => s.id),
    );
    const after = await this.cells.load(target.id, em);
    const t1 = Date.now();

    // Provenance: which reports were summed, with their numbers and timeliness.
    const previous = await this.repo.sourcesOf(target.id, em);
    const issued = await this.archive.latest(sources.map((s) => s.id));
    const levels = new Map(lower.map((u) => [u.id, u.level]));
    const rows = sources.map((s) =>
      this.sourceRow(
        s,
        issued.get(s.id),
        deadlineFor(period, { id: s.orgUnitId, level: levels.get(s.orgUnitId) ?? '' }),
      ),
    );
    await this.repo.replaceSources(em, target.id, rows);

    // The reports included are now consolidated (a history row on each); the caller's unit is their parent.
    await this.transitions.moveMany(
      em,
      sources.filter((s) => s.state === 'submitted').map((s) => s.id),
      'submitted',
      { type: 'CONSOLIDATE', actor: { roles: user.roles, relation: 'parent' } },
      user,
      { consolidatedInto: target.id },
    );
    const t2 = Date.now();

    // Completeness, in the narrative and in the metadata; what changed, in the history.
    const names = new Map(lower.map((u) => [u.id, u.name]));
    const reported = new Set(sources.map((s) => s.orgUnitId));
    const missing = lower.map((u) => u.id).filter((id) => !reported.has(id));
    const completeness = completenessText(
      {
        sources: sources.length,
        lower: lower.length,
        late: rows.filter((r) => r.onTime === false).length,
      },
      missing.map((id) => names.get(id) ?? id),
    );
    const narrative = withCompleteness(
      target.narrative,
      completeness,
      target.consolidation?.completeness,
      created,
    );
    const meta: ConsolidationMeta = {
      lowerUnitIds: lower.map((u) => u.id),
      missingUnitIds: missing,
      refreshedAt: this.clock.now().toISOString(),
      completeness,
    };
    await this.reportsRepo.saveConsolidation(em, target.id, meta, narrative);

    const changed = changedCells(before, after);
    const prevUnits = new Set(previous.map((p) => p.orgUnitId));
    const added = sources.filter((s) => !prevUnits.has(s.orgUnitId)).map((s) => s.orgUnitId);
    const removed = previous.filter((p) => !reported.has(p.orgUnitId)).map((p) => p.orgUnitId);
    const removedNames = removed.length
      ? await this.org.namesByIds(removed)
      : new Map<string, string>();
    const summary = refreshSummary(
      created,
      { sources: sources.length, lower: lower.length, changed: changed.length },
      added.map((id) => names.get(id) ?? id),
      removed.map((id) => names.get(id) ?? removedNames.get(id) ?? id),
    );
    const step = stepOf(target);
    await this.transitions.record(em, {
      reportId: target.id,
      from: step,
      to: step,
      actor: user,
      event: 'CONSOLIDATION',
      comment: summary,
      details: {
        added,
        removed,
        missing,
        changedCells: changed.length,
        changes: changed.slice(0, 500),
      },
    });
    this.logger.debug({
      msg: 'consolidation timings',
      reportId: target.id,
      sources: sources.length,
      combine: t1 - t0,
      provenance: t2 - t1,
      rest: Date.now() - t2,
    });
  }

  /**
   * The combination itself: one aggregate per form over the stored cells of every source, in SQL.
   * The definition then says which aggregate each cell takes (a sum, or the number of "Có").
   */
  private async combine(em: EntityManager, target: Report, sourceIds: string[]): Promise<void> {
    await this.cells.deleteAll(em, target.id);
    if (sourceIds.length === 0) return;
    for (const pinned of target.forms) {
      const def = await this.forms.get(pinned.code, pinned.version);
      const wanted = combinableCells(def);
      if (wanted.length === 0) continue;
      const byCell = new Map(
        (await this.cells.aggregate(em, def.code, sourceIds)).map((a) => [
          `${a.row}\u0000${a.column}`,
          a,
        ]),
      );
      const values: { row: string; column: string; num: string }[] = [];
      for (const cell of wanted) {
        const agg = byCell.get(`${cell.row}\u0000${cell.column}`);
        if (!agg || (agg.numbers === 0 && agg.booleans === 0)) continue;
        // A lower consolidated report holds counts as numbers; an original one holds Có/không.
        const num = cell.mode === 'count' ? String(agg.yes + Number(agg.total ?? 0)) : agg.total;
        if (num !== null) values.push({ row: cell.row, column: cell.column, num });
      }
      await this.cells.insertNumbers(em, target.id, def.code, values);
    }
  }

  private sourceRow(
    s: OutReport,
    doc: { documentId: string; numberText: string; issuedAt: Date } | undefined,
    deadline: string | null,
  ) {
    return {
      sourceReportId: s.id,
      orgUnitId: s.orgUnitId,
      // Consolidating moves a submitted source to 'consolidated', one version on.
      sourceVersion: s.version + (s.state === 'submitted' ? 1 : 0),
      documentId: doc?.documentId ?? null,
      numberText: doc?.numberText ?? null,
      issuedAt: doc?.issuedAt ?? null,
      submittedAt: s.submittedAt,
      onTime: s.submittedAt ? onTime(s.submittedAt, deadline) : null,
    };
  }
}
