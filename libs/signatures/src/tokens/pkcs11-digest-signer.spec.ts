import { createHash, createPublicKey, verify, X509Certificate } from 'node:crypto';
import * as graphene from 'graphene-pk11';
import * as pkijs from 'pkijs';
import { provisionTokenKey, SoftHsm, startSoftHsm } from '@test/support/softhsm';
import { buildDetachedCms, CMS_OID, signedAttributesDer } from '../cms/detached-cms';
import { createCertificateAuthority } from '../pades/pki';
import { ecdsaRawToDer, Pkcs11DigestSigner } from './pkcs11-digest-signer';
import { openPkcs11Session } from './pkcs11-session';

const ca = createCertificateAuthority({ commonName: 'CA kiểm thử token' });
let hsm: SoftHsm;

beforeAll(() => {
  hsm = startSoftHsm();
});
afterAll(() => hsm?.close());

describe(Pkcs11DigestSigner.name, () => {
  it('signs inside a SoftHSM2 token with an RSA key generated there; the CMS verifies with its certificate', async () => {
    const token = hsm.createToken({ label: 'nguyen-van-a', pin: '246810' });
    const certPem = await provisionTokenKey(token, ca, {
      keyLabel: 'ky-so',
      commonName: 'Nguyễn Văn A',
      organization: 'Sở Y tế',
      kind: 'person',
    });
    const cert = new X509Certificate(certPem);
    expect(cert.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    expect(cert.keyUsage).toEqual(
      expect.arrayContaining(['1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.36']),
    );

    const digest = createHash('sha256').update('báo cáo').digest();
    const cms = await Pkcs11DigestSigner.with(token, async (signer) => {
      expect(await signer.keyAlgorithm()).toBe('RSA');
      expect((await signer.certificate()).equals(cert.raw)).toBe(true);
      expect((await signer.chain()).map((c) => new X509Certificate(c).subject)).toEqual([
        new X509Certificate(ca.certPem).subject,
      ]);
      return buildDetachedCms({ digest, signer });
    });
    const sd = new pkijs.SignedData({
      schema: pkijs.ContentInfo.fromBER(new Uint8Array(cms)).content,
    });
    const si = sd.signerInfos[0];
    expect(si.signatureAlgorithm.algorithmId).toBe(CMS_OID.rsaEncryption);
    const signature = Buffer.from(si.signature.valueBlock.valueHexView);
    expect(verify('sha256', signedAttributesDer(si.signedAttrs!), cert.publicKey, signature)).toBe(
      true,
    );
  });

  it('cannot read the private key out of the token (sensitive, never extractable)', () => {
    const token = hsm.createToken({ label: 'khoa-kin', pin: '135790' });
    return provisionTokenKey(token, ca, {
      keyLabel: 'k',
      commonName: 'Trần Thị B',
      kind: 'person',
    }).then(() => {
      const opened = openPkcs11Session(token);
      try {
        const key = opened.session
          .find({ class: graphene.ObjectClass.PRIVATE_KEY })
          .items(0)
          .toType<graphene.PrivateKey>();
        expect(key.sensitive).toBe(true);
        expect(key.extractable).toBe(false);
        expect(key.alwaysSensitive).toBe(true);
        expect(key.neverExtractable).toBe(true);
        // Reading the private exponent is refused by the token itself.
        expect(() => key.getAttribute({ privateExponent: null })).toThrow(
          /CKR_ATTRIBUTE_SENSITIVE/,
        );
      } finally {
        opened.close();
      }
    });
  });

  it('says in Vietnamese when the PIN is wrong, the token is missing or holds no key', async () => {
    const token = hsm.createToken({ label: 'sai-pin', pin: '111111' });
    await provisionTokenKey(token, ca, { keyLabel: 'k', commonName: 'Lê Văn C', kind: 'person' });
    expect(() => Pkcs11DigestSigner.open({ ...token, pin: '999999' })).toThrow(
      'Mã PIN của thiết bị ký "sai-pin" không đúng.',
    );
    expect(() => Pkcs11DigestSigner.open({ ...token, tokenLabel: 'khong-co' })).toThrow(
      /Không tìm thấy thiết bị ký có nhãn "khong-co"/,
    );
    expect(() => Pkcs11DigestSigner.open({ ...token, keyLabel: 'khac' })).toThrow(
      'Thiết bị ký "sai-pin" không có khóa bí mật nhãn "khac".',
    );
    const empty = hsm.createToken({ label: 'trong', pin: '222222' });
    expect(() => Pkcs11DigestSigner.open(empty)).toThrow(
      'Thiết bị ký "trong" không có khóa bí mật nào.',
    );
    expect(() => Pkcs11DigestSigner.open({ ...token, module: '/khong/co/libpkcs11.so' })).toThrow(
      /Không mở được thư viện PKCS#11/,
    );
    // The right PIN still works after the failures.
    await Pkcs11DigestSigner.with(token, async (s) => expect(await s.keyAlgorithm()).toBe('RSA'));
  });

  it('signs with an EC P-256 key as DER ECDSA that the certificate verifies', async () => {
    const token = hsm.createToken({ label: 'ec-token', pin: '333333' });
    const certPem = await provisionTokenKey(token, ca, {
      keyLabel: 'ec',
      type: 'EC',
      commonName: 'Phạm Văn D',
      kind: 'person',
    });
    const data = Buffer.from('thuộc tính đã ký');
    const signature = await Pkcs11DigestSigner.with(token, async (s) => {
      expect(await s.keyAlgorithm()).toBe('EC');
      return s.sign(data);
    });
    expect(signature[0]).toBe(0x30);
    expect(verify('sha256', data, createPublicKey(certPem), signature)).toBe(true);
    const cms = await Pkcs11DigestSigner.with(token, (signer) =>
      buildDetachedCms({ digest: createHash('sha256').update(data).digest(), signer }),
    );
    const sd = new pkijs.SignedData({
      schema: pkijs.ContentInfo.fromBER(new Uint8Array(cms)).content,
    });
    expect(sd.signerInfos[0].signatureAlgorithm.algorithmId).toBe(CMS_OID.ecdsaWithSha256);
  });

  it('chooses the key by label among several, and asks for one when there are several', async () => {
    const token = hsm.createToken({ label: 'hai-khoa', pin: '444444' });
    const first = await provisionTokenKey(token, ca, {
      keyLabel: 'mot',
      commonName: 'Người Một',
      kind: 'person',
    });
    const second = await provisionTokenKey(token, ca, {
      keyLabel: 'hai',
      commonName: 'Người Hai',
      kind: 'organisation',
    });
    expect(() => Pkcs11DigestSigner.open(token)).toThrow(/có 2 khóa bí mật/);
    for (const [keyLabel, pem] of [
      ['mot', first],
      ['hai', second],
    ]) {
      const data = Buffer.from(keyLabel);
      const sig = await Pkcs11DigestSigner.with({ ...token, keyLabel }, async (s) => {
        expect((await s.certificate()).equals(new X509Certificate(pem).raw)).toBe(true);
        return s.sign(data);
      });
      expect(verify('sha256', data, createPublicKey(pem), sig)).toBe(true);
    }
  });
});

describe(ecdsaRawToDer.name, () => {
  it('encodes r and s as positive minimal INTEGERs', () => {
    const raw = Buffer.concat([
      Buffer.alloc(32, 0x80),
      Buffer.concat([Buffer.alloc(1), Buffer.alloc(31, 1)]),
    ]);
    const der = ecdsaRawToDer(raw);
    // SEQUENCE { INTEGER 00 80…(33 bytes), INTEGER 01…(31 bytes) }
    expect(der.subarray(0, 5).toString('hex')).toBe('3044022100');
    expect(der[2 + 2 + 33]).toBe(0x02);
    expect(der[2 + 2 + 33 + 1]).toBe(31);
    expect(() => ecdsaRawToDer(Buffer.alloc(3))).toThrow(/r \|\| s/);
  });
});
