import { defineTask } from '@app/workers';
import { NotADocxError, readDocxBody } from './docx-reader';
import { narrativeFromDocx } from './narrative-import';
import { mergeNarrative } from './narrative-merge';

/**
 * Reads the narrative of an uploaded Word copy and compares it with the saved one (`saved`), in a
 * worker thread (the file is the caller's; the comparison is bounded but not free).
 */
export const readDocxNarrativeTask = defineTask(
  'documents.readDocxNarrative',
  (docx: Buffer, saved: string) => mergeNarrative(saved, narrativeFromDocx(readDocxBody(docx))),
  { errors: [NotADocxError] },
);
