import * as forge from 'node-forge';

/** The contents of a PKCS#12 file. */
export interface Pkcs12Contents {
  certPem: string;
  keyPem: string;
  /** The other certificates of the file, the issuer of `certPem` first. */
  chainPem: string[];
}

/** A PKCS#12 file that does not open with the password given. */
export class Pkcs12PasswordError extends Error {
  constructor() {
    super('The PKCS#12 password is wrong (the MAC of the file could not be verified).');
    this.name = 'Pkcs12PasswordError';
  }
}

/** Bytes that are not a usable PKCS#12 file (not PKCS#12, no key, no certificate for the key). */
export class Pkcs12FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Pkcs12FormatError';
  }
}

/** Opens a PKCS#12 file: the key, the certificate that matches it, and the other certificates. */
export function readPkcs12(p12: Buffer, password: string): Pkcs12Contents {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
  } catch (e) {
    throw new Pkcs12FormatError(`Not a PKCS#12 file: ${(e as Error).message}`);
  }
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (e) {
    const message = (e as Error).message ?? '';
    if (/MAC could not be verified|Invalid password/i.test(message))
      throw new Pkcs12PasswordError();
    throw new Pkcs12FormatError(`Cannot read the PKCS#12 file: ${message}`);
  }
  const keyBags = [
    ...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[
      forge.pki.oids.pkcs8ShroudedKeyBag
    ] ?? []),
    ...(parsed.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const key = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  // Without a MAC check (no MAC in the file) a wrong password shows as an undecryptable key.
  if (!key)
    throw keyBags.length > 0
      ? new Pkcs12PasswordError()
      : new Pkcs12FormatError('The PKCS#12 file holds no private key');
  const certs = (parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [])
    .map((b) => b.cert)
    .filter((c): c is forge.pki.Certificate => !!c);
  const own = certs.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n && pub.n.compareTo(key.n) === 0 && pub.e.compareTo(key.e) === 0;
  });
  if (!own)
    throw new Pkcs12FormatError('The PKCS#12 file holds no certificate for its private key');
  // Order the others from the issuer of the certificate upwards, the rest after.
  const rest = certs.filter((c) => c !== own);
  const chain: forge.pki.Certificate[] = [];
  let current = own;
  while (rest.length > 0) {
    const i = rest.findIndex((c) => current.isIssuer(c) && !chain.includes(c));
    if (i < 0 || current.isIssuer(current)) break;
    current = rest.splice(i, 1)[0];
    chain.push(current);
  }
  chain.push(...rest);
  return {
    certPem: forge.pki.certificateToPem(own),
    keyPem: forge.pki.privateKeyToPem(key),
    chainPem: chain.map((c) => forge.pki.certificateToPem(c)),
  };
}
