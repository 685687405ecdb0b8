import { createHash, timingSafeEqual, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { CertificateInfo, certificateInfo, displayName, nameField, pemCertificates } from './certificate';
import { OID } from './cms';
import { contentBytes, decodeOid, decodeTime, DerNode, elementBytes, expectUniversal, isContext, isUniversal, parseDer, TAG } from './der';
import { dictGet, objectAround, parsePdfDate, pdfText, PdfValue } from './pdf-syntax';

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

export type PdfSignatureStatus = 'unsigned' | 'valid' | 'invalid' | 'untrusted' | 'modified-after-signing';

export interface PdfSignatureVerdict {
  status: PdfSignatureStatus;
  valid: boolean;
  /** Vietnamese, for the user. */
  message: string;
}

const DIGESTS: Record<string, string> = {
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

/** Signature algorithms → the hash to verify with (RSA PKCS#1 v1.5 and ECDSA). */
const SIGNATURE_HASH: Record<string, string | null> = {
  '1.2.840.113549.1.1.1': null, // rsaEncryption: the signer's digest algorithm
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.2.1': null, // ecPublicKey
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

interface FoundSignature {
  byteRange: number[];
  dict?: PdfValue;
  objNum?: number;
  objGen?: number;
}

/** Every signature dictionary of the file (by its /ByteRange), in file order. */
function findSignatures(pdf: Buffer, text: string): FoundSignature[] {
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  const seen = new Set<string>();
  const out: FoundSignature[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const byteRange = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    const key = byteRange.join(' ');
    if (seen.has(key)) continue;
    const obj = objectAround(pdf, m.index);
    const dict = obj?.value;
    // A /ByteRange outside a signature dictionary (inside some stream) is not a signature.
    if (dict && dict.kind === 'dict' && !dict.entries.has('Contents')) continue;
    seen.add(key);
    out.push({ byteRange, dict: dict?.kind === 'dict' ? dict : undefined, objNum: obj?.num, objGen: obj?.gen });
  }
  return out;
}

/** Field names (/T) of the fields whose /V is the given signature object, read from the file. */
function fieldNameOf(pdf: Buffer, text: string, num: number, gen: number): string | undefined {
  const re = new RegExp(`/V\\s+${num}\\s+${gen}\\s+R`, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const obj = objectAround(pdf, m.index);
    const v = dictGet(obj?.value, 'V');
    if (v?.kind === 'ref' && v.num === num && v.gen === gen) {
      const t = pdfText(dictGet(obj?.value, 'T'));
      if (t !== undefined) return t;
    }
  }
  return undefined;
}

function safeVerifyCert(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** The signer's chain: the embedded certificates and the trusted ones, up to a trusted one if possible. */
function buildChain(signer: CertificateInfo, embedded: CertificateInfo[], trusted: CertificateInfo[], at: Date) {
  const trustedPrints = new Set(trusted.map((t) => t.x509.fingerprint256));
  const candidates: CertificateInfo[] = [];
  const seen = new Set<string>();
  for (const c of [...trusted, ...embedded]) {
    if (seen.has(c.x509.fingerprint256)) continue;
    seen.add(c.x509.fingerprint256);
    candidates.push(c);
  }
  const chain: CertificateInfo[] = [signer];
  const problems: string[] = [];
  let isTrusted = false;
  let notCa = false;
  let current = signer;
  for (let depth = 0; depth < 10; depth++) {
    if (trustedPrints.has(current.x509.fingerprint256)) {
      isTrusted = true;
      break;
    }
    const issuer = candidates.find((c) => c.x509.fingerprint256 !== current.x509.fingerprint256 && safeVerifyCert(current.x509, c.x509));
    if (!issuer) {
      problems.push(
        safeVerifyCert(current.x509, current.x509)
          ? `the root certificate "${displayName(current.subject)}" is not trusted`
          : `the issuer of "${displayName(current.subject)}" is not in the signature nor among the trusted certificates`,
      );
      break;
    }
    if (!issuer.x509.ca) notCa = true;
    if (!issuer.x509.ca) problems.push(`"${displayName(issuer.subject)}" issued a certificate but is not a CA`);
    chain.push(issuer);
    current = issuer;
  }
  let certificatesValid = true;
  for (const c of chain) {
    const from = new Date(c.x509.validFrom);
    const to = new Date(c.x509.validTo);
    if (at < from || at > to) {
      certificatesValid = false;
      problems.push(`certificate "${displayName(c.subject)}" was not valid at ${at.toISOString()} (valid ${from.toISOString()} – ${to.toISOString()})`);
    }
  }
  return { chain, trusted: isTrusted && !notCa, certificatesValid, problems };
}

function attributesOf(buf: Buffer, signedAttrs: DerNode): Map<string, DerNode[]> {
  const out = new Map<string, DerNode[]>();
  for (const attr of signedAttrs.children) {
    const type = decodeOid(buf, attr.children[0]);
    out.set(type, attr.children[1]?.children ?? []);
  }
  return out;
}

function equalBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function verifyOne(pdf: Buffer, text: string, found: FoundSignature, trusted: CertificateInfo[]): PdfSignatureReport {
  const problems: string[] = [];
  const [a, b, c, d] = found.byteRange;
  const report: PdfSignatureReport = {
    signerName: '',
    certificateChain: [],
    trusted: false,
    certificatesValid: false,
    intact: false,
    coversWholeDocument: false,
    byteRange: found.byteRange,
    valid: false,
    problems,
  };
  if (found.dict) {
    report.subFilter = (() => {
      const v = dictGet(found.dict, 'SubFilter');
      return v?.kind === 'name' ? v.value : undefined;
    })();
    report.reason = pdfText(dictGet(found.dict, 'Reason'));
    report.location = pdfText(dictGet(found.dict, 'Location'));
    if (found.objNum !== undefined) report.fieldName = fieldNameOf(pdf, text, found.objNum, found.objGen ?? 0);
  }
  const rangesSane = a === 0 && b > 0 && c > b && d >= 0 && c + d <= pdf.length && pdf[b] === 0x3c && pdf[c - 1] === 0x3e;
  if (!rangesSane) {
    problems.push(`the /ByteRange [${found.byteRange.join(' ')}] does not fit the file (${pdf.length} bytes)`);
    report.signerName = pdfText(dictGet(found.dict, 'Name')) ?? '';
    return report;
  }
  const rest = pdf.subarray(c + d);
  report.coversWholeDocument = rest.every((x) => x === 0x0a || x === 0x0d || x === 0x20 || x === 0x00 || x === 0x09);

  try {
    const hex = pdf.toString('latin1', b + 1, c - 1).replace(/\s+/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) throw new Error('/Contents is not a hex string');
    const cms = Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex');
    const contentInfo = parseDer(cms, 0);
    const ciType = decodeOid(cms, expectUniversal(contentInfo.children[0], TAG.OID, 'ContentInfo'));
    if (ciType !== OID.signedData) throw new Error(`the CMS is not SignedData (${ciType})`);
    const signedData = expectUniversal(contentInfo.children[1]?.children[0], TAG.SEQUENCE, 'SignedData');
    const certsNode = signedData.children.find((n) => isContext(n, 0));
    const embedded: CertificateInfo[] = [];
    for (const certNode of certsNode?.children ?? []) {
      if (!isUniversal(certNode, TAG.SEQUENCE)) continue;
      try {
        embedded.push(certificateInfo(Buffer.from(elementBytes(cms, certNode))));
      } catch {
        problems.push('an embedded certificate cannot be read');
      }
    }
    const signerInfos = signedData.children[signedData.children.length - 1];
    expectUniversal(signerInfos, TAG.SET, 'SignerInfos');
    if (signerInfos.children.length !== 1) problems.push(`the CMS has ${signerInfos.children.length} signer infos (one expected)`);
    const si = signerInfos.children[0];
    if (!si) throw new Error('the CMS has no signer');
    const [, sid, digestAlgNode] = si.children;
    let k = 3;
    const signedAttrs = isContext(si.children[k], 0) ? si.children[k++] : undefined;
    const sigAlgNode = si.children[k++];
    const signatureNode = expectUniversal(si.children[k], TAG.OCTET_STRING, 'SignerInfo signature');

    // The signer's certificate.
    let signer: CertificateInfo | undefined;
    if (isUniversal(sid, TAG.SEQUENCE)) {
      const issuer = elementBytes(cms, sid.children[0]);
      const serial = elementBytes(cms, sid.children[1]);
      signer = embedded.find((e) => equalBytes(e.issuerDer, issuer) && equalBytes(e.serialDer, serial));
    } else if (isContext(sid, 0)) {
      const ski = contentBytes(cms, sid);
      signer = embedded.find((e) => e.subjectKeyIdentifier && equalBytes(e.subjectKeyIdentifier, ski));
    }
    if (!signer) throw new Error("the signer's certificate is not in the signature");
    report.signerName = displayName(signer.subject);
    report.signerOrganization = nameField(signer.subject, 'O');

    // Digest of the signed ranges against the signed messageDigest.
    const digestOid = decodeOid(cms, digestAlgNode.children[0]);
    const digestName = DIGESTS[digestOid];
    if (!digestName) throw new Error(`unsupported digest algorithm ${digestOid}`);
    const digest = createHash(digestName).update(pdf.subarray(a, b)).update(pdf.subarray(c, c + d)).digest();
    let digestOk: boolean;
    let signedBytes: Buffer;
    let signingTime: Date | undefined;
    if (signedAttrs) {
      const attrs = attributesOf(cms, signedAttrs);
      const md = attrs.get(OID.messageDigest)?.[0];
      if (!md) throw new Error('the signed attributes have no messageDigest');
      digestOk = equalBytes(contentBytes(cms, md), digest);
      const st = attrs.get(OID.signingTime)?.[0];
      if (st) signingTime = decodeTime(cms, st);
      const ct = attrs.get(OID.contentType)?.[0];
      if (!ct || decodeOid(cms, ct) !== OID.data) problems.push('the contentType attribute is missing or not id-data');
      // The signature is over the DER of the attributes as a SET (tag 0x31 instead of [0]).
      signedBytes = Buffer.from(elementBytes(cms, signedAttrs));
      signedBytes[0] = 0x31;
    } else {
      digestOk = true; // the signature itself is over the content
      signedBytes = Buffer.concat([pdf.subarray(a, b), pdf.subarray(c, c + d)]);
    }
    if (!digestOk) problems.push('the document was changed after this signature: its digest differs from the signed one');

    const sigAlgOid = decodeOid(cms, sigAlgNode.children[0]);
    if (!(sigAlgOid in SIGNATURE_HASH)) throw new Error(`unsupported signature algorithm ${sigAlgOid}`);
    const hash = SIGNATURE_HASH[sigAlgOid] ?? digestName;
    let signatureOk = false;
    try {
      signatureOk = cryptoVerify(hash, signedBytes, signer.x509.publicKey, contentBytes(cms, signatureNode));
    } catch (e) {
      problems.push(`the signature cannot be checked: ${(e as Error).message}`);
    }
    if (!signatureOk) problems.push("the CMS signature does not verify with the signer's certificate");
    report.intact = digestOk && signatureOk;

    const m = parsePdfDate(pdfText(dictGet(found.dict, 'M')));
    const time = signingTime ?? m;
    report.signingTime = time?.toISOString();

    const chain = buildChain(signer, embedded, trusted, time ?? new Date());
    report.certificateChain = chain.chain.map((x) => displayName(x.subject));
    report.trusted = chain.trusted;
    report.certificatesValid = chain.certificatesValid;
    problems.push(...chain.problems);
  } catch (e) {
    problems.push(`the signature cannot be read: ${(e as Error).message}`);
    if (!report.signerName) report.signerName = pdfText(dictGet(found.dict, 'Name')) ?? '';
  }
  report.valid = report.intact && report.trusted && report.certificatesValid;
  return report;
}

/**
 * Checks every signature of a PDF: the signed byte ranges against the signed digest, the CMS
 * signature against the signer's certificate, the certificate chain against `trustedRootsPem`
 * (PEM strings, each one or more certificates), and whether the signature covers the whole file.
 * Signatures in file order (the first signed first).
 */
export function verifyPdfSignatures(pdf: Buffer, trustedRootsPem: string[]): PdfSignatureReport[] {
  const trusted: CertificateInfo[] = [];
  for (const pem of trustedRootsPem) for (const der of pemCertificates(pem)) trusted.push(certificateInfo(der));
  const text = pdf.toString('latin1');
  return findSignatures(pdf, text)
    .map((f) => verifyOne(pdf, text, f, trusted))
    .sort((x, y) => x.byteRange[2] + x.byteRange[3] - (y.byteRange[2] + y.byteRange[3]));
}

/** One verdict for the whole file. */
export function pdfSignatureVerdict(reports: PdfSignatureReport[]): PdfSignatureVerdict {
  if (reports.length === 0) return { status: 'unsigned', valid: false, message: 'Tệp không có chữ ký số.' };
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
      message: 'Các chữ ký số còn nguyên vẹn, nhưng tệp đã được bổ sung nội dung sau chữ ký cuối cùng.',
    };
  }
  return {
    status: 'valid',
    valid: true,
    message: `Văn bản có ${reports.length} chữ ký số hợp lệ (${reports.map(who).join('; ')}); nội dung không thay đổi kể từ khi ký.`,
  };
}
