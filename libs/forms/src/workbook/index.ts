export {
  NotAWorkbookError,
  MAX_WORKBOOK_ROWS,
  MAX_WORKBOOK_COLUMNS,
  MSG_COMPUTED_CELL,
  MSG_HEADING_ROW,
  workbookSheetName,
} from './workbook-layout';
export type { WorkbookContext, WorkbookImportError, WorkbookImportResult } from './workbook-layout';
export { exportFormWorkbook } from './workbook-export';
export { importFormWorkbook } from './workbook-import';
export { checkXlsxContainer } from './xlsx-container';
