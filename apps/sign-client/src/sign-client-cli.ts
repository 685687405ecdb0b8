import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { DigestSigner } from '../../../libs/signatures/src/cms/digest-signer';
import { KeyDigestSigner } from '../../../libs/signatures/src/cms/key-digest-signer';
import { Pkcs11DigestSigner } from '../../../libs/signatures/src/tokens/pkcs11-digest-signer';
import { Say, SignApi, SignClientError, signRequests, SigningRequest } from './sign-client';

export const USAGE = `Cách dùng:
  npm run sign-client -- --server <địa chỉ> --user <tên đăng nhập> [--report <mã báo cáo>]
      (--pkcs11-module <thư viện .so> --token-label <nhãn thiết bị> --pin <mã PIN> [--key-label <nhãn khóa>]
       | --p12 <tệp .p12> --p12-password <mật khẩu tệp>)
Mật khẩu đăng nhập: biến môi trường SIGN_CLIENT_PASSWORD hoặc --password. Mã PIN và mật khẩu tệp .p12
cũng có thể đặt trong SIGN_CLIENT_PIN, SIGN_CLIENT_P12_PASSWORD (không hiện trong danh sách tiến trình).
Ký mọi yêu cầu ký đang chờ của người dùng (hoặc của một báo cáo với --report) và in ra những gì đã ký.
Mã thoát: 0 đã ký hết (hoặc không có gì để ký), 1 có yêu cầu không ký được, 2 sai cách dùng.`;

class UsageError extends Error {}

interface Options {
  server: string;
  user: string;
  password: string;
  report?: string;
  signer: () => Promise<{ signer: DigestSigner; close(): void }>;
}

function options(argv: string[], env: NodeJS.ProcessEnv): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      server: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      report: { type: 'string' },
      'pkcs11-module': { type: 'string' },
      'token-label': { type: 'string' },
      pin: { type: 'string' },
      'key-label': { type: 'string' },
      p12: { type: 'string' },
      'p12-password': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.server) throw new UsageError('Thiếu --server.');
  if (!values.user) throw new UsageError('Thiếu --user.');
  const password = values.password ?? env.SIGN_CLIENT_PASSWORD;
  if (!password) throw new UsageError('Thiếu mật khẩu: đặt SIGN_CLIENT_PASSWORD hoặc --password.');
  const module = values['pkcs11-module'];
  const p12 = values.p12;
  if (Boolean(module) === Boolean(p12))
    throw new UsageError('Chọn một cách ký: --pkcs11-module (thiết bị ký) hoặc --p12 (tệp).');
  let signer: Options['signer'];
  if (module) {
    const tokenLabel = values['token-label'];
    const pin = values.pin ?? env.SIGN_CLIENT_PIN;
    if (!tokenLabel) throw new UsageError('Thiếu --token-label (nhãn của thiết bị ký).');
    if (!pin) throw new UsageError('Thiếu mã PIN: --pin hoặc SIGN_CLIENT_PIN.');
    signer = async () => {
      const s = Pkcs11DigestSigner.open({
        module,
        tokenLabel,
        pin,
        keyLabel: values['key-label'],
      });
      return { signer: s, close: () => s.close() };
    };
  } else {
    const p12Password = values['p12-password'] ?? env.SIGN_CLIENT_P12_PASSWORD;
    if (!p12Password)
      throw new UsageError(
        'Thiếu mật khẩu tệp .p12: --p12-password hoặc SIGN_CLIENT_P12_PASSWORD.',
      );
    signer = async () => {
      let data: Buffer;
      try {
        data = fs.readFileSync(p12!);
      } catch (e) {
        throw new SignClientError(`Không đọc được tệp ${p12}: ${(e as Error).message}`);
      }
      try {
        return { signer: KeyDigestSigner.fromPkcs12(data, p12Password), close: () => {} };
      } catch {
        throw new SignClientError(
          `Không mở được tệp ${p12}: sai mật khẩu hoặc không phải tệp PKCS#12 có khóa ký.`,
        );
      }
    };
  }
  return { server: values.server, user: values.user, password, report: values.report, signer };
}

/** Runs the sign client; what it says goes to `say`. Exit code: 0 done, 1 a failure, 2 wrong usage. */
export async function runSignClient(
  argv: string[],
  env: NodeJS.ProcessEnv,
  say: Say,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('help')) {
    say(USAGE);
    return 0;
  }
  let opts: Options;
  let api: SignApi;
  try {
    opts = options(argv, env);
    api = new SignApi(opts.server);
  } catch (e) {
    say(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  try {
    await api.login(opts.user, opts.password);
    let requests: SigningRequest[];
    if (opts.report) {
      const one = await api.forReport(opts.report);
      if (!one) {
        say(`Báo cáo ${opts.report} không có yêu cầu ký nào đang chờ ${opts.user}.`);
        return 1;
      }
      requests = [one];
    } else requests = await api.pending();
    if (requests.length === 0) {
      say(`Không có yêu cầu ký nào đang chờ ${opts.user}.`);
      return 0;
    }
    say(`Có ${requests.length} yêu cầu ký đang chờ ${opts.user}.`);
    const { signer, close } = await opts.signer();
    try {
      const outcomes = await signRequests(api, requests, signer, say);
      const failed = outcomes.filter((o) => !o.ok).length;
      say(
        failed === 0
          ? `Đã ký ${outcomes.length} yêu cầu.`
          : `Đã ký ${outcomes.length - failed} / ${outcomes.length} yêu cầu; ${failed} yêu cầu không ký được.`,
      );
      return failed === 0 ? 0 : 1;
    } finally {
      close();
    }
  } catch (e) {
    say((e as Error).message);
    return 1;
  }
}

export async function main(argv: string[]): Promise<void> {
  process.exitCode = await runSignClient(argv, process.env, (line) => console.log(line));
}
