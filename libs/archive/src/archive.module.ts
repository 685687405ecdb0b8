import { Module } from '@nestjs/common';
import { OrgModule } from '@app/org';
import { ArchiveService } from './archive.service';
import { IssuedDocumentsRepository } from './issued-documents.repository';
import { RegisterService } from './register.service';
import { VerificationService } from './verification.service';

/** Issued originals, numbering, the access log, verification and the outgoing register (renderer and signatures are global). */
@Module({
  imports: [OrgModule],
  providers: [IssuedDocumentsRepository, ArchiveService, VerificationService, RegisterService],
  exports: [IssuedDocumentsRepository, ArchiveService, VerificationService, RegisterService],
})
export class ArchiveModule {}
