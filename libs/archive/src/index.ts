import { DocumentAccessLog } from './entities/document-access-log.entity';
import { DocumentNumberRegistry } from './entities/document-number.entity';
import { IssuedDocument } from './entities/issued-document.entity';
import { IncomingDocument } from './entities/incoming-document.entity';
import { IncomingNumberRegistry } from './entities/incoming-number.entity';
import { DocumentReplacement, DocumentWithdrawal } from './entities/document-marks.entity';

export * from './entities/issued-document.entity';
export * from './entities/document-number.entity';
export * from './entities/document-access-log.entity';
export * from './entities/incoming-document.entity';
export * from './entities/incoming-number.entity';
export * from './entities/document-marks.entity';
export * from './archive.errors';
export * from './numbering';
export * from './issued-documents.repository';
export * from './archive.service';
export * from './verification.service';
export * from './register.service';
export * from './incoming.repository';
export * from './incoming-register.service';
export * from './document-marks.repository';
export * from './document-marks.service';
export * from './archive.module';

/** The tables this context owns. */
export const ARCHIVE_ENTITIES = [
  IssuedDocument,
  DocumentNumberRegistry,
  DocumentAccessLog,
  IncomingDocument,
  IncomingNumberRegistry,
  DocumentWithdrawal,
  DocumentReplacement,
];
