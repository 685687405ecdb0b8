import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { vietnamDate } from '@app/common';
import { demoCurrentPeriod } from '@app/demo';
import { ensureDemoPki } from '@app/signatures';
import { binary } from '../support/http';
import { pdfsigBlocks, trustingNssDb } from '../support/pdfsig';
import { pdfText } from '../support/pdf';
import { ROOT } from '../support/processes';
import { ServerApp, startServerApp } from '../support/server-app';
import { demoPkiDir } from '../support/signer-client';
import { provisionTokenKey, SoftHsm, startSoftHsm } from '../support/softhsm';
import { fire, periodId } from '../support/workflow';

/** Runs `npm run sign-client -- …` (scripts/sign-client.js) as its own process. */
function signClient(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/sign-client.js'), ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** pdfsig's report of a file, one block per signature, with an NSS store trusting `caPem`. */
function pdfsig(pdf: Buffer, work: string, caPem: string): string[] {
  const nss = path.join(work, 'nss');
  if (!fs.existsSync(nss)) trustingNssDb(nss, caPem);
  return pdfsigBlocks(pdf, nss);
}

describe('Signing with a PKCS#11 token through the sign client (e2e)', () => {
  let t: ServerApp;
  let hsm: SoftHsm;
  let work: string;
  const caPem = () => ensureDemoPki(demoPkiDir(), [], []).ca.certPem;

  beforeAll(async () => {
    t = await startServerApp();
    hsm = startSoftHsm();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'te-sign-client-e2e-'));
  });
  afterAll(async () => {
    await t?.close();
    hsm?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("a head whose key lives only in a SoftHSM2 token signs with the sign client; the clerk issues with the organisation's token; pdfsig shows both signatures valid", async () => {
    const admin = await t.auth('admin');
    const ca = ensureDemoPki(demoPkiDir(), [], []).ca;
    const users = await t.http().get('/api/users?q=luongvantri.head').set(admin);
    const head = users.body.find((u: any) => u.username === 'luongvantri.head');
    const unit = (await t.http().get('/api/org-units').set(admin)).body.find(
      (u: any) => u.code === 'LVT',
    );

    // The keys are generated inside the tokens; only their certificates reach the server.
    const headToken = hsm.createToken({ label: 'luongvantri.head', pin: '20261202' });
    const orgToken = hsm.createToken({ label: 'org-LVT', pin: '20261203' });
    const headCert = await provisionTokenKey(headToken, ca, {
      keyLabel: 'ky-so',
      commonName: head.fullName,
      organization: unit.name,
      kind: 'person',
    });
    const orgCert = await provisionTokenKey(orgToken, ca, {
      keyLabel: 'LVT',
      commonName: unit.name,
      organization: unit.name,
      kind: 'organisation',
    });
    for (const [owner, pem] of [
      [`/api/users/${head.id}/certificates`, headCert],
      [`/api/org-units/${unit.id}/certificates`, orgCert],
    ]) {
      // Only the token's certificate is registered: the demo's file-held one is removed.
      for (const c of (await t.http().get(owner).set(admin)).body)
        expect((await t.http().delete(`${owner}/${c.id}`).set(admin)).status).toBe(204);
      const reg = await t.http().post(owner).set(admin).send({ certificate: pem });
      expect(reg.status).toBe(201);
      expect(reg.body.serial).toBeDefined();
    }

    // A report of the ward in the open period (the current hierarchy).
    const officer = await t.auth('luongvantri.officer');
    const created = await t
      .http()
      .post('/api/reports')
      .set(officer)
      .send({
        periodId: await periodId(t, demoCurrentPeriod(vietnamDate()).code),
        type: 'BC',
        title: 'Báo cáo công tác trẻ em năm 2026 (ký bằng thiết bị)',
      });
    expect(created.status).toBe(201);
    const report = created.body;
    const saved = await t
      .http()
      .patch(`/api/reports/${report.id}`)
      .set(officer)
      .send({
        version: report.version,
        data: { '01/TE': { POP: { y2024: 15200 }, 'I.1': { y2024: 3100 } } },
      });
    expect(saved.status).toBe(200);
    expect((await fire(t, 'luongvantri.officer', report.id, 'REQUEST_SIGNATURE')).status).toBe(200);

    const event = async (actor: string, type: string) => {
      const cur = await t
        .http()
        .get(`/api/reports/${report.id}`)
        .set(await t.auth(actor));
      return t
        .http()
        .post(`/api/reports/${report.id}/events`)
        .set(await t.auth(actor))
        .send({ type, version: cur.body.version });
    };
    const sign = await event('luongvantri.head', 'SIGN');
    expect(sign.status).toBe(200);
    expect(sign.body.pendingSignature).toMatchObject({ role: 'head' });
    expect(sign.body.state).toBe('draft');

    const common = ['--server', t.server.url, '--pkcs11-module', hsm.module];
    const env = { SIGN_CLIENT_PASSWORD: 'demo', SOFTHSM2_CONF: hsm.conf };
    const byHead = await signClient(
      [...common, '--user', 'luongvantri.head', '--token-label', 'luongvantri.head'],
      { ...env, SIGN_CLIENT_PIN: '20261202' },
    );
    expect(byHead.out).toContain(
      'Đã ký «Báo cáo công tác trẻ em năm 2026 (ký bằng thiết bị)» (chữ ký của người có thẩm quyền).',
    );
    expect(byHead.code).toBe(0);
    const signed = await t
      .http()
      .get(`/api/reports/${report.id}`)
      .set(await t.auth('luongvantri.clerk'));
    expect(signed.body.state).toBe('signed');

    const submit = await event('luongvantri.clerk', 'SUBMIT');
    expect(submit.status).toBe(200);
    expect(submit.body.pendingSignature).toMatchObject({ role: 'organisation' });
    const byClerk = await signClient(
      [
        ...common,
        '--user',
        'luongvantri.clerk',
        '--report',
        report.id,
        '--token-label',
        'org-LVT',
        '--pin',
        '20261203',
      ],
      env,
    );
    expect(byClerk.code).toBe(0);
    expect(byClerk.out).toMatch(/Đã ký «.*» \(chữ ký số của cơ quan\), số \d+\/BC-/);
    const issued = await t
      .http()
      .get(`/api/reports/${report.id}`)
      .set(await t.auth('luongvantri.clerk'));
    expect(issued.body.state).toBe('submitted');
    expect(issued.body.documentId).toBeTruthy();

    // Nothing left for them: the client says so and succeeds.
    const again = await signClient(
      [...common, '--user', 'luongvantri.head', '--token-label', 'luongvantri.head'],
      { ...env, SIGN_CLIENT_PIN: '20261202' },
    );
    expect(again.out).toContain('Không có yêu cầu ký nào đang chờ luongvantri.head.');
    expect(again.code).toBe(0);

    const pdf = (
      await t
        .http()
        .get(`/api/documents/${issued.body.documentId}/pdf`)
        .set(await t.auth('luongvantri.clerk'))
        .buffer(true)
        .parse(binary)
    ).body as Buffer;
    const blocks = pdfsig(pdf, work, caPem());
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain(`Signer Certificate Common Name: ${head.fullName}`);
    expect(blocks[1]).toContain(`Signer Certificate Common Name: ${unit.name}`);
    for (const b of blocks) {
      expect(b).toMatch(/Signature Validation: Signature is Valid\./);
      expect(b).toMatch(/Certificate Validation: Certificate is Trusted\./);
    }
    expect(blocks[1]).toMatch(/Total document signed/);
    // The number the organisation's signature covers is in the file as text.
    expect(issued.body.number).toMatch(/\/BC-/);
    expect(pdfText(pdf).replace(/\s+/g, ' ')).toContain(`Số: ${issued.body.number}`);
  });
});
