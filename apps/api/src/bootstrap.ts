import 'reflect-metadata';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { AppConfig, loadConfig } from '@app/config';
import { EmbeddedPostgresHandle, readOrCreateSecret, startEmbeddedPostgres } from '@app/database';
import { AppModule } from './app.module';
import { playDemoHistory } from './database/demo-history-runner';
import { migrateAndSeed } from './database/migrate-and-seed';
import { DOCX_MIME, XLSX_MIME } from './http/file-responses';
import { serveOpenApi } from './http/openapi';
import { securityHeaders } from './http/security-headers';
import { pinoOptions, QuietFrameworkLogger } from './http/request-logging';
import { Runtime } from './runtime';
import { webBodyParsers } from './web';

/** Builds the Nest application on an already migrated database (used by main and by tests). */
export async function createApp(runtime: Runtime): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(runtime), {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  // Nest's line per module and per route only at LOG_LEVEL=debug: the start says one thing (main.ts).
  app.useLogger(new QuietFrameworkLogger(app.get(Logger)));
  // X-Forwarded-For is believed only from the proxies TRUST_PROXY names (default none): otherwise any
  // local process could pick its own client address, and with it a fresh sign-in throttle bucket.
  app.set('trust proxy', runtime.config.trustProxy);
  app.disable('x-powered-by');
  for (const handler of securityHeaders()) app.use(handler);
  // The web pages' forms (many fields) and uploads (multipart), before the API's parsers; /api is untouched.
  for (const parser of webBodyParsers({
    bodyLimit: runtime.config.bodyLimit,
    uploadLimit: runtime.config.uploadLimit,
  }))
    app.use(parser);
  app.useBodyParser('json', { limit: runtime.config.bodyLimit });
  // Excel uploads (PUT …/xlsx), Word copies (PUT …/docx) and PDFs to verify arrive as raw bytes.
  app.useBodyParser('raw', {
    type: [XLSX_MIME, DOCX_MIME, 'application/octet-stream', 'application/pdf'],
    limit: runtime.config.uploadLimit,
  });
  app.useBodyParser('urlencoded', { limit: runtime.config.bodyLimit, extended: false });
  app.use(cookieParser());
  serveOpenApi(app);
  await app.init();
  return app;
}

export interface RunningServer {
  app: INestApplication;
  url: string;
  /** Demo mode: the demo accounts that still have the password "demo" (else empty). */
  demoUsers: string[];
  close(): Promise<void>;
}

/**
 * The whole start: validate config, start the embedded PostgreSQL unless DATABASE_URL is set,
 * migrate and seed under an advisory lock, then serve on PORT.
 */
export async function startServer(
  env: NodeJS.ProcessEnv = process.env,
  opts: { seedOnly?: boolean; migrateOnly?: boolean } = {},
): Promise<RunningServer | null> {
  const config: AppConfig = loadConfig(env);
  const logger = pino(pinoOptions(config.logLevel));
  let embedded: EmbeddedPostgresHandle | undefined;
  // The application connects as a role that may only read and write rows; migrations run as the
  // owner of the schema (the same URL when only DATABASE_URL is given).
  let databaseUrl = config.databaseUrl;
  let migrationUrl = config.migrationDatabaseUrl ?? config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPgPort,
      database: 'te_reporting',
      log: (m) => logger.debug({ context: 'EmbeddedPostgres' }, m),
    });
    databaseUrl = embedded.appUrl;
    migrationUrl = embedded.ownerUrl;
    logger.debug(
      { context: 'Bootstrap' },
      `embedded PostgreSQL on port ${config.embeddedPgPort}, data in ${config.dataDir}`,
    );
  }
  try {
    const credentialSecret =
      config.credentialSecret ??
      readOrCreateSecret(path.join(config.dataDir, 'credential-secret'), 48);
    const result = await migrateAndSeed(migrationUrl!, {
      seedDemo: config.seedDemo || !!opts.seedOnly,
      log: (m) => logger.debug({ context: 'Migrations' }, m),
      demoPki: { dir: path.join(config.dataDir, 'pki'), secret: credentialSecret },
      appRole: decodeURIComponent(new URL(databaseUrl).username),
      refuseDemoData:
        config.nodeEnv === 'production' &&
        !config.allowDemoData &&
        !opts.seedOnly &&
        !opts.migrateOnly,
      // Demo mode: the start-up line names the demo accounts to sign in with.
      findDemoUsers:
        (config.seedDemo || config.allowDemoData) && !opts.seedOnly && !opts.migrateOnly,
    });
    if (result.seeded) {
      // The demo's legacy period played through to issued documents, at its 2024 dates.
      await playDemoHistory({
        databaseUrl: databaseUrl!,
        chromiumPath: config.chromiumPath,
        credentialSecret,
        orgSlot: config.orgSlot ?? result.demoOrgSlot,
      });
      logger.debug({ context: 'Migrations' }, 'played the demo history of 2024-H1');
    }
    if (opts.seedOnly || opts.migrateOnly) {
      logger.info(
        { context: 'Bootstrap' },
        opts.seedOnly
          ? result.seeded
            ? 'demo data loaded'
            : 'database not empty: demo data not loaded'
          : 'migrations done',
      );
      await embedded?.stop();
      return null;
    }
    const jwtSecret =
      config.jwtSecret ?? readOrCreateSecret(path.join(config.dataDir, 'jwt-secret'), 48);
    const app = await createApp({
      config,
      databaseUrl,
      jwtSecret,
      credentialSecret,
      orgSlot: result.demoOrgSlot,
    });
    await app.listen(config.port, '0.0.0.0');
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://127.0.0.1:${port}`;
    logger.debug({ context: 'Bootstrap', port }, `listening on ${url}`);
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        await app.close();
        await embedded?.stop();
      })());
    return { app, url, demoUsers: result.demoUsers, close };
  } catch (e) {
    await embedded?.stop().catch(() => undefined);
    throw e;
  }
}
