import { buildDetachedCms } from '../../../libs/signatures/src/cms/detached-cms';
import { DigestSigner } from '../../../libs/signatures/src/cms/digest-signer';

/** A pending signing request as the server lists it (docs/api.md, "Signing client"). */
export interface SigningRequest {
  requestId: string;
  reportId: string;
  role: 'head' | 'organisation';
  /** The report's title (the list has it; the one report's request may not). */
  title?: string;
  /** The digest and its algorithm (the one report's request has them; the list may not). */
  digestAlgorithm?: string;
  digest?: string;
  pdfSha256?: string;
  expiresAt?: string;
}

/** A failure told to the signer in Vietnamese. */
export class SignClientError extends Error {}

const ROLE: Record<string, string> = {
  head: 'chữ ký của người có thẩm quyền',
  organisation: 'chữ ký số của cơ quan',
};

/** The server's API, as the sign client uses it (Node's fetch). */
export class SignApi {
  private token = '';

  constructor(private readonly server: string) {
    try {
      const url = new URL(server);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    } catch {
      throw new SignClientError(`Địa chỉ máy chủ không hợp lệ: ${server}`);
    }
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    const url = new URL(path, this.server);
    try {
      return await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(60_000),
      });
    } catch (e) {
      throw new SignClientError(
        `Không kết nối được máy chủ ${url.origin}: ${(e as Error).message}`,
      );
    }
  }

  private static async message(res: Response): Promise<string> {
    const text = await res.text().catch(() => '');
    try {
      const body = JSON.parse(text) as { message?: unknown };
      if (typeof body.message === 'string') return body.message;
      if (Array.isArray(body.message)) return body.message.join('; ');
    } catch {
      /* not JSON */
    }
    return `HTTP ${res.status}`;
  }

  async login(username: string, password: string): Promise<void> {
    const res = await this.call('POST', '/api/auth/login', { username, password });
    if (res.status === 401) throw new SignClientError('Sai tên đăng nhập hoặc mật khẩu.');
    if (!res.ok) throw new SignClientError(`Không đăng nhập được: ${await SignApi.message(res)}`);
    const body = (await res.json()) as { accessToken?: string; passwordChangeRequired?: boolean };
    if (body.passwordChangeRequired)
      throw new SignClientError(
        'Tài khoản đang dùng mật khẩu một lần: hãy đăng nhập trang web và đổi mật khẩu trước.',
      );
    if (!body.accessToken) throw new SignClientError('Máy chủ không trả về phiên đăng nhập.');
    this.token = body.accessToken;
  }

  async pending(): Promise<SigningRequest[]> {
    const res = await this.call('GET', '/api/signing-requests');
    if (!res.ok)
      throw new SignClientError(
        `Không lấy được danh sách yêu cầu ký: ${await SignApi.message(res)}`,
      );
    return (await res.json()) as SigningRequest[];
  }

  /** The caller's pending request for one report, or null when there is none. */
  async forReport(reportId: string): Promise<SigningRequest | null> {
    const res = await this.call(
      'GET',
      `/api/reports/${encodeURIComponent(reportId)}/signing-request`,
    );
    if (res.status === 404) return null;
    if (!res.ok)
      throw new SignClientError(
        `Không lấy được yêu cầu ký của báo cáo ${reportId}: ${await SignApi.message(res)}`,
      );
    return (await res.json()) as SigningRequest;
  }

  /** The report's title, for telling what is signed. */
  async reportTitle(reportId: string): Promise<string | undefined> {
    const res = await this.call('GET', `/api/reports/${encodeURIComponent(reportId)}`);
    if (!res.ok) return undefined;
    const body = (await res.json()) as { title?: unknown };
    return typeof body.title === 'string' ? body.title : undefined;
  }

  /**
   * The request with everything needed to sign it: the digest from the report's own request when
   * the list gave none (it must be the same request), the title from the report when missing.
   */
  async complete(req: SigningRequest): Promise<SigningRequest> {
    let full = req;
    if (!full.digest) {
      const one = await this.forReport(req.reportId);
      if (!one || one.requestId !== req.requestId)
        throw new SignClientError('yêu cầu ký đã được ký hoặc đã bị thay thế');
      full = { ...one, title: req.title ?? one.title };
    }
    if (!full.title) full = { ...full, title: await this.reportTitle(req.reportId) };
    return full;
  }

  /** Sends the CMS; answers the report as the server returns it. */
  async submit(req: SigningRequest, cms: Buffer): Promise<Record<string, unknown>> {
    const res = await this.call(
      'POST',
      `/api/reports/${encodeURIComponent(req.reportId)}/signatures`,
      { requestId: req.requestId, cms: cms.toString('base64') },
    );
    if (!res.ok) throw new SignClientError(await SignApi.message(res));
    return (await res.json().catch(() => ({}))) as Record<string, unknown>;
  }
}

export interface SignOutcome {
  request: SigningRequest;
  ok: boolean;
  message: string;
}

/** Where the sign client tells what it does (stdout for the person at the keyboard). */
export type Say = (line: string) => void;

/**
 * Signs each request with `signer`: a CMS (CAdES detached, built here from the request's
 * digest; only the signed attributes go into the token) posted back to the server. Each request
 * is told as it is done; a refused one does not stop the others.
 */
export async function signRequests(
  api: SignApi,
  requests: SigningRequest[],
  signer: DigestSigner,
  say: Say,
): Promise<SignOutcome[]> {
  const outcomes: SignOutcome[] = [];
  for (const listed of requests) {
    let req = listed;
    let what = `«${req.title ?? req.reportId}» (${ROLE[req.role] ?? req.role})`;
    try {
      req = await api.complete(listed);
      what = `«${req.title ?? req.reportId}» (${ROLE[req.role] ?? req.role})`;
      if (req.digestAlgorithm && req.digestAlgorithm !== 'SHA-256')
        throw new SignClientError(`thuật toán băm ${req.digestAlgorithm} không được hỗ trợ`);
      const digest = Buffer.from(req.digest ?? '', 'base64');
      if (digest.length !== 32) throw new SignClientError('mã băm của yêu cầu không hợp lệ');
      const cms = await buildDetachedCms({ digest, signer });
      const report = await api.submit(req, cms);
      const number = typeof report.number === 'string' && report.number ? report.number : null;
      const message = `Đã ký ${what}${number ? `, số ${number}` : ''}.`;
      say(message);
      outcomes.push({ request: req, ok: true, message });
    } catch (e) {
      const message = `Không ký được ${what}: ${(e as Error).message}`;
      say(message);
      outcomes.push({ request: req, ok: false, message });
    }
  }
  return outcomes;
}
