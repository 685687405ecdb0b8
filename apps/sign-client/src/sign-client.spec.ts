import { createHash, verify, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { provisionTokenKey, SoftHsm, startSoftHsm } from '@test/support/softhsm';
import { CMS_OID, signedAttributesDer } from '../../../libs/signatures/src/cms/detached-cms';
import {
  createCertificateAuthority,
  issueCertificate,
  toPkcs12,
} from '../../../libs/signatures/src/pades/pki';
import { runSignClient } from './sign-client-cli';

/**
 * The client against the API contract of docs/api.md ("Signing client"), served on loopback by
 * this test, which checks each CMS it receives as the server does its first check: the signature
 * over the signed attributes verifies with the signer's certificate, and the messageDigest is the
 * request's digest. test/e2e/sign-client.e2e-spec.ts runs it against the real server.
 */
interface Received {
  reportId: string;
  requestId: string;
  cms: Buffer;
}

function cmsParts(cms: Buffer) {
  const sd = new pkijs.SignedData({
    schema: pkijs.ContentInfo.fromBER(new Uint8Array(cms)).content,
  });
  const si = sd.signerInfos[0];
  const md = si.signedAttrs!.attributes.find((a) => a.type === CMS_OID.messageDigest)!;
  return {
    certificate: Buffer.from((sd.certificates![0] as pkijs.Certificate).toSchema().toBER()),
    messageDigest: Buffer.from((md.values[0] as asn1js.OctetString).valueBlock.valueHexView),
    signed: signedAttributesDer(si.signedAttrs!),
    signature: Buffer.from(si.signature.valueBlock.valueHexView),
  };
}

const digestOf = (s: string) => createHash('sha256').update(s).digest();
const REQUESTS = [
  {
    requestId: 'req-1',
    reportId: 'rep-1',
    role: 'head',
    title: 'Báo cáo công tác trẻ em năm 2026',
    digestAlgorithm: 'SHA-256',
    digest: digestOf('một').toString('base64'),
  },
  {
    requestId: 'req-2',
    reportId: 'rep-2',
    role: 'organisation',
    title: 'Báo cáo tổng hợp năm 2026',
    digestAlgorithm: 'SHA-256',
    digest: digestOf('hai').toString('base64'),
  },
];

let server: http.Server;
let url: string;
let received: Received[] = [];
let refuse = new Set<string>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.method === 'POST' && req.url === '/api/auth/login') {
        const { username, password } = JSON.parse(body);
        return username === 'syt.head' && password === 'demo'
          ? send(200, { accessToken: 'tok', passwordChangeRequired: false })
          : send(401, { message: 'Sai' });
      }
      if (req.headers.authorization !== 'Bearer tok') return send(401, { message: 'no' });
      // As the server answers: the list without the digests, a report's request without its title.
      if (req.method === 'GET' && req.url === '/api/signing-requests')
        return send(
          200,
          REQUESTS.map(({ requestId, reportId, role, title }) => ({
            requestId,
            reportId,
            role,
            title,
          })),
        );
      const one = /^\/api\/reports\/([^/]+)\/signing-request$/.exec(req.url ?? '');
      if (req.method === 'GET' && one) {
        const r = REQUESTS.find((x) => x.reportId === one[1]);
        if (!r) return send(404, { message: 'Không tìm thấy' });
        const { title: _title, ...view } = r;
        return send(200, view);
      }
      const report = /^\/api\/reports\/([^/]+)$/.exec(req.url ?? '');
      if (req.method === 'GET' && report) {
        const r = REQUESTS.find((x) => x.reportId === report[1]);
        return r ? send(200, { id: r.reportId, title: r.title }) : send(404, {});
      }
      const post = /^\/api\/reports\/([^/]+)\/signatures$/.exec(req.url ?? '');
      if (req.method === 'POST' && post) {
        const { requestId, cms } = JSON.parse(body);
        if (refuse.has(requestId))
          return send(422, { message: 'Chứng thư số đã bị thu hồi.', code: 'SIGNATURE_INVALID' });
        received.push({ reportId: post[1], requestId, cms: Buffer.from(cms, 'base64') });
        return send(201, { id: post[1], number: requestId === 'req-2' ? '01/BC-SYT' : null });
      }
      send(404, { message: 'không có' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => {
  received = [];
  refuse = new Set();
});

async function run(args: string[], env: NodeJS.ProcessEnv = { SIGN_CLIENT_PASSWORD: 'demo' }) {
  const lines: string[] = [];
  const code = await runSignClient(args, env, (l) => lines.push(l));
  return { code, out: lines.join('\n') };
}

function expectSignedBy(r: Received, certDer: Buffer, digest: string) {
  const parts = cmsParts(r.cms);
  expect(parts.certificate.equals(certDer)).toBe(true);
  expect(parts.messageDigest.toString('base64')).toBe(digest);
  expect(
    verify('sha256', parts.signed, new X509Certificate(certDer).publicKey, parts.signature),
  ).toBe(true);
}

describe('sign client with a PKCS#11 token (SoftHSM2)', () => {
  let hsm: SoftHsm;
  let certDer: Buffer;
  const token = { label: 'syt.head', pin: '246810' };
  beforeAll(async () => {
    hsm = startSoftHsm();
    const where = hsm.createToken(token);
    const ca = createCertificateAuthority({ commonName: 'CA kiểm thử' });
    certDer = new X509Certificate(
      await provisionTokenKey(where, ca, {
        keyLabel: 'k',
        commonName: 'Nguyễn Thị Hạnh',
        kind: 'person',
      }),
    ).raw;
  });
  afterAll(() => hsm?.close());
  const tokenArgs = () => [
    '--server',
    url,
    '--user',
    'syt.head',
    '--pkcs11-module',
    hsm.module,
    '--token-label',
    token.label,
    '--pin',
    token.pin,
  ];

  it('signs every pending request with the token and says what it signed', async () => {
    const { code, out } = await run(tokenArgs());
    expect(code).toBe(0);
    expect(received.map((r) => r.requestId)).toEqual(['req-1', 'req-2']);
    received.forEach((r, i) => expectSignedBy(r, certDer, REQUESTS[i].digest));
    expect(out).toContain('Có 2 yêu cầu ký đang chờ syt.head.');
    expect(out).toContain(
      'Đã ký «Báo cáo công tác trẻ em năm 2026» (chữ ký của người có thẩm quyền).',
    );
    expect(out).toContain(
      'Đã ký «Báo cáo tổng hợp năm 2026» (chữ ký số của cơ quan), số 01/BC-SYT.',
    );
  });

  it('signs only the report asked for, and fails when it has no request', async () => {
    expect((await run([...tokenArgs(), '--report', 'rep-2'])).code).toBe(0);
    expect(received.map((r) => r.requestId)).toEqual(['req-2']);
    const none = await run([...tokenArgs(), '--report', 'rep-9']);
    expect(none.code).toBe(1);
    expect(none.out).toContain('Báo cáo rep-9 không có yêu cầu ký nào đang chờ syt.head.');
  });

  it("tells the server's refusal, signs the others, and exits non-zero", async () => {
    refuse.add('req-1');
    const { code, out } = await run(tokenArgs());
    expect(code).toBe(1);
    expect(out).toContain(
      'Không ký được «Báo cáo công tác trẻ em năm 2026» (chữ ký của người có thẩm quyền): Chứng thư số đã bị thu hồi.',
    );
    expect(received.map((r) => r.requestId)).toEqual(['req-2']);
  });

  it('refuses a wrong PIN, a wrong password and a missing option, in Vietnamese', async () => {
    const pin = await run([...tokenArgs().slice(0, -1), '000000']);
    expect(pin.code).toBe(1);
    expect(pin.out).toContain('Mã PIN của thiết bị ký "syt.head" không đúng.');
    expect(received).toEqual([]);
    const password = await run(tokenArgs(), { SIGN_CLIENT_PASSWORD: 'sai' });
    expect(password.code).toBe(1);
    expect(password.out).toContain('Sai tên đăng nhập hoặc mật khẩu.');
    const usage = await run(['--server', url, '--user', 'syt.head'], {});
    expect(usage.code).toBe(2);
    expect(usage.out).toContain('Thiếu mật khẩu');
  });
});

describe('sign client with a .p12 file', () => {
  it('signs with the key of the file', async () => {
    const ca = createCertificateAuthority({ commonName: 'CA kiểm thử' });
    const person = issueCertificate(ca, { commonName: 'Nguyễn Thị Hạnh', kind: 'person' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-sign-client-'));
    try {
      const file = path.join(dir, 'syt.head.p12');
      fs.writeFileSync(file, toPkcs12(person.certPem, person.keyPem, ca.certPem, 'mật khẩu'));
      const args = ['--server', url, '--user', 'syt.head', '--p12', file, '--report', 'rep-1'];
      const { code } = await run([...args, '--p12-password', 'mật khẩu']);
      expect(code).toBe(0);
      expectSignedBy(received[0], new X509Certificate(person.certPem).raw, REQUESTS[0].digest);
      const wrong = await run([...args, '--p12-password', 'sai']);
      expect(wrong.code).toBe(1);
      expect(wrong.out).toContain('sai mật khẩu hoặc không phải tệp PKCS#12');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
