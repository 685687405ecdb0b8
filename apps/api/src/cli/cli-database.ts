import type { AppConfig } from '@app/config';
import { startEmbeddedPostgres } from '@app/database';
import { migrateAndSeed } from '../database/migrate-and-seed';

/**
 * The database an operator's command works on, as the server would open it: DATABASE_URL, or the
 * embedded PostgreSQL in DATA_DIR (started for the command, with the server running or not); the
 * schema brought up to date as its owner. `run` gets the URL of the application's role; the
 * embedded server is stopped afterwards whatever happens.
 */
export async function withCliDatabase<T>(
  config: AppConfig,
  run: (appUrl: string) => Promise<T>,
): Promise<T> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.embeddedPgPort,
        database: 'te_reporting',
      });
  // Migrations as the owner of the schema, the commands as the application's role.
  const url = config.databaseUrl ?? embedded!.appUrl;
  try {
    await migrateAndSeed(config.migrationDatabaseUrl ?? config.databaseUrl ?? embedded!.ownerUrl, {
      seedDemo: false,
      appRole: decodeURIComponent(new URL(url).username),
    });
    return await run(url);
  } finally {
    await embedded?.stop();
  }
}
