export {
  NotAWorkbookError,
  MAX_WORKBOOK_ROWS,
  MAX_WORKBOOK_COLUMNS,
  MAX_UNCOMPRESSED_BYTES,
  MSG_COMPUTED_CELL,
  MSG_HEADING_ROW,
  workbookSheetName,
} from './workbook-layout';
export type { WorkbookContext, WorkbookImportError, WorkbookImportResult } from './workbook-layout';
export { exportFormWorkbook } from './workbook-export';
export { formWorkbookLimits, importFormWorkbook } from './workbook-import';
export { importFormWorkbookTask } from './workbook.tasks';
export { checkXlsxContainer } from './xlsx-container';
export type { ZipEntry } from './xlsx-container';
export { checkXlsxBounds } from './xlsx-bounds';
export type { XlsxLimits } from './xlsx-bounds';
