/** What one signature of a PDF says and whether it holds. */
export interface PdfSignatureReport {
  /** Name (/T) of the signature field, when found. */
  fieldName?: string;
  /** Subject CN of the signer's certificate (else O). */
  signerName: string;
  /** Subject O of the signer's certificate. */
  signerOrganization?: string;
  /** Subject CN (else O) of each certificate from the signer up to the last one found (the root when trusted). */
  certificateChain: string[];
  /** The chain verifies up to one of the trusted certificates. */
  trusted: boolean;
  /** Every certificate of the chain was valid at the signing time (at the time of verification when the signature has none). */
  certificatesValid: boolean;
  /** ISO 8601 (UTC): the CMS signing-time attribute, else /M of the signature dictionary. */
  signingTime?: string;
  /** The SHA-256 (or other) digest of the signed byte ranges equals the signed messageDigest, and the CMS signature verifies with the signer's certificate. */
  intact: boolean;
  /** The signed byte ranges reach the end of the file (nothing was appended after this signature). */
  coversWholeDocument: boolean;
  byteRange: number[];
  subFilter?: string;
  reason?: string;
  location?: string;
  /** intact && trusted && certificatesValid. */
  valid: boolean;
  /** Why a check failed (English, for logs and support). */
  problems: string[];
}

export type PdfSignatureStatus =
  'unsigned' | 'valid' | 'invalid' | 'untrusted' | 'modified-after-signing';

export interface PdfSignatureVerdict {
  status: PdfSignatureStatus;
  valid: boolean;
  /** Vietnamese, for the user. */
  message: string;
}

/** One verdict for the whole file. */
export function pdfSignatureVerdict(reports: PdfSignatureReport[]): PdfSignatureVerdict {
  if (reports.length === 0)
    return { status: 'unsigned', valid: false, message: 'Tệp không có chữ ký số.' };
  const who = (r: PdfSignatureReport) => r.signerName || 'người ký không xác định';
  const broken = reports.find((r) => !r.intact);
  if (broken) {
    return {
      status: 'invalid',
      valid: false,
      message: `Chữ ký số của ${who(broken)} không hợp lệ: nội dung văn bản đã bị thay đổi sau khi ký, hoặc chữ ký bị hỏng.`,
    };
  }
  const untrusted = reports.find((r) => !r.trusted || !r.certificatesValid);
  if (untrusted) {
    return {
      status: 'untrusted',
      valid: false,
      message: `Chữ ký số của ${who(untrusted)} còn nguyên vẹn nhưng chứng thư số không được tin cậy hoặc không còn hiệu lực tại thời điểm ký.`,
    };
  }
  const last = reports[reports.length - 1];
  if (!last.coversWholeDocument) {
    return {
      status: 'modified-after-signing',
      valid: false,
      message:
        'Các chữ ký số còn nguyên vẹn, nhưng tệp đã được bổ sung nội dung sau chữ ký cuối cùng.',
    };
  }
  return {
    status: 'valid',
    valid: true,
    message: `Văn bản có ${reports.length} chữ ký số hợp lệ (${reports.map(who).join('; ')}); nội dung không thay đổi kể từ khi ký.`,
  };
}
