import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdministrationModule } from '@app/administration';
import { ApprovalModule } from '@app/approval';
import { AuditModule } from '@app/audit';
import { ClockModule } from '@app/common';
import {
  AUTH_OPTIONS,
  AuthOptions,
  AuthService,
  LoginAttemptsRepository,
  LoginBackoff,
  UserChangesListener,
  UsersModule,
} from '@app/auth';
import { JobsModule } from '@app/jobs';
import { MailModule } from '@app/notifications';
import { OrgModule } from '@app/org';
import { RemindersModule } from '@app/reminders';
import { RendererModule } from '@app/renderer';
import { OrganisationSlotModule, SignaturesModule } from '@app/signatures';
import { WorkersModule } from '@app/workers';
import { AuditController } from './admin/audit.controller';
import { ImportController } from './admin/import.controller';
import { JobsController } from './admin/jobs.controller';
import { UsersController } from './admin/users.controller';
import { AuthController } from './auth/auth.controller';
import { JwtAuthGuard } from './auth/guards';
import { JwtStrategy } from './auth/jwt.strategy';
import { PasswordChangeGuard } from './auth/password-change.guard';
import { RolesGuard } from './auth/roles.guard';
import { SessionAuthenticator } from './auth/session-authenticator';
import { appDataSourceOptions } from './database/schema';
import { DocumentsController } from './documents/documents.controller';
import {
  SigningCredentialsController,
  SigningImagesController,
} from './documents/signing-credentials.controller';
import {
  RevocationListsController,
  TrustAnchorsController,
} from './documents/trust-anchors.controller';
import { FormsController } from './forms/forms.controller';
import {
  MissingCertificatesController,
  UnitCertificatesController,
  UserCertificatesController,
} from './documents/certificates.controller';
import { SigningRequestsController } from './documents/signing-requests.controller';
import { HealthController } from './health/health.controller';
import { InputTextGuard } from './http/input-text.guard';
import { requestLogging } from './http/request-logging';
import { ValidationPipe } from './http/validation.pipe';
import { NotificationsController } from './notifications/notifications.controller';
import { PreferencesController } from './notifications/preferences.controller';
import { OrgController } from './org/org.controller';
import { ConsolidationsController } from './reports/consolidations.controller';
import { IndicatorsController } from './reports/indicators.controller';
import { InboxController } from './reports/inbox.controller';
import { PeriodDataController } from './reports/period-data.controller';
import { PeriodsController } from './reports/periods.controller';
import { ReportWorkbooks } from './reports/report-workbooks.service';
import { ReportsController } from './reports/reports.controller';
import { jwtKey, RUNTIME, Runtime } from './runtime';
import { WEB_CONTROLLERS, WEB_PROVIDERS } from './web';
import { UNTRUSTED_INPUT_WORKER } from './workers/untrusted-input.worker';

const API_CONTROLLERS = [
  AuthController,
  HealthController,
  OrgController,
  FormsController,
  PeriodsController,
  PeriodDataController,
  ReportsController,
  InboxController,
  ConsolidationsController,
  IndicatorsController,
  DocumentsController,
  SigningCredentialsController,
  SigningImagesController,
  UserCertificatesController,
  UnitCertificatesController,
  MissingCertificatesController,
  SigningRequestsController,
  RevocationListsController,
  TrustAnchorsController,
  UsersController,
  ImportController,
  AuditController,
  NotificationsController,
  PreferencesController,
  JobsController,
];

/** Uploads waiting for a worker thread (more → 503), and the heap of one thread (MB). */
const WORKER_QUEUE_LIMIT = 50;
const WORKER_MEMORY_MB = 256;

/** HTTP only: the API and the web pages over the contexts of libs/ (ApprovalModule brings the rest). */
@Module({})
export class AppModule {
  static forRoot(runtime: Runtime): DynamicModule {
    const { config } = runtime;
    const authOptions: AuthOptions = {
      tokenLifetimeSeconds: config.tokenLifetimeSeconds,
      webSessionIdleSeconds: config.webSessionIdleSeconds,
      loginAccountLimit: config.loginAccountLimit,
      loginAccountWindowSeconds: config.loginAccountWindowSeconds,
    };
    return {
      module: AppModule,
      imports: [
        requestLogging(config.logLevel),
        ClockModule.forRoot(runtime.clock),
        TypeOrmModule.forRoot({
          ...appDataSourceOptions(runtime.databaseUrl, config.dbPoolSize),
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        PassportModule,
        JwtModule.register({
          secretOrKeyProvider: () => jwtKey(runtime),
          // AuthService sets iat and exp of every token itself (API and web sessions differ).
          signOptions: { algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
        ThrottlerModule.forRoot([
          { ttl: config.loginThrottleTtlSeconds * 1000, limit: config.loginThrottleLimit },
        ]),
        RendererModule.forRoot({
          chromiumPath: config.chromiumPath,
          poolSize: config.renderPoolSize,
          queueLimit: config.renderQueueLimit,
          timeoutMs: config.renderTimeoutMs,
          maxDocsPerBrowser: config.renderMaxDocsPerBrowser,
          queueTimeoutMs: config.renderQueueTimeoutMs,
          maxPages: config.renderMaxPages,
        }),
        WorkersModule.forRoot({
          entry: UNTRUSTED_INPUT_WORKER,
          threads: config.workerThreads,
          timeoutMs: config.workerTimeoutMs,
          queueLimit: WORKER_QUEUE_LIMIT,
          memoryMb: WORKER_MEMORY_MB,
        }),
        SignaturesModule.forRoot(runtime.credentialSecret),
        OrganisationSlotModule.forRoot(config.orgSlot ?? runtime.orgSlot),
        AdministrationModule.forRoot(runtime.credentialSecret),
        OrgModule,
        UsersModule,
        AuditModule,
        // The job queue on the same database (pg-boss): e-mails, reminders, digests, in any process.
        JobsModule.forRoot({
          databaseUrl: runtime.databaseUrl,
          runWorkers: runtime.runJobs ?? true,
          schedules: { reminders: config.remindersCron, digest: config.digestCron },
        }),
        MailModule.forRoot(config.mail),
        ApprovalModule,
        RemindersModule,
      ],
      controllers: [...API_CONTROLLERS, ...WEB_CONTROLLERS],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: AUTH_OPTIONS, useValue: authOptions },
        AuthService,
        LoginAttemptsRepository,
        LoginBackoff,
        UserChangesListener,
        SessionAuthenticator,
        JwtStrategy,
        ReportWorkbooks,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: PasswordChangeGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        // Every text of the request checked and made NFC, before any route's own guard or pipe reads it.
        { provide: APP_GUARD, useClass: InputTextGuard },
        { provide: APP_PIPE, useClass: ValidationPipe },
        // The web pages, the CSRF guard (registered after the JWT and roles guards, so it runs after them)
        // and the error filter of every route (JSON under /api, the error page elsewhere).
        ...WEB_PROVIDERS,
      ],
    };
  }
}
