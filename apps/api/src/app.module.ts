import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthService, UsersRepository } from '@app/auth';
import { dataSourceOptions } from '@app/database';
import { OrgModule } from '@app/org';
import { ReportsModule } from '@app/reports';
import { DocumentsModule } from '@app/documents';
import { DocumentsController } from './documents/documents.controller';
import { SigningCredentialsController, SigningImagesController } from './documents/signing-credentials.controller';
import { AuthController } from './auth/auth.controller';
import { JwtAuthGuard } from './auth/guards';
import { JwtStrategy } from './auth/jwt.strategy';
import { LocalStrategy } from './auth/local.strategy';
import { HealthController } from './health/health.controller';
import { DomainExceptionFilter } from './http/domain-exception.filter';
import { OrgController } from './org/org.controller';
import { FormsController } from './forms/forms.controller';
import { PeriodsController } from './reports/periods.controller';
import { ReportsController } from './reports/reports.controller';
import { InboxController } from './reports/inbox.controller';
import { ConsolidationsController } from './reports/consolidations.controller';
import { RolesGuard } from './auth/roles.guard';
import { jwtKey, RUNTIME, Runtime } from './runtime';
import { WEB_CONTROLLERS, WEB_PROVIDERS } from './web';

@Module({})
export class AppModule {
  static forRoot(runtime: Runtime): DynamicModule {
    const { config } = runtime;
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(runtime.databaseUrl, config.dbPoolSize), retryAttempts: 3, retryDelay: 1000 }),
        PassportModule,
        JwtModule.register({
          secretOrKeyProvider: () => jwtKey(runtime),
          signOptions: { algorithm: 'HS256', expiresIn: config.jwtExpiresIn as never },
          verifyOptions: { algorithms: ['HS256'] },
        }),
        ThrottlerModule.forRoot([{ ttl: config.loginThrottleTtlSeconds * 1000, limit: config.loginThrottleLimit }]),
        OrgModule,
        ReportsModule,
        DocumentsModule.forRoot({
          chromiumPath: config.chromiumPath,
          poolSize: config.renderPoolSize,
          queueLimit: config.renderQueueLimit,
          timeoutMs: config.renderTimeoutMs,
          maxDocsPerBrowser: config.renderMaxDocsPerBrowser,
        }, runtime.credentialSecret),
      ],
      controllers: [AuthController, HealthController, OrgController, FormsController, PeriodsController, ReportsController, InboxController, DocumentsController, SigningCredentialsController, SigningImagesController, ConsolidationsController, ...WEB_CONTROLLERS],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        UsersRepository,
        AuthService,
        LocalStrategy,
        JwtStrategy,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: DomainExceptionFilter },
        // The web pages, and the CSRF guard (registered after the JWT and roles guards, so it runs after them).
        ...WEB_PROVIDERS,
      ],
    };
  }
}
