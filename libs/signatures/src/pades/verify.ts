import { createHash, timingSafeEqual } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { assessChain } from '../trust/chain';
import * as x509 from '../trust/x509';
import {
  certificateInfo,
  displayName,
  distinguishedName,
  nameField,
  pemCertificates,
} from './certificate';
import { PdfObjectIndex } from './pdf-objects';
import { dictGet, parsePdfDate, pdfText } from './pdf-syntax';
import {
  FoundSignature,
  VERIFY_LIMITS,
  fieldNameOf,
  findSignatures,
} from './signature-dictionaries';
import { PdfSignatureReport, TrustOutcome, applyTrust } from './signature-report';

export * from './signature-report';
export { VERIFY_LIMITS } from './signature-dictionaries';

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
};

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** One signature as the worker reads it: its report (trust not yet decided) and its certificates. */
export interface ParsedPdfSignature {
  report: PdfSignatureReport;
  /** DER of the signer's certificate, when found in the CMS. */
  signerCertificate?: Uint8Array;
  /** DER of the other certificates of the CMS (the chain the signer sent). */
  otherCertificates: Uint8Array[];
}

const ab = (b: Buffer | Uint8Array): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const bytes = (v: ArrayBuffer | Uint8Array) =>
  Buffer.from(v instanceof Uint8Array ? v : new Uint8Array(v));

function equalBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function attribute(si: pkijs.SignerInfo, type: string): asn1js.AsnType | undefined {
  return si.signedAttrs?.attributes.find((a) => a.type === type)?.values[0] as
    asn1js.AsnType | undefined;
}

/** The signer's certificate among those of the CMS: by issuer and serial, or by key identifier. */
function signerOf(si: pkijs.SignerInfo, certs: pkijs.Certificate[]): pkijs.Certificate | undefined {
  if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
    const sid = si.sid;
    return certs.find(
      (c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber),
    );
  }
  const sid = si.sid as asn1js.Constructed & asn1js.Primitive;
  const keyId = bytes(
    sid.idBlock.isConstructed
      ? (sid.valueBlock.value[0] as asn1js.OctetString).valueBlock.valueHexView
      : (sid as unknown as asn1js.OctetString).valueBlock.valueHexView,
  );
  return certs.find((c) =>
    equalBytes(
      createHash('sha1')
        .update(c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)
        .digest(),
      keyId,
    ),
  );
}

function emptyReport(found: FoundSignature): PdfSignatureReport {
  return {
    signerName: '',
    certificateChain: [],
    trusted: false,
    certificatesValid: false,
    intact: false,
    coversWholeDocument: false,
    byteRange: found.byteRange,
    valid: false,
    verdict: 'untrusted',
    verdictMessage: '',
    problems: [],
  };
}

/** Reads and checks the bytes of one signature: the signed ranges' digest and the CMS signature (pkijs). */
async function readOne(
  pdf: Buffer,
  objects: PdfObjectIndex,
  text: string,
  found: FoundSignature,
): Promise<ParsedPdfSignature> {
  const report = emptyReport(found);
  const problems = report.problems;
  const out: ParsedPdfSignature = { report, otherCertificates: [] };
  const [a, b, c, d] = found.byteRange;
  if (found.dict) {
    const sf = dictGet(found.dict, 'SubFilter');
    report.subFilter = sf?.kind === 'name' ? sf.value : undefined;
    report.reason = pdfText(dictGet(found.dict, 'Reason'));
    report.location = pdfText(dictGet(found.dict, 'Location'));
    if (found.objNum !== undefined)
      report.fieldName = fieldNameOf(objects, text, found.objNum, found.objGen ?? 0);
  }
  const nameInDict = () => pdfText(dictGet(found.dict, 'Name')) ?? '';
  const rangesSane =
    a === 0 &&
    b > 0 &&
    c > b &&
    d >= 0 &&
    c + d <= pdf.length &&
    pdf[b] === 0x3c &&
    pdf[c - 1] === 0x3e;
  if (!rangesSane) {
    problems.push(
      `the /ByteRange [${found.byteRange.join(' ')}] does not fit the file (${pdf.length} bytes)`,
    );
    report.signerName = nameInDict();
    return out;
  }
  report.coversWholeDocument = pdf
    .subarray(c + d)
    .every((x) => x === 0x0a || x === 0x0d || x === 0x20 || x === 0x00 || x === 0x09);
  try {
    if (c - b > VERIFY_LIMITS.contentsHexChars)
      throw new Error(`/Contents is larger than ${VERIFY_LIMITS.contentsHexChars} characters`);
    const hex = pdf.toString('latin1', b + 1, c - 1).replace(/\s+/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) throw new Error('/Contents is not a hex string');
    const cms = Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex');
    const asn = asn1js.fromBER(ab(cms));
    if (asn.offset === -1) throw new Error('/Contents is not DER');
    const contentInfo = new pkijs.ContentInfo({ schema: asn.result });
    if (contentInfo.contentType !== OID.signedData)
      throw new Error(`the CMS is not SignedData (${contentInfo.contentType})`);
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    const all = (signedData.certificates ?? []).filter(
      (x): x is pkijs.Certificate => x instanceof pkijs.Certificate,
    );
    if (all.length > VERIFY_LIMITS.certificates)
      problems.push(`only the first ${VERIFY_LIMITS.certificates} embedded certificates were read`);
    const certs = all.slice(0, VERIFY_LIMITS.certificates);
    if (signedData.signerInfos.length !== 1)
      problems.push(`the CMS has ${signedData.signerInfos.length} signer infos (one expected)`);
    const si = signedData.signerInfos[0];
    if (!si) throw new Error('the CMS has no signer');
    const signer = signerOf(si, certs);
    if (!signer) throw new Error("the signer's certificate is not in the signature");
    const signerDer = bytes(signer.toSchema().toBER());
    out.signerCertificate = signerDer;
    out.otherCertificates = certs
      .filter((x) => x !== signer)
      .map((x) => bytes(x.toSchema().toBER()));
    const info = certificateInfo(signerDer);
    report.signerName = displayName(info.subject);
    report.signerOrganization = nameField(info.subject, 'O');
    report.signerIssuer = info.x509.issuer;
    report.signerIssuerName = displayName(distinguishedName(info.x509.issuerName));
    report.signerSerial = info.x509.serialNumber.toUpperCase();
    report.certificateChain = [report.signerName];

    const digestName = DIGESTS[si.digestAlgorithm.algorithmId];
    if (!digestName)
      throw new Error(`unsupported digest algorithm ${si.digestAlgorithm.algorithmId}`);
    const signed = Buffer.concat([pdf.subarray(a, b), pdf.subarray(c, c + d)]);
    let digestOk = true;
    if (si.signedAttrs) {
      const md = attribute(si, OID.messageDigest) as asn1js.OctetString | undefined;
      if (!md) throw new Error('the signed attributes have no messageDigest');
      const digest = createHash(digestName).update(signed).digest();
      digestOk = equalBytes(bytes(md.valueBlock.valueHexView), digest);
      const ct = attribute(si, OID.contentType) as asn1js.ObjectIdentifier | undefined;
      if (ct?.valueBlock.toString() !== OID.data)
        problems.push('the contentType attribute is missing or not id-data');
      const st = attribute(si, OID.signingTime) as asn1js.UTCTime | undefined;
      if (st && typeof st.toDate === 'function') report.signingTime = st.toDate().toISOString();
    }
    if (!digestOk)
      problems.push(
        'the document was changed after this signature: its digest differs from the signed one',
      );
    let signatureOk = false;
    try {
      const r = await signedData.verify({ signer: 0, data: ab(signed), extendedMode: true });
      signatureOk = r.signatureVerified === true;
    } catch (e) {
      const err = e as { message?: string; signatureVerified?: boolean | null };
      if (digestOk) problems.push(`the signature cannot be checked: ${err.message ?? String(e)}`);
    }
    if (digestOk && !signatureOk)
      problems.push("the CMS signature does not verify with the signer's certificate");
    report.intact = digestOk && signatureOk;
    if (!report.signingTime)
      report.signingTime = parsePdfDate(pdfText(dictGet(found.dict, 'M')))?.toISOString();
  } catch (e) {
    problems.push(`the signature cannot be read: ${(e as Error).message}`);
    if (!report.signerName) report.signerName = nameInDict();
  }
  return out;
}

/**
 * Reads every signature of a PDF and checks its bytes: the signed byte ranges against the signed
 * digest, the CMS signature (pkijs) against the signer's certificate, and whether it covers the
 * whole file. Whether the certificate is trusted is decided afterwards (CertificateTrust, in the
 * main thread: it needs the database and the network). Signatures in file order (the first signed
 * first). Linear in the file's size whatever it holds (VERIFY_LIMITS), yet CPU-bound: the server
 * runs it in a worker thread (signatures.tasks.ts).
 */
export async function readPdfSignatures(pdf: Buffer): Promise<ParsedPdfSignature[]> {
  const text = pdf.toString('latin1');
  const objects = new PdfObjectIndex(pdf, text);
  const out: ParsedPdfSignature[] = [];
  for (const found of findSignatures(objects, text))
    out.push(await readOne(pdf, objects, text, found));
  return out.sort(
    (x, y) =>
      x.report.byteRange[2] +
      x.report.byteRange[3] -
      (y.report.byteRange[2] + y.report.byteRange[3]),
  );
}

/**
 * readPdfSignatures, then the offline trust checks (chain to one of `trustedRootsPem`, validity at
 * the signing time, key usage; no revocation) — for tools and tests; the server asks
 * CertificateTrust, which also checks revocation.
 */
export async function verifyPdfSignatures(
  pdf: Buffer,
  trustedRootsPem: string[],
): Promise<PdfSignatureReport[]> {
  const anchors = trustedRootsPem.flatMap((p) =>
    pemCertificates(p).map((der) => new x509.X509Certificate(ab(der))),
  );
  const out: PdfSignatureReport[] = [];
  for (const parsed of await readPdfSignatures(pdf)) {
    let trust: TrustOutcome | undefined;
    if (parsed.signerCertificate) {
      const r = await assessChain(
        Buffer.from(parsed.signerCertificate),
        parsed.otherCertificates.map((x) => Buffer.from(x)),
        anchors,
        parsed.report.signingTime ? new Date(parsed.report.signingTime) : new Date(),
      );
      trust = { ...r, chain: r.chain.map((x) => Buffer.from(x.rawData)) };
    }
    out.push(applyTrust(parsed.report, trust));
  }
  return out;
}
