import { NotAWorkbookError } from '@app/forms';
import { defineTask } from '@app/workers';
import { readImportWorkbook } from './import-sheets';

/** Reads an uploaded import workbook (units, users), in a worker thread (the file is the caller's). */
export const readImportWorkbookTask = defineTask(
  'administration.readImportWorkbook',
  readImportWorkbook,
  { errors: [NotAWorkbookError] },
);
