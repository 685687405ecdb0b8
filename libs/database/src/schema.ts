import { DataSourceOptions } from 'typeorm';
import { OrgUnit } from '@app/org';
import { User } from '@app/auth';
import { FormDefinitionEntity } from '@app/forms';
import { ConsolidationSource, Report, ReportCell, ReportHistory, ReportSignature, ReportingPeriod } from '@app/reports';
import { DocumentAccessLog } from '../../documents/src/entities/document-access-log.entity';
import { DocumentNumberRegistry } from '../../documents/src/entities/document-number.entity';
import { IssuedDocument } from '../../documents/src/entities/issued-document.entity';
import { SigningCredential, SigningImage, TrustedRoot } from '../../documents/src/entities/signing-credential.entity';
import { MIGRATIONS } from '../../../migrations';

/** Every entity of the product; the schema itself comes only from MIGRATIONS. */
export const ENTITIES = [OrgUnit, User, FormDefinitionEntity, ReportingPeriod, Report, ReportCell, ReportHistory, ReportSignature, ConsolidationSource, IssuedDocument, DocumentNumberRegistry, DocumentAccessLog, SigningCredential, TrustedRoot, SigningImage];

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    logging: false,
    // Issuing holds the numbering lock while it renders: waiting for a connection may take a while under load.
    extra: { max: poolSize, connectionTimeoutMillis: 30000 },
  };
}
