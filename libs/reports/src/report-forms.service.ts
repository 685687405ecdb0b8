import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FieldError, dict, formatVietnameseNumber, own } from '@app/common';
import {
  FormData,
  FormDefinition,
  FormsService,
  RuleViolation,
  cellFormula,
  isReadOnlyCell,
  cellType,
  evaluateRules,
  isValueRow,
  parseCellValue,
  withComputedCells,
} from '@app/forms';
import { NarrativeMatcher, mismatches, narrativeTargets } from '@app/narrative';
import { Report } from './entities/report.entity';
import { CellChange, ReportCellsRepository } from './report-cells.repository';
import { PeriodsRepository } from './periods.repository';
import { ReportErrors } from './reports.errors';

/** A figure of the narrative that a cell of the annexes contradicts: a warning, never blocking. */
export interface NarrativeWarning extends RuleViolation {
  source: 'narrative';
  severity: 'warning';
  narrativeValue: number;
  cellValue: number;
  /** The words of the narrative that state the figure, and where they are. */
  text: string;
  start: number;
  end: number;
}

/** Raw cell values typed in, per form, row and column (numbers may be Vietnamese-formatted strings). */
export type CellInput = Record<string, Record<string, Record<string, unknown>>>;

/**
 * A report's forms: the definitions pinned by its period, its data with the computed cells, the
 * form rules over it, and the checking of typed-in cells.
 */
@Injectable()
export class ReportFormsService {
  private readonly years = new Map<string, number>();
  /** One matcher per set of form versions (preparing one reads every label once). */
  private readonly matchers = new Map<string, NarrativeMatcher>();

  constructor(
    private readonly forms: FormsService,
    private readonly cells: ReportCellsRepository,
    private readonly periods: PeriodsRepository,
  ) {}

  /** The report's form `code`, at the version its period pinned. */
  async formOf(report: Pick<Report, 'forms' | 'periodId'>, code: string): Promise<FormDefinition> {
    const pinned = report.forms.find((f) => f.code === code);
    if (!pinned) throw ReportErrors.REPORT_FORM_NOT_FOUND({ code });
    return this.forms.get(
      pinned.code,
      pinned.version,
      undefined,
      await this.yearOf(report.periodId),
    );
  }

  /** The year of a period (it never changes, so it is read once per process). */
  private async yearOf(periodId: string, em?: EntityManager): Promise<number> {
    let year = this.years.get(periodId);
    if (year === undefined) {
      year = (await this.periods.findById(periodId, em))?.year ?? new Date().getFullYear();
      this.years.set(periodId, year);
    }
    return year;
  }

  /** Every form of the report, in order (read inside the caller's transaction when given). */
  async definitions(
    report: Pick<Report, 'forms' | 'periodId'>,
    em?: EntityManager,
  ): Promise<FormDefinition[]> {
    const year = await this.yearOf(report.periodId, em);
    const defs: FormDefinition[] = [];
    for (const f of report.forms) defs.push(await this.forms.get(f.code, f.version, em, year));
    return defs;
  }

  /** The typed-in cells of the report, per form (read them once and pass them to the methods below). */
  stored(report: Pick<Report, 'id'>): Promise<Record<string, FormData>> {
    return this.cells.load(report.id);
  }

  /** The report's full data with computed cells, per form. */
  async withComputed(
    report: Pick<Report, 'forms' | 'periodId'>,
    stored: Record<string, FormData>,
  ): Promise<Record<string, FormData>> {
    const out = dict<FormData>();
    for (const def of await this.definitions(report))
      out[def.code] = withComputedCells(def, own(stored, def.code) ?? dict());
    return out;
  }

  /** The form rules over every numeric column of every form, blocking errors first. */
  async violations(
    report: Pick<Report, 'forms' | 'periodId'>,
    stored: Record<string, FormData>,
  ): Promise<RuleViolation[]> {
    const out: RuleViolation[] = [];
    for (const def of await this.definitions(report))
      out.push(...evaluateRules(def, own(stored, def.code) ?? dict()));
    return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  }

  /**
   * The narrative's figures that its own annexes contradict ("Tổng số trẻ em dưới 16 tuổi là 1.250
   * em" while 01/TE holds 1.205): only figures matched to a cell with confidence, only filled cells.
   */
  async narrativeWarnings(
    report: Pick<Report, 'forms' | 'periodId' | 'narrative'>,
    stored: Record<string, FormData>,
  ): Promise<NarrativeWarning[]> {
    if (!report.narrative?.trim()) return [];
    const defs = await this.definitions(report);
    const key = defs
      .map((d) => `${d.code}@${d.version}:${d.columns.map((c) => c.label).join('|')}`)
      .join(',');
    let matcher = this.matchers.get(key);
    if (!matcher) {
      matcher = new NarrativeMatcher(narrativeTargets(defs));
      this.matchers.set(key, matcher);
    }
    const data = await this.withComputed(report, stored);
    const labels = new Map(defs.map((d) => [d.code, new Map(d.rows.map((r) => [r.key, r]))]));
    return mismatches(matcher.match(report.narrative), (c) => {
      const v = own(own(own(data, c.form), c.row), c.column);
      return typeof v === 'number' ? v : null;
    }).map((m) => {
      const row = labels.get(m.form)?.get(m.row);
      const unit = row?.unit ? ` ${row.unit.toLowerCase()}` : '';
      const fmt = (n: number) => formatVietnameseNumber(n, 2);
      return {
        source: 'narrative' as const,
        form: m.form,
        row: m.row,
        column: m.column,
        severity: 'warning' as const,
        message: `Nội dung báo cáo ghi ${fmt(m.narrativeValue)}${unit} ("${m.span.text}") nhưng biểu ${m.form} dòng "${row?.label ?? m.row}" là ${fmt(m.cellValue)}${unit}.`,
        narrativeValue: m.narrativeValue,
        cellValue: m.cellValue,
        text: m.span.text,
        start: m.span.start,
        end: m.span.end,
      };
    });
  }

  /** Checks every typed-in cell against the definitions; any problem → 422 listing each cell, nothing to write. */
  async cellChanges(
    report: Pick<Report, 'forms' | 'periodId'>,
    data: CellInput,
  ): Promise<CellChange[]> {
    const errors: FieldError[] = [];
    const changes: CellChange[] = [];
    for (const [formCode, rows] of Object.entries(data)) {
      if (!report.forms.some((f) => f.code === formCode)) {
        errors.push({ form: formCode, message: `Báo cáo không có biểu mẫu ${formCode}.` });
        continue;
      }
      const def = await this.formOf(report, formCode);
      const rowsByKey = new Map(def.rows.map((r) => [r.key, r]));
      const colsByKey = new Map(def.columns.map((c) => [c.key, c]));
      for (const [rowKey, cols] of Object.entries(rows)) {
        const row = rowsByKey.get(rowKey);
        if (!row) {
          errors.push({
            form: formCode,
            row: rowKey,
            message: `Biểu mẫu ${formCode} không có dòng "${rowKey}".`,
          });
          continue;
        }
        for (const [colKey, raw] of Object.entries(cols ?? {})) {
          const col = colsByKey.get(colKey);
          const at = { form: formCode, row: rowKey, column: colKey };
          if (!col)
            errors.push({ ...at, message: `Biểu mẫu ${formCode} không có cột "${colKey}".` });
          else if (!isValueRow(row))
            errors.push({ ...at, message: 'Dòng tiêu đề không nhận số liệu.' });
          else if (col.fixed)
            errors.push({ ...at, message: 'Ô này là chữ in sẵn của biểu mẫu, không nhập.' });
          else if (cellFormula(row, col))
            errors.push({
              ...at,
              message: `Ô này được tính tự động (${cellFormula(row, col)!.kind === 'ratio' ? 'tỷ lệ' : 'tổng'}), không nhập.`,
            });
          else if (raw === null || raw === '') changes.push({ ...at, value: null });
          else {
            const parsed = parseCellValue(cellType(row, col), raw);
            if (parsed.ok) changes.push({ ...at, value: parsed.value });
            else errors.push({ ...at, message: parsed.message });
          }
        }
      }
    }
    if (errors.length) throw ReportErrors.REPORT_CELLS_INVALID({ errors });
    return changes;
  }

  /** Every typed-in cell of one form set to `data` (the others cleared): what an Excel import writes. */
  replacement(def: FormDefinition, data: FormData): CellChange[] {
    const changes: CellChange[] = [];
    for (const row of def.rows) {
      if (!isValueRow(row)) continue;
      for (const col of def.columns) {
        if (isReadOnlyCell(row, col)) continue;
        changes.push({
          form: def.code,
          row: row.key,
          column: col.key,
          value: own(own(data, row.key), col.key) ?? null,
        });
      }
    }
    return changes;
  }
}
