import { createHash, createPrivateKey, generateKeyPairSync, verify } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createCertificateAuthority, issueCertificate } from '../pades/pki';
import { pemCertificates } from '../pades/certificate';
import { buildDetachedCms, CMS_OID, signedAttributesDer } from './detached-cms';
import { KeyDigestSigner } from './key-digest-signer';

const ca = createCertificateAuthority({ commonName: 'CA kiểm thử' });
const person = issueCertificate(ca, { commonName: 'Nguyễn Văn A', kind: 'person' });
const digest = createHash('sha256').update('nội dung').digest();

function parse(cms: Buffer) {
  const info = pkijs.ContentInfo.fromBER(new Uint8Array(cms));
  expect(info.contentType).toBe(CMS_OID.signedData);
  return new pkijs.SignedData({ schema: info.content });
}

describe(buildDetachedCms.name, () => {
  it('signs the DER SET of the signed attributes, whose messageDigest is the digest given', async () => {
    const signer = new KeyDigestSigner(
      createPrivateKey(person.keyPem),
      pemCertificates(person.certPem)[0],
      [pemCertificates(ca.certPem)[0]],
    );
    const sd = parse(await buildDetachedCms({ digest, signer }));
    expect(sd.certificates).toHaveLength(2);
    const si = sd.signerInfos[0];
    const md = si.signedAttrs!.attributes.find((a) => a.type === CMS_OID.messageDigest)!;
    expect(Buffer.from((md.values[0] as asn1js.OctetString).valueBlock.valueHexView)).toEqual(
      digest,
    );
    expect(si.signedAttrs!.attributes.map((a) => a.type)).toContain(CMS_OID.signingCertificateV2);
    expect(si.signedAttrs!.attributes.map((a) => a.type)).not.toContain(CMS_OID.signingTime);
    const signature = Buffer.from(si.signature.valueBlock.valueHexView);
    const data = signedAttributesDer(si.signedAttrs!);
    expect(data[0]).toBe(0x31);
    expect(verify('sha256', data, person.certPem, signature)).toBe(true);
    // A different digest gives different signed attributes: the old signature does not hold.
    const other = parse(
      await buildDetachedCms({ digest: createHash('sha256').update('khác').digest(), signer }),
    );
    expect(
      verify(
        'sha256',
        signedAttributesDer(other.signerInfos[0].signedAttrs!),
        person.certPem,
        signature,
      ),
    ).toBe(false);
  });

  it('signs with an EC key as ecdsa-with-SHA256 and can carry a signing time', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signer = new KeyDigestSigner(privateKey, pemCertificates(person.certPem)[0]);
    const sd = parse(
      await buildDetachedCms({ digest, signer, signingTime: new Date('2026-12-02T03:00:00Z') }),
    );
    const si = sd.signerInfos[0];
    expect(si.signatureAlgorithm.algorithmId).toBe(CMS_OID.ecdsaWithSha256);
    expect(si.signedAttrs!.attributes.map((a) => a.type)).toContain(CMS_OID.signingTime);
  });

  it('refuses a digest that is not SHA-256', async () => {
    await expect(
      buildDetachedCms({
        digest: Buffer.alloc(20),
        signer: new KeyDigestSigner(
          createPrivateKey(person.keyPem),
          pemCertificates(person.certPem)[0],
        ),
      }),
    ).rejects.toThrow(/SHA-256/);
  });
});
