import { EntityManager } from 'typeorm';
import { CellValue, FormData } from '@app/forms';

export interface CellChange {
  form: string;
  row: string;
  column: string;
  /** null clears the cell. */
  value: CellValue | null;
}

/** Reads and writes the stored cells of reports, in bulk. */
export class ReportCellsRepository {
  static async load(em: EntityManager, reportId: string): Promise<Record<string, FormData>> {
    const rows: { form_code: string; row_key: string; column_key: string; num: string | null; text: string | null; bool: boolean | null }[] =
      await em.query(`SELECT form_code, row_key, column_key, num, text, bool FROM report_cell WHERE report_id = $1`, [reportId]);
    const out: Record<string, FormData> = {};
    for (const r of rows) {
      const value: CellValue = r.num !== null ? Number(r.num) : r.bool !== null ? r.bool : (r.text ?? '');
      ((out[r.form_code] ??= {})[r.row_key] ??= {})[r.column_key] = value;
    }
    return out;
  }

  /**
   * The changes as data-modifying CTEs of one statement whose CTE `guard` writes the report row:
   * they run only when `guard` returned a row, so the row and its cells change together or not at
   * all. The report id is `reportIdParam`; the changes' own placeholders are numbered from `from`.
   */
  static changesAsCtes(reportIdParam: string, changes: CellChange[], from: number): { ctes: string[]; params: unknown[] } {
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
      const [f, r, c] = [next(clears.map((x) => x.form)), next(clears.map((x) => x.row)), next(clears.map((x) => x.column))];
      ctes.push(`cells_cleared AS (
         DELETE FROM report_cell rc USING unnest(${f}::text[], ${r}::text[], ${c}::text[]) AS x(f, r, c)
          WHERE rc.report_id = ${reportIdParam} AND rc.form_code = x.f AND rc.row_key = x.r AND rc.column_key = x.c
            AND EXISTS (SELECT 1 FROM guard))`);
    }
    return { ctes, params };
  }

  static async clearForm(em: EntityManager, reportId: string, form: string): Promise<void> {
    await em.query(`DELETE FROM report_cell WHERE report_id = $1 AND form_code = $2`, [reportId, form]);
  }
}
