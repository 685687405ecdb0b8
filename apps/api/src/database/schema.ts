import { DataSourceOptions } from 'typeorm';
import { ADMINISTRATION_ENTITIES } from '@app/administration';
import { ARCHIVE_ENTITIES } from '@app/archive';
import { AUDIT_ENTITIES } from '@app/audit';
import { AUTH_ENTITIES } from '@app/auth';
import { CONSOLIDATION_ENTITIES } from '@app/consolidation';
import { SchemaDefinition, dataSourceOptions } from '@app/database';
import { FORMS_ENTITIES } from '@app/forms';
import { NOTIFICATIONS_ENTITIES } from '@app/notifications';
import { ORG_ENTITIES } from '@app/org';
import { REMINDERS_ENTITIES } from '@app/reminders';
import { REPORTS_ENTITIES } from '@app/reports';
import { SIGNATURES_ENTITIES } from '@app/signatures';
import { MIGRATIONS } from '../../../../migrations';

/** The product's database: every context's tables; the schema itself comes only from the migrations. */
export const APP_SCHEMA: SchemaDefinition = {
  entities: [
    ...ORG_ENTITIES,
    ...AUTH_ENTITIES,
    ...FORMS_ENTITIES,
    ...REPORTS_ENTITIES,
    ...CONSOLIDATION_ENTITIES,
    ...ARCHIVE_ENTITIES,
    ...SIGNATURES_ENTITIES,
    ...AUDIT_ENTITIES,
    ...ADMINISTRATION_ENTITIES,
    ...NOTIFICATIONS_ENTITIES,
    ...REMINDERS_ENTITIES,
  ],
  migrations: MIGRATIONS,
};

/** TypeORM options of the product's database at `url`. */
export const appDataSourceOptions = (url: string, poolSize = 10): DataSourceOptions =>
  dataSourceOptions(url, APP_SCHEMA, poolSize);
