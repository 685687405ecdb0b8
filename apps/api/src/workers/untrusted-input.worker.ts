/**
 * The entry of the worker threads (libs/workers): every task of the contexts, by name. It imports
 * the task modules themselves rather than the contexts' indexes, so that a thread loads the parsers
 * and decoders it runs and not the services, repositories and database entities.
 * untrusted-input.worker.spec.ts checks that it knows every task the contexts declare.
 */
import '../../../../libs/signatures/src/signatures.tasks';
import '../../../../libs/forms/src/workbook/workbook.tasks';
import '../../../../libs/administration/src/import.tasks';
import '../../../../libs/documents/src/docx/docx.tasks';
import { runTask, yieldCpuToEventLoop } from '@app/workers';

yieldCpuToEventLoop();

export default runTask;

/** The entry's path without extension (WorkerPool picks the compiled .js or the .ts source). */
export const UNTRUSTED_INPUT_WORKER = __filename.replace(/\.(js|ts)$/, '');
