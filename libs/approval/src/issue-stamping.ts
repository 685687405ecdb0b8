import { Injectable } from '@nestjs/common';
import { DocumentModel } from '@app/documents';
import { IssuePlaces, IssueStamp, stampIssuedPdf } from '@app/signatures';
import { ReportDocumentService } from './report-document.service';

/**
 * The two steps of a document signed by its head before it is numbered (token mode): rendering it
 * for the head's signature with the number and date places left empty (and where they are), and
 * filling them in by an incremental update at issue, the head's signature staying valid.
 */
@Injectable()
export class IssueStamping {
  async renderForSignature(
    documents: ReportDocumentService,
    model: DocumentModel,
  ): Promise<{ pdf: Buffer; places: IssuePlaces | null }> {
    return documents.renderForSignature(model);
  }

  async stamp(pdf: Buffer, places: IssuePlaces | null, stamp: IssueStamp): Promise<Buffer> {
    if (!places) throw new Error('The signed document does not say where its number goes');
    return stampIssuedPdf(pdf, places, stamp);
  }
}
