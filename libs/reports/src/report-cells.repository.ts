import { EntityManager } from 'typeorm';
import { CellValue, FormData } from '@app/forms';

export interface CellChange {
  form: string;
  row: string;
  column: string;
  /** null clears the cell. */
  value: CellValue | null;
}

/** Reads and writes the stored cells of reports, in bulk (one statement per kind of change). */
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

  static async apply(em: EntityManager, reportId: string, changes: CellChange[]): Promise<void> {
    const sets = changes.filter((c) => c.value !== null);
    const clears = changes.filter((c) => c.value === null);
    if (sets.length) {
      await em.query(
        `INSERT INTO report_cell (report_id, form_code, row_key, column_key, num, text, bool)
         SELECT $1, f, r, c, n::numeric, t, b FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[]) AS x(f, r, c, n, t, b)
         ON CONFLICT (report_id, form_code, row_key, column_key)
         DO UPDATE SET num = EXCLUDED.num, text = EXCLUDED.text, bool = EXCLUDED.bool`,
        [
          reportId,
          sets.map((c) => c.form),
          sets.map((c) => c.row),
          sets.map((c) => c.column),
          sets.map((c) => (typeof c.value === 'number' ? String(c.value) : null)),
          sets.map((c) => (typeof c.value === 'string' ? c.value : null)),
          sets.map((c) => (typeof c.value === 'boolean' ? c.value : null)),
        ],
      );
    }
    if (clears.length) {
      await em.query(
        `DELETE FROM report_cell rc USING unnest($2::text[], $3::text[], $4::text[]) AS x(f, r, c)
         WHERE rc.report_id = $1 AND rc.form_code = x.f AND rc.row_key = x.r AND rc.column_key = x.c`,
        [reportId, clears.map((c) => c.form), clears.map((c) => c.row), clears.map((c) => c.column)],
      );
    }
  }

  static async clearForm(em: EntityManager, reportId: string, form: string): Promise<void> {
    await em.query(`DELETE FROM report_cell WHERE report_id = $1 AND form_code = $2`, [reportId, form]);
  }
}
