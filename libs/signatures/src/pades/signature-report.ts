import type { TrustVerdict } from '../trust/certificate-trust';
import { certificateInfo, displayName } from './certificate';

/** One signature's verdict (English codes in the API; Vietnamese labels on the page). */
export type SignatureVerdict =
  'valid' | 'modified-after-signing' | 'untrusted' | 'revoked' | 'expired';

/** Labels of the verdicts for people. */
export const SIGNATURE_VERDICT_LABELS: Record<SignatureVerdict, string> = {
  valid: 'Hợp lệ',
  'modified-after-signing': 'Đã bị sửa sau khi ký',
  untrusted: 'Không tin cậy',
  revoked: 'Đã bị thu hồi',
  expired: 'Đã hết hạn',
};

/** What a certificate check said (CertificateTrust's answer, or the offline checks'). */
export interface TrustOutcome {
  verdict: TrustVerdict;
  message: string;
  /** DER, the signer's certificate first, the trust anchor last (empty when none reached). */
  chain: Buffer[];
  revocation?: 'good' | 'revoked' | 'unknown' | 'not-checked';
  notes?: string[];
  problems?: string[];
}

/** What one signature of a PDF says and whether it holds. */
export interface PdfSignatureReport {
  /** Name (/T) of the signature field, when found. */
  fieldName?: string;
  /** Subject CN of the signer's certificate (else O). */
  signerName: string;
  /** Subject O of the signer's certificate. */
  signerOrganization?: string;
  /** Issuer of the signer's certificate (its distinguished name). */
  signerIssuer?: string;
  /** The issuer's common name (else organisation), for people to read. */
  signerIssuerName?: string;
  /** Serial number of the signer's certificate (hex, upper case). */
  signerSerial?: string;
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
  /** verdict === 'valid'. */
  valid: boolean;
  /** The signature's verdict: 'modified-after-signing' when its bytes do not hold, else the certificate's. */
  verdict: SignatureVerdict;
  /** Vietnamese: why it is not valid ('' when valid). */
  verdictMessage: string;
  /** The signer certificate's revocation status as checked (absent when not checked). */
  revocation?: 'good' | 'revoked' | 'unknown' | 'not-checked';
  /** Vietnamese notes that do not make it invalid (e.g. no revocation information published). */
  notes?: string[];
  /** Why a check failed (English, for logs and support). */
  problems: string[];
}

/**
 * A signature's report completed with what the certificate check said (`trust` undefined: the
 * signer's certificate was not found): chain, trusted, certificatesValid, verdict, valid.
 */
export function applyTrust(
  report: PdfSignatureReport,
  trust: TrustOutcome | undefined,
): PdfSignatureReport {
  const r: PdfSignatureReport = { ...report, problems: [...report.problems] };
  if (trust) {
    if (trust.chain.length > 0)
      r.certificateChain = trust.chain.map((der) => displayName(certificateInfo(der).subject));
    r.trusted = trust.chain.length > 0 && trust.verdict !== 'untrusted';
    r.certificatesValid = trust.verdict !== 'expired' && trust.verdict !== 'not-yet-valid';
    r.revocation = trust.revocation;
    if (trust.notes?.length) r.notes = trust.notes;
    r.problems.push(...(trust.problems ?? []));
  }
  if (!r.intact) {
    r.verdict = 'modified-after-signing';
    r.verdictMessage = r.signerName
      ? 'Nội dung đã bị sửa sau khi ký, hoặc chữ ký bị hỏng.'
      : 'Không đọc được chữ ký số.';
  } else if (!trust) {
    r.verdict = 'untrusted';
    r.verdictMessage = 'Không tìm thấy chứng thư số của người ký trong chữ ký.';
  } else {
    r.verdict =
      trust.verdict === 'valid' || trust.verdict === 'revoked' || trust.verdict === 'expired'
        ? trust.verdict
        : 'untrusted';
    r.verdictMessage = trust.message;
  }
  r.valid = r.verdict === 'valid';
  return r;
}

export type PdfSignatureStatus =
  'unsigned' | 'valid' | 'invalid' | 'untrusted' | 'revoked' | 'expired' | 'modified-after-signing';

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
  const revoked = reports.find((r) => r.verdict === 'revoked');
  if (revoked)
    return {
      status: 'revoked',
      valid: false,
      message: `Chữ ký số của ${who(revoked)} còn nguyên vẹn nhưng chứng thư số đã bị thu hồi. ${revoked.verdictMessage}`,
    };
  const expired = reports.find((r) => r.verdict === 'expired');
  if (expired)
    return {
      status: 'expired',
      valid: false,
      message: `Chữ ký số của ${who(expired)} còn nguyên vẹn nhưng chứng thư số không còn hiệu lực tại thời điểm ký. ${expired.verdictMessage}`,
    };
  const untrusted = reports.find((r) => r.verdict !== 'valid');
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
