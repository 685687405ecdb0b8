import { createHash, timingSafeEqual, verify as cryptoVerify } from 'node:crypto';
import {
  CertificateInfo,
  certificateInfo,
  displayName,
  nameField,
  pemCertificates,
} from './certificate';
import { OID } from './cms';
import {
  contentBytes,
  decodeOid,
  decodeTime,
  DerNode,
  elementBytes,
  expectUniversal,
  isContext,
  isUniversal,
  parseDer,
  TAG,
} from './der';
import { PdfObjectIndex } from './pdf-objects';
import { dictGet, parsePdfDate, pdfText } from './pdf-syntax';
import {
  FoundSignature,
  VERIFY_LIMITS,
  fieldNameOf,
  findSignatures,
} from './signature-dictionaries';
import { buildChain } from './certificate-chain';
import { PdfSignatureReport } from './signature-report';

export * from './signature-report';
export { VERIFY_LIMITS } from './signature-dictionaries';

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

function verifyOne(
  pdf: Buffer,
  objects: PdfObjectIndex,
  text: string,
  found: FoundSignature,
  trusted: CertificateInfo[],
): PdfSignatureReport {
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
    if (found.objNum !== undefined)
      report.fieldName = fieldNameOf(objects, text, found.objNum, found.objGen ?? 0);
  }
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
    report.signerName = pdfText(dictGet(found.dict, 'Name')) ?? '';
    return report;
  }
  const rest = pdf.subarray(c + d);
  report.coversWholeDocument = rest.every(
    (x) => x === 0x0a || x === 0x0d || x === 0x20 || x === 0x00 || x === 0x09,
  );

  try {
    if (c - b > VERIFY_LIMITS.contentsHexChars)
      throw new Error(`/Contents is larger than ${VERIFY_LIMITS.contentsHexChars} characters`);
    const hex = pdf.toString('latin1', b + 1, c - 1).replace(/\s+/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) throw new Error('/Contents is not a hex string');
    const cms = Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex');
    const contentInfo = parseDer(cms, 0);
    const ciType = decodeOid(cms, expectUniversal(contentInfo.children[0], TAG.OID, 'ContentInfo'));
    if (ciType !== OID.signedData) throw new Error(`the CMS is not SignedData (${ciType})`);
    const signedData = expectUniversal(
      contentInfo.children[1]?.children[0],
      TAG.SEQUENCE,
      'SignedData',
    );
    const certsNode = signedData.children.find((n) => isContext(n, 0));
    const embedded: CertificateInfo[] = [];
    const certNodes = certsNode?.children ?? [];
    if (certNodes.length > VERIFY_LIMITS.certificates)
      problems.push(`only the first ${VERIFY_LIMITS.certificates} embedded certificates were read`);
    for (const certNode of certNodes.slice(0, VERIFY_LIMITS.certificates)) {
      if (!isUniversal(certNode, TAG.SEQUENCE)) continue;
      try {
        embedded.push(certificateInfo(Buffer.from(elementBytes(cms, certNode))));
      } catch {
        problems.push('an embedded certificate cannot be read');
      }
    }
    const signerInfos = signedData.children[signedData.children.length - 1];
    expectUniversal(signerInfos, TAG.SET, 'SignerInfos');
    if (signerInfos.children.length !== 1)
      problems.push(`the CMS has ${signerInfos.children.length} signer infos (one expected)`);
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
      signer = embedded.find(
        (e) => equalBytes(e.issuerDer, issuer) && equalBytes(e.serialDer, serial),
      );
    } else if (isContext(sid, 0)) {
      const ski = contentBytes(cms, sid);
      signer = embedded.find(
        (e) => e.subjectKeyIdentifier && equalBytes(e.subjectKeyIdentifier, ski),
      );
    }
    if (!signer) throw new Error("the signer's certificate is not in the signature");
    report.signerName = displayName(signer.subject);
    report.signerOrganization = nameField(signer.subject, 'O');

    // Digest of the signed ranges against the signed messageDigest.
    const digestOid = decodeOid(cms, digestAlgNode.children[0]);
    const digestName = DIGESTS[digestOid];
    if (!digestName) throw new Error(`unsupported digest algorithm ${digestOid}`);
    const digest = createHash(digestName)
      .update(pdf.subarray(a, b))
      .update(pdf.subarray(c, c + d))
      .digest();
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
      if (!ct || decodeOid(cms, ct) !== OID.data)
        problems.push('the contentType attribute is missing or not id-data');
      // The signature is over the DER of the attributes as a SET (tag 0x31 instead of [0]).
      signedBytes = Buffer.from(elementBytes(cms, signedAttrs));
      signedBytes[0] = 0x31;
    } else {
      digestOk = true; // the signature itself is over the content
      signedBytes = Buffer.concat([pdf.subarray(a, b), pdf.subarray(c, c + d)]);
    }
    if (!digestOk)
      problems.push(
        'the document was changed after this signature: its digest differs from the signed one',
      );

    const sigAlgOid = decodeOid(cms, sigAlgNode.children[0]);
    if (!(sigAlgOid in SIGNATURE_HASH))
      throw new Error(`unsupported signature algorithm ${sigAlgOid}`);
    const hash = SIGNATURE_HASH[sigAlgOid] ?? digestName;
    let signatureOk = false;
    try {
      signatureOk = cryptoVerify(
        hash,
        signedBytes,
        signer.x509.publicKey,
        contentBytes(cms, signatureNode),
      );
    } catch (e) {
      problems.push(`the signature cannot be checked: ${(e as Error).message}`);
    }
    if (!signatureOk)
      problems.push("the CMS signature does not verify with the signer's certificate");
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
 * Signatures in file order (the first signed first). Linear in the file's size whatever it holds
 * (VERIFY_LIMITS), yet CPU-bound: the server runs it in a worker thread (signatures.tasks.ts).
 */
export function verifyPdfSignatures(pdf: Buffer, trustedRootsPem: string[]): PdfSignatureReport[] {
  const trusted: CertificateInfo[] = [];
  for (const pem of trustedRootsPem)
    for (const der of pemCertificates(pem)) trusted.push(certificateInfo(der));
  const text = pdf.toString('latin1');
  const objects = new PdfObjectIndex(pdf, text);
  return findSignatures(objects, text)
    .map((f) => verifyOne(pdf, objects, text, f, trusted))
    .sort((x, y) => x.byteRange[2] + x.byteRange[3] - (y.byteRange[2] + y.byteRange[3]));
}
