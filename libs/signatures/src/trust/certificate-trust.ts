/** What a certificate check concludes, at a given time. */
export type TrustVerdict =
  'valid' | 'untrusted' | 'revoked' | 'expired' | 'not-yet-valid' | 'not-for-signing';

export interface TrustResult {
  verdict: TrustVerdict;
  /** For people, in Vietnamese: why the certificate is not accepted ('' when valid). */
  message: string;
  /** DER of the chain found, the certificate first and the trust anchor last (empty when none). */
  chain: Buffer[];
}

/**
 * Whether a signing certificate is to be trusted at a time: a chain to one of the trust anchors
 * the administrator manages, each certificate valid at that time, not revoked (CRL or OCSP), and
 * a key usage that allows signing. Provided by SignaturesModule.
 */
export abstract class CertificateTrust {
  /** `otherCerts`: the certificates that came with the signature (intermediates), any order. */
  abstract check(certDer: Buffer, otherCerts: Buffer[], at: Date): Promise<TrustResult>;
}
