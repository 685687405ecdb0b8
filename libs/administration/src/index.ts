import { ImportJob } from './entities/import-job.entity';

export * from './entities/import-job.entity';
export * from './administration.errors';
export * from './administration.module';
export * from './import-plan';
export * from './import-types';
export * from './import-fields';
export * from './import-sheets';
export * from './import.tasks';
export * from './import.service';
export * from './import-writer';
export * from './passwords-workbook';

/** The tables this context owns. */
export const ADMINISTRATION_ENTITIES = [ImportJob];
