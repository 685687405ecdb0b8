import { Injectable } from '@nestjs/common';
import { AuthUser } from '@app/auth';
import { dict, own, validationFailed } from '@app/common';
import { isValueRow, withComputedCells } from '@app/forms';
import { OrgRepository } from '@app/org';
import {
  ReportAccess,
  ReportCellsRepository,
  ReportFormsService,
  ReportsRepository,
} from '@app/reports';
import { combineCell } from './combinable-cells';
import { ConsolidationErrors } from './consolidation.errors';
import { ConsolidationRepository } from './consolidation.repository';

/** One cell of a consolidated report. */
export interface ProvenanceQuery {
  form: string;
  row: string;
  column: string;
}

/**
 * Where a consolidated cell comes from: each lower report's value, and the units missing. Sources
 * the caller may not read themselves (a commune that is a recipient of its district's
 * consolidation and its sibling communes' reports) are given only as one aggregate: how many, and
 * their combined value — never their report ids or their own values.
 */
@Injectable()
export class ProvenanceService {
  constructor(
    private readonly access: ReportAccess,
    private readonly reportForms: ReportFormsService,
    private readonly cells: ReportCellsRepository,
    private readonly repo: ConsolidationRepository,
    private readonly org: OrgRepository,
    private readonly reports: ReportsRepository,
  ) {}

  async provenance(user: AuthUser, id: string, q: ProvenanceQuery) {
    const report = await this.access.loadVisible(user, id);
    if (report.kind !== 'consolidated') throw ConsolidationErrors.NOT_A_CONSOLIDATED_REPORT();
    const def = await this.reportForms.formOf(report, q.form);
    const row = def.rows.find((r) => r.key === q.row);
    const col = def.columns.find((c) => c.key === q.column);
    if (!row || !col || !isValueRow(row))
      throw validationFailed([
        { form: q.form, row: q.row, column: q.column, message: 'Biểu mẫu không có ô này.' },
      ]);
    const stored = await this.cells.load(report.id);
    const value =
      own(own(withComputedCells(def, own(stored, def.code) ?? dict()), row.key), col.key) ?? null;
    const missingIds = report.consolidation?.missingUnitIds ?? [];
    const all = await this.repo.sourcesOf(report.id);
    const readable = await this.access.visibleIds(
      user,
      await this.reports.findAccessInfo(all.map((s) => s.sourceReportId)),
    );
    const sources = all.filter((s) => readable.has(s.sourceReportId));
    const others = all.filter((s) => !readable.has(s.sourceReportId));
    const [units, bySource] = await Promise.all([
      this.org
        .findByIds([...sources.map((s) => s.orgUnitId), ...missingIds])
        .then((us) => new Map(us.map((u) => [u.id, u]))),
      // Each source's value of that cell (ratios recomputed from the source's own cells).
      this.cells.loadForm(
        def.code,
        all.map((s) => s.sourceReportId),
      ),
    ]);
    const ordered = [...sources].sort((a, b) =>
      (units.get(a.orgUnitId)?.code ?? '').localeCompare(units.get(b.orgUnitId)?.code ?? ''),
    );
    return {
      report: { id: report.id, title: report.title },
      form: def.code,
      row: row.key,
      column: col.key,
      /** How the cell is labelled on the form. */
      cell: {
        formTitle: def.title,
        rowNo: row.no ?? '',
        rowLabel: row.label,
        unit: row.unit ?? col.unit ?? '',
        columnLabel: col.label,
      },
      value,
      sources: ordered.map((s) => ({
        orgUnitId: s.orgUnitId,
        orgUnitName: units.get(s.orgUnitId)?.name ?? '',
        reportId: s.sourceReportId,
        reportVersion: s.sourceVersion,
        number: s.numberText,
        issuedAt: s.issuedAt,
        onTime: s.onTime,
        value:
          own(
            own(withComputedCells(def, bySource.get(s.sourceReportId) ?? dict()), row.key),
            col.key,
          ) ?? null,
      })),
      /** The sources the caller may not read: how many, and their combined value (no ids). */
      otherSources: {
        count: others.length,
        value: others.length
          ? combineCell(
              def,
              row,
              col,
              others.map((s) => bySource.get(s.sourceReportId) ?? dict()),
            )
          : null,
      },
      missing: missingIds,
      missingUnits: missingIds
        .filter((x) => units.has(x))
        .map((x) => ({ id: x, code: units.get(x)!.code, name: units.get(x)!.name })),
      refreshedAt: report.consolidation?.refreshedAt ?? null,
    };
  }
}
