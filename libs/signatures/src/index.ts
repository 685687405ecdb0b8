import { SigningCredential, SigningImage, TrustedRoot } from './entities/signing-credential.entity';
import { RegisteredCertificate } from './entities/registered-certificate.entity';
import { OcspAnswer, RevocationList } from './entities/revocation.entity';

export * from './pades';
export * from './image-type';
export * from './signatures.errors';
export * from './signing-credentials.repository';
export * from './signing-credentials.service';
export * from './signing-images.service';
export * from './signatures.module';
export * from './entities/signing-credential.entity';
export * from './entities/revocation.entity';

/** The tables this context owns. */
export const SIGNATURES_ENTITIES = [
  SigningCredential,
  TrustedRoot,
  SigningImage,
  RegisteredCertificate,
  RevocationList,
  OcspAnswer,
];
export * from './signing-image';
export * from './signatures.tasks';
export * from './cms';
export * from './trust';
export * from './tokens';
export * from './entities/registered-certificate.entity';
export * from './certificates/certificate-input';
export * from './certificates/registered-certificates.repository';
export * from './certificates/registered-certificates.service';
