import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import * as x509 from './x509';
import { derOf, toArrayBuffer } from './x509-certificates';

/** What a CRL or an OCSP responder says about one certificate. */
export interface RevocationAnswer {
  status: 'good' | 'revoked' | 'unknown';
  source: 'ocsp' | 'crl';
  revokedAt?: Date;
  /** CRLReason (RFC 5280 §5.3.1) when given. */
  reason?: number;
  thisUpdate: Date;
  nextUpdate?: Date;
}

/** A revocation source that answered something that cannot be used (unsigned, wrong signer, stale…). */
export class RevocationSourceError extends Error {}

const pkijsCert = (c: x509.X509Certificate) => pkijs.Certificate.fromBER(toArrayBuffer(derOf(c)));

/** Clock skew tolerated on thisUpdate. */
const SKEW_MS = 5 * 60 * 1000;

/** An OCSP request (RFC 6960) for `cert` issued by `issuer`: one CertID, SHA-1 as responders expect. */
export async function ocspRequestDer(
  cert: x509.X509Certificate,
  issuer: x509.X509Certificate,
): Promise<Buffer> {
  const req = new pkijs.OCSPRequest();
  await req.createForCertificate(pkijsCert(cert), {
    hashAlgorithm: 'SHA-1',
    issuerCertificate: pkijsCert(issuer),
  });
  return Buffer.from(req.toSchema(true).toBER());
}

/**
 * Reads an OCSP response about `cert`: successful, signed by its issuer or by a responder the
 * issuer delegated (id-kp-OCSPSigning), current at `now` (not past nextUpdate).
 */
export async function readOcspResponse(
  der: Buffer,
  cert: x509.X509Certificate,
  issuer: x509.X509Certificate,
  now: Date,
): Promise<RevocationAnswer> {
  let basic: pkijs.BasicOCSPResponse;
  try {
    const resp = pkijs.OCSPResponse.fromBER(toArrayBuffer(der));
    const code = resp.responseStatus.valueBlock.valueDec;
    if (code !== 0) throw new RevocationSourceError(`the OCSP responder answered status ${code}`);
    if (!resp.responseBytes) throw new RevocationSourceError('the OCSP answer is empty');
    basic = pkijs.BasicOCSPResponse.fromBER(
      resp.responseBytes.response.valueBlock.valueHexView.slice().buffer,
    );
  } catch (e) {
    if (e instanceof RevocationSourceError) throw e;
    throw new RevocationSourceError(`the OCSP answer cannot be read: ${(e as Error).message}`);
  }
  const issuerPk = pkijsCert(issuer);
  if (!basic.certs || basic.certs.length === 0) basic.certs = [issuerPk];
  let signed: boolean;
  try {
    signed = await basic.verify({ trustedCerts: [issuerPk], trustedResponders: [issuerPk] });
  } catch (e) {
    throw new RevocationSourceError(
      `the OCSP answer's signer is not accepted: ${(e as Error).message}`,
    );
  }
  if (!signed) throw new RevocationSourceError('the OCSP answer signature does not verify');

  const id = new pkijs.CertID();
  await id.createForCertificate(pkijsCert(cert), {
    hashAlgorithm: 'SHA-1',
    issuerCertificate: issuerPk,
  });
  const single = basic.tbsResponseData.responses.find((r) => r.certID.isEqual(id));
  if (!single) throw new RevocationSourceError('the OCSP answer is about another certificate');
  if (single.thisUpdate.getTime() > now.getTime() + SKEW_MS)
    throw new RevocationSourceError('the OCSP answer is dated in the future');
  if (single.nextUpdate && single.nextUpdate.getTime() < now.getTime())
    throw new RevocationSourceError('the OCSP answer is past its nextUpdate');
  const base = {
    source: 'ocsp' as const,
    thisUpdate: single.thisUpdate,
    nextUpdate: single.nextUpdate,
  };
  const status = single.certStatus as asn1js.BaseBlock;
  const tag = status.idBlock.tagNumber;
  if (tag === 0) return { ...base, status: 'good' };
  if (tag === 1) {
    const parts = (status as asn1js.Constructed).valueBlock.value;
    const time = parts[0] as asn1js.GeneralizedTime;
    const reasonBlock = parts[1] as asn1js.Constructed | undefined;
    const reason = reasonBlock?.valueBlock?.value?.[0] as asn1js.Enumerated | undefined;
    return {
      ...base,
      status: 'revoked',
      revokedAt: time.toDate(),
      reason: reason ? reason.valueBlock.valueDec : undefined,
    };
  }
  return { ...base, status: 'unknown' };
}

/** A CRL parsed, issued by `issuer` (same name, signature verified). */
export async function readCrl(der: Buffer, issuer: x509.X509Certificate): Promise<x509.X509Crl> {
  let crl: x509.X509Crl;
  try {
    crl = new x509.X509Crl(toArrayBuffer(der));
  } catch (e) {
    throw new RevocationSourceError(`not a CRL: ${(e as Error).message}`);
  }
  if (crl.issuer !== issuer.subject)
    throw new RevocationSourceError(`the CRL is issued by ${crl.issuer}, not by ${issuer.subject}`);
  let ok: boolean;
  try {
    ok = await crl.verify({ publicKey: issuer });
  } catch {
    ok = false;
  }
  if (!ok) throw new RevocationSourceError("the CRL's signature does not verify with its issuer");
  return crl;
}

/** What a CRL says about `cert` (the CRL already checked by readCrl). */
export function crlAnswer(crl: x509.X509Crl, cert: x509.X509Certificate): RevocationAnswer {
  const base = { source: 'crl' as const, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate };
  const entry = crl.findRevoked(cert);
  if (!entry) return { ...base, status: 'good' };
  return { ...base, status: 'revoked', revokedAt: entry.revocationDate, reason: entry.reason };
}
