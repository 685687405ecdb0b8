import { createPublicKey, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as graphene from 'graphene-pk11';
import { explainPkcs11Error, openPkcs11Session, Pkcs11Location } from './pkcs11-session';

/** DER of the OID of the curve P-256 (prime256v1), as CKA_EC_PARAMS. */
const P256_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');

export interface GenerateTokenKeyOptions {
  /** CKA_LABEL of both keys (and, by convention, of the certificate stored later). */
  keyLabel: string;
  /** CKA_ID linking the keys and the certificate; default the label's bytes. */
  id?: Buffer;
  /** RSA 2048 (default) or EC P-256. */
  type?: 'RSA' | 'EC';
}

function jwkB64(b: Buffer): string {
  return b.toString('base64url');
}

/** The SubjectPublicKeyInfo (DER) of a public key object read from a token. */
function spkiOf(pub: graphene.SessionObject, type: 'RSA' | 'EC'): Buffer {
  if (type === 'RSA') {
    const { modulus, publicExponent } = pub.getAttribute({ modulus: null, publicExponent: null });
    return createPublicKey({
      key: { kty: 'RSA', n: jwkB64(modulus!), e: jwkB64(publicExponent!) },
      format: 'jwk',
    }).export({ type: 'spki', format: 'der' });
  }
  const { pointEC } = pub.getAttribute({ pointEC: null });
  // CKA_EC_POINT is the DER OCTET STRING of the uncompressed point 04 || x || y.
  const parsed = asn1js.fromBER(new Uint8Array(pointEC!));
  const point =
    parsed.offset !== -1 && parsed.result instanceof asn1js.OctetString
      ? Buffer.from(parsed.result.valueBlock.valueHexView)
      : pointEC!;
  if (point[0] !== 0x04 || point.length !== 65)
    throw new Error('The token gave an EC point that is not an uncompressed P-256 point');
  return createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: jwkB64(point.subarray(1, 33)),
      y: jwkB64(point.subarray(33)),
    },
    format: 'jwk',
  }).export({ type: 'spki', format: 'der' });
}

/**
 * Generates a key pair INSIDE the token (C_GenerateKeyPair): the private key is a token object,
 * private, sensitive and not extractable — it can sign and never be read out. Answers the public
 * key's SubjectPublicKeyInfo (DER), what a certificate authority certifies.
 */
export function generateKeyPairOnToken(
  where: Pkcs11Location,
  opts: GenerateTokenKeyOptions,
): Buffer {
  const type = opts.type ?? 'RSA';
  const id = opts.id ?? Buffer.from(opts.keyLabel, 'utf8');
  const opened = openPkcs11Session(where, { readWrite: true });
  try {
    const common = { token: true, label: opts.keyLabel, id };
    const { publicKey } =
      type === 'RSA'
        ? opened.session.generateKeyPair(
            graphene.KeyGenMechanism.RSA,
            {
              ...common,
              keyType: graphene.KeyType.RSA,
              modulusBits: 2048,
              publicExponent: Buffer.from([1, 0, 1]),
              verify: true,
            },
            {
              ...common,
              keyType: graphene.KeyType.RSA,
              private: true,
              sensitive: true,
              extractable: false,
              sign: true,
            },
          )
        : opened.session.generateKeyPair(
            graphene.KeyGenMechanism.EC,
            { ...common, keyType: graphene.KeyType.EC, paramsEC: P256_PARAMS, verify: true },
            {
              ...common,
              keyType: graphene.KeyType.EC,
              private: true,
              sensitive: true,
              extractable: false,
              sign: true,
            },
          );
    return spkiOf(publicKey, type);
  } catch (e) {
    throw explainPkcs11Error(e, where.tokenLabel);
  } finally {
    opened.close();
  }
}

/** Stores a certificate (PEM or DER) on the token as a CKO_CERTIFICATE with the key's CKA_ID. */
export function storeCertificateOnToken(
  where: Pkcs11Location,
  cert: string | Buffer,
  opts: { label: string; id?: Buffer },
): void {
  const x = new X509Certificate(cert);
  const opened = openPkcs11Session(where, { readWrite: true });
  try {
    opened.session.create({
      class: graphene.ObjectClass.CERTIFICATE,
      certType: graphene.CertificateType.X_509,
      token: true,
      private: false,
      label: opts.label,
      id: opts.id ?? Buffer.from(opts.label, 'utf8'),
      subject: subjectDer(x.raw),
      serial: serialDer(x.raw),
      value: x.raw,
    });
  } catch (e) {
    throw explainPkcs11Error(e, where.tokenLabel);
  } finally {
    opened.close();
  }
}

/** Removes every object labelled `label` (keys and certificates) from the token. */
export function removeObjectsFromToken(where: Pkcs11Location, label: string): number {
  const opened = openPkcs11Session(where, { readWrite: true });
  try {
    const found = opened.session.find({ label });
    const n = found.length;
    for (let i = 0; i < n; i++) found.items(i).destroy();
    return n;
  } catch (e) {
    throw explainPkcs11Error(e, where.tokenLabel);
  } finally {
    opened.close();
  }
}

function tbsFields(certDer: Buffer): asn1js.AsnType[] {
  const parsed = asn1js.fromBER(new Uint8Array(certDer));
  const tbs = (parsed.result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const fields = tbs.valueBlock.value;
  // An explicit version [0] comes first in v3 certificates.
  return fields[0].idBlock.tagClass === 3 ? fields.slice(1) : fields;
}

function subjectDer(certDer: Buffer): Buffer {
  return Buffer.from(tbsFields(certDer)[4].toBER());
}

function serialDer(certDer: Buffer): Buffer {
  return Buffer.from(tbsFields(certDer)[0].toBER());
}
