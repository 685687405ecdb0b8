import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { UsersModule } from '@app/auth';
import { CredentialCipher } from '@app/common';
import { OrgModule } from '@app/org';
import { ImportJobsRepository } from './import-jobs.repository';
import { IMPORT_CIPHER, ImportService } from './import.service';
import { ImportWriter } from './import-writer';

/** Bulk administration: imports of units and users (the one-time passwords kept encrypted with the credential secret). */
@Module({})
export class AdministrationModule {
  static forRoot(credentialSecret: string): DynamicModule {
    return {
      module: AdministrationModule,
      imports: [OrgModule, UsersModule, AuditModule],
      providers: [
        {
          provide: IMPORT_CIPHER,
          useFactory: () => new CredentialCipher(credentialSecret, 'import-passwords'),
        },
        ImportJobsRepository,
        ImportWriter,
        ImportService,
      ],
      exports: [ImportService],
    };
  }
}
