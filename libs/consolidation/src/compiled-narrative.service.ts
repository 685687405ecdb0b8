import { Injectable } from '@nestjs/common';
import { ArchiveService } from '@app/archive';
import { AuthUser } from '@app/auth';
import { OrgRepository } from '@app/org';
import { PeriodsService, ReportAccess, ReportsRepository, reportOutline } from '@app/reports';
import { CompiledNarrative, compileNarratives } from './compiled-narrative';
import { ConsolidationErrors } from './consolidation.errors';
import { ConsolidationRepository } from './consolidation.repository';

/**
 * The lower units' narratives compiled per section, for the upper unit writing its consolidated
 * report: the reports its latest consolidation summed that are still out (never a draft), each part
 * under its unit's name and the report's number. Only the consolidated report's own unit asks.
 */
@Injectable()
export class CompiledNarrativeService {
  constructor(
    private readonly access: ReportAccess,
    private readonly periods: PeriodsService,
    private readonly reports: ReportsRepository,
    private readonly repo: ConsolidationRepository,
    private readonly org: OrgRepository,
    private readonly archive: ArchiveService,
  ) {}

  async compiled(user: AuthUser, reportId: string): Promise<CompiledNarrative> {
    const report = await this.access.loadVisible(user, reportId);
    if (report.orgUnitId !== user.orgUnitId)
      throw ConsolidationErrors.COMPILED_NARRATIVE_FORBIDDEN();
    if (report.kind !== 'consolidated') throw ConsolidationErrors.NOT_A_CONSOLIDATED_REPORT();
    const [period, sources] = await Promise.all([
      this.periods.get(report.periodId),
      this.repo.sourcesOf(report.id),
    ]);
    const ids = sources.map((s) => s.sourceReportId);
    const [texts, units, issued] = await Promise.all([
      this.reports.outNarratives(ids),
      this.org.findByIds(sources.map((s) => s.orgUnitId)),
      this.archive.latest(ids),
    ]);
    const unitOf = new Map(units.map((u) => [u.id, u]));
    const ordered = texts
      .map((r) => ({ r, unit: unitOf.get(r.orgUnitId) }))
      .sort((a, b) => (a.unit?.code ?? '').localeCompare(b.unit?.code ?? ''));
    return compileNarratives(
      reportOutline(period),
      ordered.map(({ r, unit }) => ({
        orgUnitId: r.orgUnitId,
        name: unit?.name ?? '',
        reportId: r.id,
        numberText:
          issued.get(r.id)?.numberText ??
          sources.find((s) => s.sourceReportId === r.id)?.numberText ??
          null,
        narrative: r.narrative ?? '',
      })),
    );
  }
}
