import { Injectable } from '@nestjs/common';
import { AuthUser, hasRole } from '@app/auth';
import { dict, validationFailed } from '@app/common';
import { PERIOD_REPORT_TYPE } from '@app/documents';
import { FormData, FormDefinition, FormsService } from '@app/forms';
import {
  OrgLineage,
  OrgRepository,
  OrgUnit,
  SuccessorLink,
  SuccessorsRepository,
  contributorsAt,
  isValidOn,
} from '@app/org';
import {
  PeriodsService,
  ReportCellsRepository,
  ReportErrors,
  ReportingPeriod,
  ReportsRepository,
} from '@app/reports';
import { isOut } from '@app/workflow';
import { combineCell } from './combinable-cells';

export interface IndicatorQuery {
  form: string;
  row: string;
  column: string;
  orgUnitId: string;
  from: number;
  to: number;
}

/** The whole province's figure of a period: its lowest reporting units combined. */
export interface ProvinceTotal {
  orgUnitId: string;
  name: string;
  /** Combined as consolidation combines the cell; null when no unit sent a report or the cell is not combined. */
  value: number | null;
  /** How many of the lowest units sent a report, of how many there were then. */
  reported: number;
  expected: number;
}

/** One period's value of an indicator for a unit of today. */
export interface IndicatorPoint {
  periodId: string;
  periodCode: string;
  label: string;
  /** The contributors combined (each weighted by its share); null when none sent a report or not comparable. */
  value: number | null;
  /** False when a split without shares lies between the unit of then and of today. */
  comparable: boolean;
  /** True when the value comes from other units than the one asked (its predecessors). */
  rolledUp: boolean;
  /** True when every contributor's report of the period is out (issued and sent). */
  complete: boolean;
  contributors: { orgUnitId: string; name: string; value: number | null; share: number }[];
  /** The province the unit belongs to, as it stood then (through its predecessors). */
  provinceTotal: ProvinceTotal | null;
}

/**
 * An indicator (a form's row and column) of a unit across periods, the figures of periods before a
 * reorganisation rolled up to today's unit through the successor links: a merged ward's 2024 value
 * is its communes' combined, a split unit's is its share of the old one, and a split without shares
 * is "not comparable" rather than a wrong number — beside the province's total of each period.
 * Cells combine as consolidation combines them (sums, counts of "Có", ratios recomputed from their
 * combined parts). Only reports that are out (issued and sent) count.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly periods: PeriodsService,
    private readonly org: OrgRepository,
    private readonly lineage: OrgLineage,
    private readonly successors: SuccessorsRepository,
    private readonly reports: ReportsRepository,
    private readonly cells: ReportCellsRepository,
    private readonly forms: FormsService,
  ) {}

  async series(user: AuthUser, q: IndicatorQuery): Promise<IndicatorPoint[]> {
    if (q.to < q.from)
      throw validationFailed([
        { field: 'to', message: 'Năm kết thúc phải từ năm bắt đầu trở đi.' },
      ]);
    const unit = await this.org.findById(q.orgUnitId);
    // The unit itself, the units above it (or above the units it replaced) and administrators.
    if (!unit || !(hasRole(user, 'admin') || (await this.lineage.holds(user.orgUnitId, unit.id))))
      throw ReportErrors.REPORT_NOT_FOUND();
    const [periods, units, links] = await Promise.all([
      this.periods.list(),
      this.org.findAll(),
      this.successors.all(),
    ]);
    const byId = new Map(units.map((u) => [u.id, u]));
    const province = provinceOf(unit, byId);
    const inRange = periods
      .filter((p) => {
        const year = Number(p.cutoffTo.slice(0, 4));
        return year >= q.from && year <= q.to && p.forms.some((f) => f.code === q.form);
      })
      .sort((a, b) => a.cutoffTo.localeCompare(b.cutoffTo));
    const points: IndicatorPoint[] = [];
    for (const p of inRange) {
      const def = await this.definition(p, q.form);
      const valid = new Set(units.filter((u) => isValidOn(u, p.cutoffTo)).map((u) => u.id));
      const { comparable, contributors } = contributorsAt(links, unit.id, (id) => valid.has(id));
      const leaves = province ? lowestUnitsUnder(province.id, links, units, p.cutoffTo) : [];
      const data = await this.outData(p, q.form, [
        ...contributors.map((c) => c.unitId),
        ...leaves.map((u) => u.id),
      ]);
      const combine = (datas: FormData[]) => this.combine(def, q, datas);
      const provinceTotal: ProvinceTotal | null = province
        ? {
            orgUnitId: province.id,
            name: province.name,
            value: combine(leaves.filter((u) => data.has(u.id)).map((u) => data.get(u.id)!)),
            reported: leaves.filter((u) => data.has(u.id)).length,
            expected: leaves.length,
          }
        : null;
      const base = {
        periodId: p.id,
        periodCode: p.code,
        label: p.label,
        comparable,
        provinceTotal,
      };
      if (!comparable) {
        points.push({ ...base, value: null, rolledUp: true, complete: false, contributors: [] });
        continue;
      }
      const rows = contributors.map((c) => ({
        orgUnitId: c.unitId,
        name: byId.get(c.unitId)?.name ?? '',
        value: combine(data.has(c.unitId) ? [data.get(c.unitId)!] : []),
        share: c.weight,
      }));
      const sent = contributors.filter((c) => data.has(c.unitId));
      points.push({
        ...base,
        value: combine(sent.map((c) => weighted(data.get(c.unitId)!, c.weight))),
        rolledUp: rows.some((r) => r.orgUnitId !== unit.id),
        complete: rows.length > 0 && sent.length === rows.length,
        contributors: rows,
      });
    }
    return points;
  }

  /** The form as the period pinned it (404 when the row or column is not in it). */
  private async definition(p: ReportingPeriod, code: string): Promise<FormDefinition> {
    const pinned = p.forms.find((f) => f.code === code)!;
    return this.forms.get(code, pinned.version, undefined, p.year);
  }

  private combine(def: FormDefinition, q: IndicatorQuery, datas: FormData[]): number | null {
    const row = def.rows.find((r) => r.key === q.row);
    const column = def.columns.find((c) => c.key === q.column);
    if (!row || !column || datas.length === 0) return null;
    const v = combineCell(def, row, column, datas);
    return v === null ? null : round(v);
  }

  /** The form's data of each unit's report of the period that is out, by unit. */
  private async outData(
    p: ReportingPeriod,
    form: string,
    unitIds: string[],
  ): Promise<Map<string, FormData>> {
    const reports = (
      await this.reports.ofUnits(p.id, PERIOD_REPORT_TYPE, [...new Set(unitIds)])
    ).filter((r) => isOut(r.state));
    const data = await this.cells.loadForm(
      form,
      reports.map((r) => r.id),
    );
    return new Map(reports.map((r) => [r.orgUnitId, (data.get(r.id) ?? dict()) as FormData]));
  }
}

/** The province-level unit the unit belongs to today (itself, or its nearest such ancestor). */
function provinceOf(unit: OrgUnit, byId: Map<string, OrgUnit>): OrgUnit | null {
  let u: OrgUnit | undefined = unit;
  for (let depth = 0; u && depth < 16; depth++) {
    if (u.level === 'province') return u;
    u = u.parentId ? byId.get(u.parentId) : undefined;
  }
  return null;
}

/**
 * The lowest units under a province on a date — the units that report and have no lower units then
 * — through the units the province replaced (Sở LĐTBXH's communes in 2024, Sở Y tế's wards today).
 */
function lowestUnitsUnder(
  provinceId: string,
  links: readonly SuccessorLink[],
  units: readonly OrgUnit[],
  date: string,
): OrgUnit[] {
  const valid = units.filter((u) => isValidOn(u, date));
  const children = new Map<string, OrgUnit[]>();
  for (const u of valid)
    if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const lineage = new Set([provinceId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const l of links)
      if (lineage.has(l.successorId) && !lineage.has(l.unitId)) {
        lineage.add(l.unitId);
        grew = true;
      }
  }
  const out: OrgUnit[] = [];
  const walk = (id: string, depth: number) => {
    for (const c of children.get(id) ?? []) {
      if (depth < 16 && children.has(c.id)) walk(c.id, depth + 1);
      else out.push(c);
    }
  };
  for (const u of valid) if (lineage.has(u.id)) walk(u.id, 0);
  return out;
}

/** A report's figures scaled by a split's share (yes/no and text stay as they are). */
function weighted(data: FormData, weight: number): FormData {
  if (weight === 1) return data;
  const out: FormData = dict();
  for (const [row, cols] of Object.entries(data)) {
    out[row] = dict();
    for (const [col, v] of Object.entries(cols ?? {}))
      out[row][col] = typeof v === 'number' ? v * weight : v;
  }
  return out;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
