/**
 * Whatever holds a signing key: a PKCS#11 token, a PKCS#12 file on the signer's computer, a
 * server-side organisation slot. Only the signature leaves it; the key never does.
 */
export interface DigestSigner {
  /** DER of the signer's certificate. */
  certificate(): Promise<Buffer>;
  /** DER of the other certificates to embed, the issuer of `certificate()` first (may be empty). */
  chain(): Promise<Buffer[]>;
  /** The key's algorithm: RSA signs PKCS#1 v1.5, EC signs ECDSA (DER-encoded Ecdsa-Sig-Value). */
  keyAlgorithm(): Promise<'RSA' | 'EC'>;
  /** The signature over `data` with SHA-256 (the signer hashes `data` itself). */
  sign(data: Buffer): Promise<Buffer>;
}
