import { Module } from '@nestjs/common';
import { UsersModule } from '@app/auth';
import { OrgModule } from '@app/org';
import { ArchiveService } from './archive.service';
import { DocumentMarksRepository } from './document-marks.repository';
import { DocumentMarksService } from './document-marks.service';
import { IncomingRegisterService } from './incoming-register.service';
import { IncomingRepository } from './incoming.repository';
import { IssuedDocumentsRepository } from './issued-documents.repository';
import { RegisterService } from './register.service';
import { VerificationService } from './verification.service';

const EXPORTED = [
  IssuedDocumentsRepository,
  ArchiveService,
  VerificationService,
  RegisterService,
  IncomingRepository,
  IncomingRegisterService,
  DocumentMarksRepository,
  DocumentMarksService,
];

/** Issued originals, numbering, the access log, verification, the outgoing and incoming registers, withdrawal and replacement marks (renderer and signatures are global). */
@Module({
  imports: [OrgModule, UsersModule],
  providers: EXPORTED,
  exports: EXPORTED,
})
export class ArchiveModule {}
