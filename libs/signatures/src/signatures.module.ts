import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { UsersModule } from '@app/auth';
import { OrgModule } from '@app/org';
import { CREDENTIAL_CIPHER, CredentialCipher } from '@app/common';
import { SigningCredentialsRepository } from './signing-credentials.repository';
import { SigningCredentialsService } from './signing-credentials.service';
import { SigningImagesService } from './signing-images.service';
import { RegisteredCertificatesRepository } from './certificates/registered-certificates.repository';
import { RegisteredCertificatesService } from './certificates/registered-certificates.service';
import {
  CertificateTrust,
  CertificateTrustService,
  RevocationRepository,
  RevocationService,
  TrustAnchorsRepository,
  TrustAnchorsService,
} from './trust';

/** Certificates, the trust store and revocation (CertificateTrust), signature images; the cipher is keyed by CREDENTIAL_SECRET. Needs WorkersModule. */
@Module({})
export class SignaturesModule {
  static forRoot(credentialSecret: string): DynamicModule {
    return {
      module: SignaturesModule,
      global: true,
      imports: [UsersModule, OrgModule, AuditModule],
      providers: [
        { provide: CREDENTIAL_CIPHER, useFactory: () => new CredentialCipher(credentialSecret) },
        SigningCredentialsRepository,
        SigningCredentialsService,
        SigningImagesService,
        RegisteredCertificatesRepository,
        RegisteredCertificatesService,
        TrustAnchorsRepository,
        TrustAnchorsService,
        RevocationRepository,
        RevocationService,
        CertificateTrustService,
        { provide: CertificateTrust, useExisting: CertificateTrustService },
      ],
      exports: [
        SigningCredentialsService,
        SigningCredentialsRepository,
        SigningImagesService,
        RegisteredCertificatesService,
        CertificateTrust,
        CertificateTrustService,
        RevocationService,
        TrustAnchorsRepository,
        TrustAnchorsService,
        RevocationRepository,
      ],
    };
  }
}
