export { documentDocx } from './document-docx';
export type { DocxCopyInfo } from './document-docx';
export { NotADocxError, DOCX_LIMITS, readDocxBody } from './docx-reader';
export { narrativeFromDocx } from './narrative-import';
export type { ImportedNarrative } from './narrative-import';
export { mergeNarrative } from './narrative-merge';
export type { NarrativeChange, NarrativeMerge } from './narrative-merge';
export { readDocxNarrativeTask } from './docx.tasks';
export { STYLE as DOCX_STYLES } from './style-names';
