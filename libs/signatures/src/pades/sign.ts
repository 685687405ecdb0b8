import { SignPdf } from '@signpdf/signpdf';
import { certificateInfo, nameField, pemCertificates } from './certificate';
import { CadesSigner } from './cms';
import { addSignaturePlaceholder, PdfSignError } from './placeholder';
import { readPkcs12 } from './pkcs12';

export interface PdfSignerCredentials {
  /** PKCS#12 file with the key, its certificate and (preferably) the CA chain. */
  p12: Buffer;
  password: string;
}

export interface SignPdfOptions {
  reason?: string;
  location?: string;
  /** /Name of the signature dictionary; default the certificate's common name. */
  name?: string;
  contactInfo?: string;
  /** Default now. */
  signingTime?: Date;
  /** Name of the new signature field; default `Signature<n>`. */
  fieldName?: string;
  /**
   * 'ETSI.CAdES.detached' (default: PAdES baseline B-B, with signingCertificateV2) or
   * 'adbe.pkcs7.detached'.
   */
  subFilter?: 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached';
  /**
   * Put the signing-time attribute in the CMS. Default: not for ETSI.CAdES.detached (PAdES
   * baseline wants the time only in /M, which the signature covers; pdfsig and Adobe show /M),
   * yes for adbe.pkcs7.detached.
   */
  signingTimeAttribute?: boolean;
  /** Bytes reserved for the CMS; default 8192 (a 2-certificate RSA-2048 chain needs ~2.5 KB). */
  signatureLength?: number;
  /** Page of the invisible signature widget (0-based); default 0. */
  pageIndex?: number;
}

/**
 * Adds one signature to `pdf` as an incremental update (the bytes of `pdf` are kept as they
 * are, so earlier signatures stay valid; signing twice gives two signatures, the last covering
 * the whole file). The signature field is invisible: the visible signature is the signature
 * block the document already draws.
 */
export async function signPdf(
  pdf: Buffer,
  signer: PdfSignerCredentials,
  opts: SignPdfOptions = {},
): Promise<Buffer> {
  const { certPem, keyPem, chainPem } = readPkcs12(signer.p12, signer.password);
  const signingTime = opts.signingTime ?? new Date();
  const subFilter = opts.subFilter ?? 'ETSI.CAdES.detached';
  const name = opts.name ?? commonNameOf(certPem);
  const withPlaceholder = await addSignaturePlaceholder(pdf, {
    fieldName: opts.fieldName,
    subFilter,
    signatureLength: opts.signatureLength ?? 8192,
    reason: opts.reason,
    location: opts.location,
    name,
    contactInfo: opts.contactInfo,
    signingTime,
    pageIndex: opts.pageIndex,
  });
  const cms = new CadesSigner({
    certPem,
    keyPem,
    chainPem,
    signingTimeAttribute: opts.signingTimeAttribute ?? subFilter === 'adbe.pkcs7.detached',
  });
  try {
    return await new SignPdf().sign(withPlaceholder, cms, signingTime);
  } catch (e) {
    throw new PdfSignError(`Signing failed: ${(e as Error).message}`);
  }
}

function commonNameOf(certPem: string): string | undefined {
  const [der] = pemCertificates(certPem);
  return der ? nameField(certificateInfo(der).subject, 'CN') : undefined;
}
