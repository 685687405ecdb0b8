import { defineTask } from '@app/workers';
import { importFormWorkbook } from './workbook-import';
import { NotAWorkbookError } from './workbook-layout';

/** Reads an uploaded workbook of a form, in a worker thread (the file is the caller's). */
export const importFormWorkbookTask = defineTask('forms.importWorkbook', importFormWorkbook, {
  errors: [NotAWorkbookError],
});
