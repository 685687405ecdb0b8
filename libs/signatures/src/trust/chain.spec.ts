import { webcrypto } from 'node:crypto';
import { assessChain } from './chain';
import * as x509 from './x509';

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 24 * 3600 * 1000;

async function make(opts: {
  name: string;
  issuer?: { cert: x509.X509Certificate; keys: CryptoKeyPair };
  ca: boolean;
  keyUsage?: number;
  notBefore?: Date;
  notAfter?: Date;
}) {
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: Math.floor(Math.random() * 1e9)
      .toString(16)
      .padStart(8, '1'),
    subject: `CN=${opts.name}`,
    issuer: opts.issuer?.cert.subject ?? `CN=${opts.name}`,
    notBefore: opts.notBefore ?? new Date(Date.now() - DAY),
    notAfter: opts.notAfter ?? new Date(Date.now() + 365 * DAY),
    publicKey: keys.publicKey,
    signingKey: (opts.issuer?.keys ?? keys).privateKey,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(opts.ca, undefined, true),
      new x509.KeyUsagesExtension(
        opts.keyUsage ??
          (opts.ca
            ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
            : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation),
        true,
      ),
    ],
  });
  return { cert, keys, der: Buffer.from(cert.rawData) };
}

/** The offline part of CertificateTrust: chain through intermediates, CA flags, validity, key usage. */
describe(assessChain.name, () => {
  it('follows an intermediate that came with the signature up to the root, or stops at a trusted intermediate', async () => {
    const root = await make({ name: 'Root CA', ca: true });
    const sub = await make({ name: 'Sub CA', ca: true, issuer: root });
    const leaf = await make({ name: 'Người ký', ca: false, issuer: sub });
    const now = new Date();

    const full = await assessChain(leaf.der, [sub.der], [root.cert], now);
    expect(full.verdict).toBe('valid');
    expect(full.chain.map((c) => c.subject)).toEqual(['CN=Người ký', 'CN=Sub CA', 'CN=Root CA']);

    const atSub = await assessChain(leaf.der, [], [sub.cert], now);
    expect(atSub.verdict).toBe('valid');
    expect(atSub.chain.map((c) => c.subject)).toEqual(['CN=Người ký', 'CN=Sub CA']);

    const missing = await assessChain(leaf.der, [], [root.cert], now);
    expect(missing).toMatchObject({
      verdict: 'untrusted',
      message: 'Chứng thư số không do tổ chức chứng thực tin cậy cấp.',
      chain: [],
    });
  });

  it('refuses an issuer that is not a CA, an expired intermediate, and a key not for signing', async () => {
    const root = await make({ name: 'Root CA', ca: true });
    const notCa = await make({ name: 'Không phải CA', ca: false, issuer: root });
    const leaf = await make({ name: 'Người ký', ca: false, issuer: notCa });
    const r1 = await assessChain(leaf.der, [notCa.der], [root.cert], new Date());
    expect(r1.verdict).toBe('untrusted');
    expect(r1.message).toMatch(/không phải là tổ chức chứng thực/);

    const since = new Date('2025-01-01T00:00:00Z');
    const oldRoot = await make({ name: 'Root CA cũ', ca: true, notBefore: since });
    const oldSub = await make({
      name: 'Sub CA cũ',
      ca: true,
      issuer: oldRoot,
      notBefore: since,
      notAfter: new Date('2026-01-15T00:00:00Z'),
    });
    const leaf2 = await make({ name: 'Người ký 2', ca: false, issuer: oldSub, notBefore: since });
    const r2 = await assessChain(leaf2.der, [oldSub.der], [oldRoot.cert], new Date('2026-06-01'));
    expect(r2.verdict).toBe('expired');
    expect(r2.message).toBe(
      'Chứng thư số của tổ chức chứng thực "Sub CA cũ" đã hết hạn ngày 15/01/2026.',
    );

    const enc = await make({
      name: 'Chỉ mã hóa',
      ca: false,
      issuer: root,
      keyUsage: x509.KeyUsageFlags.keyEncipherment,
    });
    expect((await assessChain(enc.der, [], [root.cert], new Date())).verdict).toBe(
      'not-for-signing',
    );
    expect((await assessChain(Buffer.from('rác'), [], [root.cert], new Date())).verdict).toBe(
      'untrusted',
    );
  });
});
