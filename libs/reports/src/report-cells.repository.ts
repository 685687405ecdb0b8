import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { dict, entry } from '@app/common';
import { CellValue, FormData } from '@app/forms';

export interface CellChange {
  form: string;
  row: string;
  column: string;
  /** null clears the cell. */
  value: CellValue | null;
}

/** One cell's aggregate over many reports (consolidation). */
export interface CellAggregate {
  row: string;
  column: string;
  /** Sum of the numbers, null when none. */
  total: string | null;
  /** How many reports answered "Có". */
  yes: number;
  numbers: number;
  booleans: number;
}

type CellRow = {
  report_id?: string;
  form_code: string;
  row_key: string;
  column_key: string;
  num: string | null;
  text: string | null;
  bool: boolean | null;
};

const valueOf = (r: CellRow): CellValue =>
  r.num !== null ? Number(r.num) : r.bool !== null ? r.bool : (r.text ?? '');

/** Reads and writes the stored (typed-in) cells of reports, in bulk. */
@Injectable()
export class ReportCellsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Every stored cell of a report, per form (objects without a prototype: keys are data). */
  async load(
    reportId: string,
    em: EntityManager = this.ds.manager,
  ): Promise<Record<string, FormData>> {
    const rows: CellRow[] = await em.query(
      `SELECT form_code, row_key, column_key, num, text, bool FROM report_cell WHERE report_id = $1`,
      [reportId],
    );
    const out = dict<FormData>();
    for (const r of rows)
      entry(entry(out, r.form_code, dict<FormData[string]>), r.row_key, dict<CellValue>)[
        r.column_key
      ] = valueOf(r);
    return out;
  }

  /** One form's stored cells of many reports: report id → data. */
  async loadForm(formCode: string, reportIds: string[]): Promise<Map<string, FormData>> {
    const out = new Map<string, FormData>();
    if (reportIds.length === 0) return out;
    const rows: CellRow[] = await this.ds.query(
      `SELECT report_id, form_code, row_key, column_key, num, text, bool FROM report_cell WHERE form_code = $1 AND report_id = ANY($2::uuid[])`,
      [formCode, reportIds],
    );
    for (const r of rows) {
      const data = out.get(r.report_id!) ?? dict<FormData[string]>();
      entry(data, r.row_key, dict<CellValue>)[r.column_key] = valueOf(r);
      out.set(r.report_id!, data);
    }
    return out;
  }

  /** Sums, "Có" counts and value counts of every cell of one form over many reports, in SQL. */
  async aggregate(
    em: EntityManager,
    formCode: string,
    reportIds: string[],
  ): Promise<CellAggregate[]> {
    const rows: {
      row_key: string;
      column_key: string;
      total: string | null;
      yes: string;
      nums: string;
      bools: string;
    }[] = await em.query(
      `SELECT row_key, column_key, sum(num) AS total, count(*) FILTER (WHERE bool) AS yes, count(num) AS nums, count(bool) AS bools
         FROM report_cell WHERE form_code = $1::varchar AND report_id = ANY($2::uuid[])
        GROUP BY row_key, column_key`,
      [formCode, reportIds],
    );
    return rows.map((r) => ({
      row: r.row_key,
      column: r.column_key,
      total: r.total,
      yes: Number(r.yes),
      numbers: Number(r.nums),
      booleans: Number(r.bools),
    }));
  }

  /** Replaces every cell of a report (a consolidated report's recomputed data). */
  /** Copies every cell of a report into a new draft (a replacement starts from what was issued). */
  async copy(em: EntityManager, fromId: string, toId: string): Promise<void> {
    await em.query(
      `INSERT INTO report_cell (report_id, form_code, row_key, column_key, num, text, bool)
       SELECT $2, form_code, row_key, column_key, num, text, bool FROM report_cell WHERE report_id = $1`,
      [fromId, toId],
    );
  }

  async deleteAll(em: EntityManager, reportId: string): Promise<void> {
    await em.query(`DELETE FROM report_cell WHERE report_id = $1`, [reportId]);
  }

  /** Inserts numeric cells of one form in one statement. */
  async insertNumbers(
    em: EntityManager,
    reportId: string,
    formCode: string,
    values: { row: string; column: string; num: string }[],
  ): Promise<void> {
    if (values.length === 0) return;
    await em.query(
      `INSERT INTO report_cell (report_id, form_code, row_key, column_key, num)
       SELECT $1::uuid, $2::varchar, r, c, n::numeric FROM unnest($3::text[], $4::text[], $5::text[]) AS x(r, c, n)`,
      [
        reportId,
        formCode,
        values.map((v) => v.row),
        values.map((v) => v.column),
        values.map((v) => v.num),
      ],
    );
  }

  /**
   * The changes as data-modifying CTEs of one statement whose CTE `guard` writes the report row:
   * they run only when `guard` returned a row, so the row and its cells change together or not at
   * all. The report id is `reportIdParam`; the changes' own placeholders are numbered from `from`.
   */
  static changesAsCtes(
    reportIdParam: string,
    changes: CellChange[],
    from: number,
  ): { ctes: string[]; params: unknown[] } {
    const sets = changes.filter((c) => c.value !== null);
    const clears = changes.filter((c) => c.value === null);
    const ctes: string[] = [];
    const params: unknown[] = [];
    const next = (value: unknown) => {
      params.push(value);
      return `$${from + params.length - 1}`;
    };
    if (sets.length) {
      const [f, r, c, n, t, b] = [
        next(sets.map((x) => x.form)),
        next(sets.map((x) => x.row)),
        next(sets.map((x) => x.column)),
        next(sets.map((x) => (typeof x.value === 'number' ? String(x.value) : null))),
        next(sets.map((x) => (typeof x.value === 'string' ? x.value : null))),
        next(sets.map((x) => (typeof x.value === 'boolean' ? x.value : null))),
      ];
      ctes.push(`cells_set AS (
         INSERT INTO report_cell (report_id, form_code, row_key, column_key, num, text, bool)
         SELECT ${reportIdParam}, f, r, c, n::numeric, t, b
           FROM unnest(${f}::text[], ${r}::text[], ${c}::text[], ${n}::text[], ${t}::text[], ${b}::boolean[]) AS x(f, r, c, n, t, b)
          WHERE EXISTS (SELECT 1 FROM guard)
         ON CONFLICT (report_id, form_code, row_key, column_key)
         DO UPDATE SET num = EXCLUDED.num, text = EXCLUDED.text, bool = EXCLUDED.bool)`);
    }
    if (clears.length) {
      const [f, r, c] = [
        next(clears.map((x) => x.form)),
        next(clears.map((x) => x.row)),
        next(clears.map((x) => x.column)),
      ];
      ctes.push(`cells_cleared AS (
         DELETE FROM report_cell rc USING unnest(${f}::text[], ${r}::text[], ${c}::text[]) AS x(f, r, c)
          WHERE rc.report_id = ${reportIdParam} AND rc.form_code = x.f AND rc.row_key = x.r AND rc.column_key = x.c
            AND EXISTS (SELECT 1 FROM guard))`);
    }
    return { ctes, params };
  }
}
