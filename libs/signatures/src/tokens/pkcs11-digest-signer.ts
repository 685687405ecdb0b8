import { createHash, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as graphene from 'graphene-pk11';
import { DigestSigner } from '../cms/digest-signer';
import {
  explainPkcs11Error,
  openPkcs11Session,
  Pkcs11Location,
  Pkcs11Session,
  Pkcs11TokenError,
} from './pkcs11-session';

export interface Pkcs11SignerOptions extends Pkcs11Location {
  /** CKA_LABEL of the private key; without it the token must hold exactly one private key. */
  keyLabel?: string;
}

/** DigestInfo prefix of SHA-256 (RFC 8017 §9.2), for tokens that only sign raw PKCS#1 v1.5. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** An ECDSA signature as a token gives it (r || s, each the size of the curve) → DER Ecdsa-Sig-Value. */
export function ecdsaRawToDer(raw: Buffer): Buffer {
  if (raw.length === 0 || raw.length % 2 !== 0)
    throw new Error(`An ECDSA signature of ${raw.length} bytes is not r || s`);
  const half = raw.length / 2;
  const int = (b: Buffer) => asn1js.Integer.fromBigInt(BigInt('0x' + b.toString('hex')));
  return Buffer.from(
    new asn1js.Sequence({ value: [int(raw.subarray(0, half)), int(raw.subarray(half))] }).toBER(),
  );
}

function mechanisms(slot: graphene.Slot): Set<string> {
  const list = slot.getMechanisms();
  const names = new Set<string>();
  for (let i = 0; i < list.length; i++) names.add(list.items(i).name);
  return names;
}

function findKey(
  session: graphene.Session,
  tokenLabel: string,
  keyLabel?: string,
): graphene.PrivateKey {
  const keys = session.find({
    class: graphene.ObjectClass.PRIVATE_KEY,
    ...(keyLabel ? { label: keyLabel } : {}),
  });
  if (keys.length === 0)
    throw new Pkcs11TokenError(
      keyLabel
        ? `Thiết bị ký "${tokenLabel}" không có khóa bí mật nhãn "${keyLabel}".`
        : `Thiết bị ký "${tokenLabel}" không có khóa bí mật nào.`,
      'no-key',
    );
  if (keys.length > 1)
    throw new Pkcs11TokenError(
      `Thiết bị ký "${tokenLabel}" có ${keys.length} khóa bí mật${keyLabel ? ` nhãn "${keyLabel}"` : ''}: hãy chỉ rõ nhãn của khóa dùng để ký.`,
      'no-key',
    );
  return keys.items(0).toType<graphene.PrivateKey>();
}

function certificates(session: graphene.Session): { id: Buffer; der: Buffer }[] {
  const found = session.find({ class: graphene.ObjectClass.CERTIFICATE });
  const out: { id: Buffer; der: Buffer }[] = [];
  for (let i = 0; i < found.length; i++) {
    const cert = found.items(i).toType<graphene.X509Certificate>();
    out.push({ id: cert.id, der: cert.value });
  }
  return out;
}

/** The issuers of `leaf` found among `others`, nearest first (a self-signed root ends it). */
function chainOf(leaf: Buffer, others: Buffer[]): Buffer[] {
  const parsed = others.map((der) => ({ der, x: new X509Certificate(der) }));
  const chain: Buffer[] = [];
  let current = new X509Certificate(leaf);
  for (let depth = 0; depth < 8; depth++) {
    if (current.issuer === current.subject) break;
    const issuer = parsed.find(
      (p) => !chain.includes(p.der) && !p.der.equals(current.raw) && current.checkIssued(p.x),
    );
    if (!issuer) break;
    chain.push(issuer.der);
    current = issuer.x;
  }
  return chain;
}

/**
 * A signer whose private key lives in a PKCS#11 token (a USB token, an HSM, SoftHSM): the key
 * is found on the token by its label (or as the only one), its certificate as the CKO_CERTIFICATE
 * with the same CKA_ID, and the data is signed inside the token — CKM_SHA256_RSA_PKCS for RSA
 * (CKM_RSA_PKCS over a DigestInfo when the token lacks it), CKM_ECDSA_SHA256 or CKM_ECDSA over a
 * SHA-256 for EC (the token's r || s turned into DER). Holds one logged-in session until `close()`.
 */
export class Pkcs11DigestSigner implements DigestSigner {
  private constructor(
    private readonly opened: Pkcs11Session,
    private readonly tokenLabel: string,
    private readonly key: graphene.PrivateKey,
    private readonly algorithm: 'RSA' | 'EC',
    private readonly certDer: Buffer,
    private readonly chainDer: Buffer[],
    private readonly supported: Set<string>,
  ) {}

  static open(opts: Pkcs11SignerOptions): Pkcs11DigestSigner {
    const opened = openPkcs11Session(opts);
    try {
      const key = findKey(opened.session, opts.tokenLabel, opts.keyLabel);
      const type = key.type;
      const algorithm =
        type === graphene.KeyType.RSA
          ? 'RSA'
          : type === graphene.KeyType.EC
            ? 'EC'
            : (() => {
                throw new Pkcs11TokenError(
                  `Khóa trên thiết bị ký "${opts.tokenLabel}" không phải RSA hay EC.`,
                  'unsupported-key',
                );
              })();
      const all = certificates(opened.session);
      const own = all.find((c) => c.id.equals(key.id));
      if (!own)
        throw new Pkcs11TokenError(
          `Thiết bị ký "${opts.tokenLabel}" không có chứng thư số đi kèm khóa bí mật${opts.keyLabel ? ` "${opts.keyLabel}"` : ''}.`,
          'no-certificate',
        );
      const chain = chainOf(
        own.der,
        all.filter((c) => c !== own).map((c) => c.der),
      );
      return new Pkcs11DigestSigner(
        opened,
        opts.tokenLabel,
        key,
        algorithm,
        own.der,
        chain,
        mechanisms(opened.slot),
      );
    } catch (e) {
      opened.close();
      throw explainPkcs11Error(e, opts.tokenLabel);
    }
  }

  /** Opens the signer, runs `fn`, closes it whatever happens. */
  static async with<T>(
    opts: Pkcs11SignerOptions,
    fn: (signer: Pkcs11DigestSigner) => Promise<T>,
  ): Promise<T> {
    const signer = Pkcs11DigestSigner.open(opts);
    try {
      return await fn(signer);
    } finally {
      signer.close();
    }
  }

  async certificate(): Promise<Buffer> {
    return this.certDer;
  }

  async chain(): Promise<Buffer[]> {
    return this.chainDer;
  }

  async keyAlgorithm(): Promise<'RSA' | 'EC'> {
    return this.algorithm;
  }

  async sign(data: Buffer): Promise<Buffer> {
    try {
      const s = this.opened.session;
      if (this.algorithm === 'RSA') {
        if (this.supported.has('SHA256_RSA_PKCS'))
          return s.createSign('SHA256_RSA_PKCS', this.key).once(data);
        const digestInfo = Buffer.concat([
          SHA256_DIGEST_INFO,
          createHash('sha256').update(data).digest(),
        ]);
        return s.createSign('RSA_PKCS', this.key).once(digestInfo);
      }
      const raw = this.supported.has('ECDSA_SHA256')
        ? s.createSign('ECDSA_SHA256', this.key).once(data)
        : s.createSign('ECDSA', this.key).once(createHash('sha256').update(data).digest());
      return ecdsaRawToDer(raw);
    } catch (e) {
      throw explainPkcs11Error(e, this.tokenLabel);
    }
  }

  /** Logs out and closes the session (idempotent). */
  close(): void {
    this.opened.close();
  }
}
