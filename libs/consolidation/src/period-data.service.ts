import { Injectable } from '@nestjs/common';
import { ArchiveService } from '@app/archive';
import { AuthUser } from '@app/auth';
import { dict, own, validationFailed } from '@app/common';
import { FormData, FormDefinition, withComputedCells } from '@app/forms';
import { OrgRepository } from '@app/org';
import {
  PeriodStatusService,
  PeriodsService,
  ReportCellsRepository,
  ReportFormsService,
  ReportingPeriod,
  UnitStatus,
} from '@app/reports';
import { combineCell } from './combinable-cells';
import {
  IndicatorTable,
  LongLine,
  TableColumn,
  TableState,
  defaultColumnKeys,
  tableColumn,
} from './period-table';

/** A lower unit as the table sees it: a report that is out counts (on time or late); one sent back is returned; a draft is missing. */
function tableState(s: UnitStatus): TableState {
  if (!s.reportId) return s.state === 'returned' ? 'returned' : 'missing';
  return s.onTime === false ? 'late' : 'submitted';
}

/**
 * A period's data across the caller's lower units (valid on its cut-off date): the indicator table
 * (units × chosen cells, with the consolidated total) and the long export (one line per non-empty
 * cell). Only reports that are out count — a lower unit's draft is never read — and a unit without
 * one is "missing", never zero. Who may ask is decided as for the period's status.
 */
@Injectable()
export class PeriodDataService {
  constructor(
    private readonly periods: PeriodsService,
    private readonly status: PeriodStatusService,
    private readonly reportForms: ReportFormsService,
    private readonly cells: ReportCellsRepository,
    private readonly archive: ArchiveService,
    private readonly org: OrgRepository,
  ) {}

  /** The period's form `code` at the version the period pinned, labels for its year; 422 when the period has no such form. */
  private async formOf(period: ReportingPeriod, code: string): Promise<FormDefinition> {
    if (!period.forms.some((f) => f.code === code))
      throw validationFailed([{ field: 'form', message: `Kỳ báo cáo không có biểu mẫu ${code}.` }]);
    return this.reportForms.formOf({ forms: period.forms, periodId: period.id }, code);
  }

  async table(
    user: AuthUser,
    periodId: string,
    q: { form: string; columns?: string[] },
  ): Promise<IndicatorTable> {
    const period = await this.periods.get(periodId);
    const units = await this.status.status(user, period.id);
    const def = await this.formOf(period, q.form);
    const keys = q.columns?.length ? q.columns : defaultColumnKeys(def);
    const columns: TableColumn[] = [];
    const bad: string[] = [];
    for (const k of [...new Set(keys)]) {
      const c = tableColumn(def, k);
      if (c) columns.push(c);
      else bad.push(k);
    }
    if (bad.length)
      throw validationFailed(
        bad.map((k) => ({
          field: 'columns',
          message: `Biểu ${def.code} không có ô số liệu "${k}" (dạng dòng:cột, ví dụ I.1:y2024).`,
        })),
      );
    const reportIds = units.flatMap((u) => (u.reportId ? [u.reportId] : []));
    const [stored, issued] = await Promise.all([
      this.cells.loadForm(def.code, reportIds),
      this.archive.latest(reportIds),
    ]);
    const datas = new Map<string, FormData>();
    for (const id of reportIds) datas.set(id, withComputedCells(def, stored.get(id) ?? dict()));
    const rows = units.map((u) => {
      const data = u.reportId ? datas.get(u.reportId)! : null;
      const values: Record<string, number | null> = {};
      if (data)
        for (const c of columns) {
          const v = own(own(data, c.row), c.column);
          values[c.key] = typeof v === 'number' ? v : null;
        }
      return {
        orgUnitId: u.orgUnitId,
        code: u.code,
        name: u.name,
        state: tableState(u),
        ...(u.returned ? { returnReason: u.returned.reason } : {}),
        ...(u.reportId
          ? { reportId: u.reportId, number: issued.get(u.reportId)?.numberText ?? null }
          : {}),
        values,
      };
    });
    const sources = reportIds.map((id) => stored.get(id) ?? dict<FormData[string]>());
    const total: Record<string, number | null> = {};
    for (const c of columns) {
      const row = def.rows.find((r) => r.key === c.row)!;
      const col = def.columns.find((x) => x.key === c.column)!;
      total[c.key] = sources.length ? combineCell(def, row, col, sources) : null;
    }
    return {
      period: { id: period.id, code: period.code, label: period.label },
      form: def.code,
      columns,
      rows,
      total: { values: total },
    };
  }

  /** Every non-empty stored cell of every form of the lower units' reports that are out, unit by unit. */
  async long(
    user: AuthUser,
    periodId: string,
  ): Promise<{ period: ReportingPeriod; lines: LongLine[] }> {
    const period = await this.periods.get(periodId);
    const units = (await this.status.status(user, period.id)).filter((u) => u.reportId);
    const reportIds = units.map((u) => u.reportId!);
    const issued = await this.archive.latest(reportIds);
    const lines: LongLine[] = [];
    const byForm: { def: FormDefinition; data: Map<string, FormData> }[] = [];
    for (const pinned of period.forms) {
      const def = await this.formOf(period, pinned.code);
      byForm.push({ def, data: await this.cells.loadForm(def.code, reportIds) });
    }
    for (const u of units.sort((a, b) => a.code.localeCompare(b.code))) {
      for (const { def, data } of byForm) {
        const d = data.get(u.reportId!);
        if (!d) continue;
        for (const row of def.rows) {
          const cols = own(d, row.key);
          if (!cols) continue;
          for (const col of def.columns) {
            const value = own(cols, col.key);
            if (value === undefined || value === '') continue;
            lines.push({
              unitCode: u.code,
              unitName: u.name,
              form: def.code,
              row: row.key,
              rowNo: row.no ?? '',
              rowLabel: row.label,
              column: col.key,
              value,
              state: tableState(u),
              number: issued.get(u.reportId!)?.numberText ?? null,
            });
          }
        }
      }
    }
    return { period, lines };
  }

  /** The caller's unit's name (the heading of a workbook). */
  async unitName(user: AuthUser): Promise<string> {
    return (await this.org.namesByIds([user.orgUnitId])).get(user.orgUnitId) ?? '';
  }
}
