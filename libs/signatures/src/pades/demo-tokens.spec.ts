import { createHash, verify, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SoftHsm, startSoftHsm } from '@test/support/softhsm';
import { Pkcs11DigestSigner } from '../tokens/pkcs11-digest-signer';
import { OrganisationSlotSigner } from '../tokens/organisation-slot-signer';
import { buildDetachedCms } from '../cms/detached-cms';
import { DEMO_CERT_NOT_BEFORE } from './demo-pki';
import { DEMO_ORG_SLOT_LABEL, ensureDemoTokens } from './demo-tokens';

const people = [
  { username: 'syt.head', fullName: 'Nguyễn Thị Hạnh', unitName: 'Sở Y tế tỉnh Lạng Sơn' },
];
const units = [
  { code: 'SYT', name: 'Sở Y tế tỉnh Lạng Sơn', signingMode: 'token' as const },
  { code: 'HD', name: 'Ủy ban nhân dân xã Hoàng Đồng', signingMode: 'approval' as const },
  { code: 'MP', name: 'Ủy ban nhân dân xã Mai Pha', signingMode: 'approval' as const },
];

let dataDir: string;
let hsm: SoftHsm;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-demo-tokens-'));
  // The same configuration file as ensureDemoTokens's, named in the process's real environment.
  hsm = startSoftHsm(path.join(dataDir, 'softhsm'));
});
afterAll(() => {
  hsm?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(ensureDemoTokens.name, () => {
  it('makes a token per head and token-mode organisation and a server slot, keys inside, certified by the demo CA; a restart keeps them', async () => {
    const first = await ensureDemoTokens(dataDir, people, units);
    expect(first.softhsmConf).toBe(hsm.conf);
    expect(first.pin).toMatch(/^\d{8}$/);
    expect(fs.statSync(path.join(dataDir, 'softhsm', 'pin')).mode & 0o077).toBe(0);
    const ca = new X509Certificate(first.caCertPem);
    expect(ca.subject).toContain('DEMO');

    const head = first.users.get('syt.head')!;
    expect(head.tokenLabel).toBe('syt.head');
    const headCert = new X509Certificate(head.certPem);
    expect(headCert.checkIssued(ca)).toBe(true);
    expect(headCert.subject).toContain('CN=Nguyễn Thị Hạnh');
    expect(new Date(headCert.validFrom).getTime()).toBeLessThanOrEqual(
      DEMO_CERT_NOT_BEFORE.getTime() + 1000,
    );
    expect(first.units.get('SYT')).toMatchObject({ tokenLabel: 'org-SYT', keyLabel: 'SYT' });
    expect(first.units.get('HD')).toMatchObject({
      tokenLabel: DEMO_ORG_SLOT_LABEL,
      keyLabel: 'HD',
      signingMode: 'approval',
    });

    // The head signs with their own token, as the sign client would: the certificate is theirs.
    const data = Buffer.from('thuộc tính đã ký');
    const sig = await Pkcs11DigestSigner.with(
      { module: first.module, tokenLabel: head.tokenLabel, pin: first.pin },
      async (s) => {
        expect((await s.certificate()).equals(headCert.raw)).toBe(true);
        return s.sign(data);
      },
    );
    expect(verify('sha256', data, headCert.publicKey, sig)).toBe(true);

    const again = await ensureDemoTokens(dataDir, people, units);
    expect(again.pin).toBe(first.pin);
    expect(again.users.get('syt.head')!.certPem).toBe(head.certPem);
    expect(again.units.get('HD')!.certPem).toBe(first.units.get('HD')!.certPem);

    // A renamed organisation gets a new certificate on a new key; the others stay.
    const renamed = await ensureDemoTokens(dataDir, people, [
      { ...units[1], name: 'Ủy ban nhân dân phường Hoàng Đồng' },
    ]);
    expect(renamed.units.get('HD')!.certPem).not.toBe(first.units.get('HD')!.certPem);
    expect(new X509Certificate(renamed.units.get('HD')!.certPem).subject).toContain(
      'phường Hoàng Đồng',
    );
  });
});

describe(OrganisationSlotSigner.name, () => {
  it("signs with the unit's key in the slot, by the unit's code, and says so in Vietnamese when there is none", async () => {
    const demo = await ensureDemoTokens(dataDir, people, units);
    const slot = new OrganisationSlotSigner(demo.orgSlot);
    expect(slot.configured).toBe(true);
    const signer = await slot.signerFor({ id: 'u-mp', code: 'MP' });
    const mpCert = new X509Certificate(demo.units.get('MP')!.certPem);
    expect((await signer.certificate()).equals(mpCert.raw)).toBe(true);
    expect((await signer.chain()).map((c) => new X509Certificate(c).subject)).toEqual([
      new X509Certificate(demo.caCertPem).subject,
    ]);
    const data = Buffer.from('tệp đã điền số và ngày');
    expect(verify('sha256', data, mpCert.publicKey, await signer.sign(data))).toBe(true);
    // And twice, each signature through a session of its own.
    const cms = await buildDetachedCms({
      digest: createHash('sha256').update(data).digest(),
      signer,
    });
    expect(cms.length).toBeGreaterThan(1000);

    // SYT's key is in its clerk's token, not in the slot.
    await expect(slot.signerFor({ id: 'u-syt', code: 'SYT', name: 'Sở Y tế' })).rejects.toThrow(
      'Chưa cấu hình khóa ký của cơ quan Sở Y tế (SYT) trên máy chủ (PKCS#11): thiết bị "te-org-slot" không có khóa và chứng thư số nhãn "SYT".',
    );
    await expect(
      new OrganisationSlotSigner(null).signerFor({ id: 'u', code: 'HD' }),
    ).rejects.toThrow('Chưa cấu hình khóa ký của cơ quan HD trên máy chủ (PKCS#11).');
    await expect(
      new OrganisationSlotSigner({ ...demo.orgSlot, pin: '00000000' }).signerFor({
        id: 'u',
        code: 'HD',
      }),
    ).rejects.toThrow(/Không dùng được khóa ký của cơ quan HD trên máy chủ \(PKCS#11\): Mã PIN/);
  });
});
