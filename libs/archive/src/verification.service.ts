import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser } from '@app/auth';
import { DomainException, formatDate } from '@app/common';
import {
  PdfSignatureReport,
  SigningCredentialsService,
  pdfSignatureVerdict,
  verifyPdfTask,
} from '@app/signatures';
import { WorkerPool } from '@app/workers';
import { DocumentMarksRepository, marksNote } from './document-marks.repository';
import { IssuedDocumentsRepository } from './issued-documents.repository';

/** Whether a file is an archived original, and what its digital signatures say. */
@Injectable()
export class VerificationService {
  constructor(
    private readonly repo: IssuedDocumentsRepository,
    private readonly credentials: SigningCredentialsService,
    private readonly workers: WorkerPool,
    private readonly marks: DocumentMarksRepository,
  ) {}

  /**
   * Compares the file's SHA-256 with the archive and checks every signature in it against the
   * trusted roots, in a worker thread: a file too costly to read is refused (422), never waited on.
   * A `pdf` marked `movable` (an upload nobody reads again) is moved to the thread, not copied.
   */
  async verify(user: AuthUser, pdf: Buffer) {
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const roots = await this.credentials.trustedRoots();
    let signatures: PdfSignatureReport[];
    try {
      signatures = await this.workers.run(verifyPdfTask, pdf, roots);
    } catch (e) {
      if (e instanceof DomainException) throw e;
      // A file too broken to read its signatures has none that hold.
      signatures = [];
    }
    const verdict = pdfSignatureVerdict(signatures);
    const signatureReport = {
      signatures: signatures.map((s) => ({
        fieldName: s.fieldName,
        signerName: s.signerName,
        signerOrganization: s.signerOrganization,
        certificateChain: s.certificateChain,
        trusted: s.trusted,
        signingTime: s.signingTime,
        intact: s.intact,
        coversWholeDocument: s.coversWholeDocument,
        valid: s.valid,
      })),
      signatureStatus: verdict.status,
      signatureMessage: verdict.message,
    };
    const doc = await this.repo.findBySha256(sha256);
    if (!doc) {
      return {
        archived: false,
        sha256,
        message:
          'Tệp này không trùng với bản gốc nào trong kho lưu trữ (có thể đã bị sửa đổi, hoặc không phải văn bản do hệ thống phát hành).',
        ...signatureReport,
      };
    }
    await this.repo.logAccess(doc.id, user.id, 'verify');
    // A withdrawn or replaced original is still the original, and the answer says what became of it.
    const marks = (await this.marks.of([doc.id])).get(doc.id);
    const status = marksNote(marks);
    return {
      archived: true,
      sha256,
      message: `Tệp trùng khớp với bản gốc văn bản số ${doc.numberText} ngày ${formatDate(doc.issueDate)} của ${doc.issuer.name}.${status ? ` Lưu ý: ${status}.` : ''}`,
      document: {
        id: doc.id,
        numberText: doc.numberText,
        issueDate: doc.issueDate,
        issuer: doc.issuer.name,
        title: doc.title,
        ...marks,
        status,
      },
      ...signatureReport,
    };
  }
}
export type VerifyResult = Awaited<ReturnType<VerificationService['verify']>>;
