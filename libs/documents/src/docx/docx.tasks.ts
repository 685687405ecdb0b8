import { defineTask } from '@app/workers';
import { NotADocxError, readDocxBody } from './docx-reader';
import { narrativeFromDocx } from './narrative-import';

/** Reads the narrative of an uploaded Word copy, in a worker thread (the file is the caller's). */
export const readDocxNarrativeTask = defineTask(
  'documents.readDocxNarrative',
  (docx: Buffer) => narrativeFromDocx(readDocxBody(docx)),
  { errors: [NotADocxError] },
);
