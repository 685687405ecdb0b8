import { Injectable } from '@nestjs/common';
import { AuthUser, hasRole } from '@app/auth';
import { validationFailed } from '@app/common';
import { OrgRepository, SuccessorsRepository, contributorsAt, isValidOn } from '@app/org';
import { isOut } from '@app/workflow';
import { PeriodsService } from './periods.service';
import { ReportCellsRepository } from './report-cells.repository';
import { ReportErrors } from './reports.errors';
import { ReportsRepository } from './reports.repository';

export interface IndicatorQuery {
  form: string;
  row: string;
  column: string;
  orgUnitId: string;
  from: number;
  to: number;
}

/** One period's value of an indicator for a unit of today. */
export interface IndicatorPoint {
  periodId: string;
  periodCode: string;
  label: string;
  /** Σ weight × value over the contributors that sent a report; null when none did or not comparable. */
  value: number | null;
  /** False when a split without shares lies between the unit of then and of today. */
  comparable: boolean;
  /** True when the value comes from other units than the one asked (its predecessors). */
  rolledUp: boolean;
  /** True when every contributor's report of the period is out (issued and sent). */
  complete: boolean;
  contributors: { orgUnitId: string; name: string; value: number | null; share: number }[];
}

/**
 * An indicator (a form's row and column) of a unit across periods, the figures of periods before a
 * reorganisation rolled up to today's unit through the successor links: a merged ward's 2024 value
 * is the sum of the communes it replaced, a split unit's is its share of the old one, and a split
 * without shares is "not comparable" rather than a wrong number. Only reports that are out (issued
 * and sent) count, as in consolidation.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly periods: PeriodsService,
    private readonly org: OrgRepository,
    private readonly successors: SuccessorsRepository,
    private readonly reports: ReportsRepository,
    private readonly cells: ReportCellsRepository,
  ) {}

  async series(user: AuthUser, q: IndicatorQuery): Promise<IndicatorPoint[]> {
    if (q.to < q.from)
      throw validationFailed([
        { field: 'to', message: 'Năm kết thúc phải từ năm bắt đầu trở đi.' },
      ]);
    const unit = await this.org.findById(q.orgUnitId);
    // The unit itself, the units above it and administrators read its figures.
    if (
      !unit ||
      !(
        hasRole(user, 'admin') ||
        unit.id === user.orgUnitId ||
        (await this.org.ancestorIds(unit.id)).includes(user.orgUnitId)
      )
    )
      throw ReportErrors.REPORT_NOT_FOUND();
    const [periods, units, links] = await Promise.all([
      this.periods.list(),
      this.org.findAll(),
      this.successors.all(),
    ]);
    const names = new Map(units.map((u) => [u.id, u.name]));
    const inRange = periods
      .filter((p) => {
        const year = Number(p.cutoffTo.slice(0, 4));
        return year >= q.from && year <= q.to && p.forms.some((f) => f.code === q.form);
      })
      .sort((a, b) => a.cutoffTo.localeCompare(b.cutoffTo));
    const points: IndicatorPoint[] = [];
    for (const p of inRange) {
      const valid = new Set(units.filter((u) => isValidOn(u, p.cutoffTo)).map((u) => u.id));
      const { comparable, contributors } = contributorsAt(links, unit.id, (id) => valid.has(id));
      const base = { periodId: p.id, periodCode: p.code, label: p.label, comparable };
      if (!comparable) {
        points.push({ ...base, value: null, rolledUp: true, complete: false, contributors: [] });
        continue;
      }
      const reports = (
        await this.reports.ofUnits(
          p.id,
          'BC',
          contributors.map((c) => c.unitId),
        )
      ).filter((r) => isOut(r.state));
      const data = await this.cells.loadForm(
        q.form,
        reports.map((r) => r.id),
      );
      const valueOf = (unitId: string): number | null => {
        const report = reports.find((r) => r.orgUnitId === unitId);
        const v = report ? data.get(report.id)?.[q.row]?.[q.column] : undefined;
        return typeof v === 'number' ? v : null;
      };
      const rows = contributors.map((c) => ({
        orgUnitId: c.unitId,
        name: names.get(c.unitId) ?? '',
        value: valueOf(c.unitId),
        share: c.weight,
      }));
      const known = rows.filter((r) => r.value !== null);
      points.push({
        ...base,
        value: known.length ? round(known.reduce((a, r) => a + r.value! * r.share, 0)) : null,
        rolledUp: rows.some((r) => r.orgUnitId !== unit.id),
        complete: rows.length > 0 && known.length === rows.length,
        contributors: rows,
      });
    }
    return points;
  }
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
