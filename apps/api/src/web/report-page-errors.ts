import { DomainException, FieldError } from '@app/common';

/** A problem of one cell of a form: its row is the form's row code. */
export type CellError = FieldError & { row?: string };

/** The name of a refused field as the report page says it. */
export const fieldLabel = (f: string | undefined) =>
  !f
    ? ''
    : f === 'title'
      ? 'Tên báo cáo'
      : f === 'narrative'
        ? 'Nội dung'
        : f.startsWith('recipients')
          ? 'Nơi nhận'
          : f === 'comment'
            ? 'Lý do'
            : f === 'version'
              ? 'Phiên bản'
              : f;

/** Splits a DomainException's errors into cell errors and field errors. */
export function splitErrors(e: DomainException): {
  cellErrors: CellError[];
  fieldErrors: FieldError[];
} {
  const errors = e.errors ?? [];
  return {
    cellErrors: errors
      .filter((x) => x.form && x.row && x.column)
      .map((x) => ({ ...x, row: String(x.row) })),
    fieldErrors: errors.filter((x) => !(x.form && x.row && x.column)),
  };
}
