import { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';

/** What a database holds: the entities every context exports and the migrations that create them. */
export interface SchemaDefinition {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}

/** TypeORM options for PostgreSQL at `url`; the schema itself comes only from the migrations. */
export function dataSourceOptions(
  url: string,
  schema: SchemaDefinition,
  poolSize = 10,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: schema.entities,
    migrations: schema.migrations,
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
