import type { Request } from 'express';
import { SigningRequestsService } from '@app/approval';
import { AuthUser } from '@app/auth';
import { ReportView } from '@app/reports';

/**
 * Deferred signing on the report page: the signature the server waits for, as its signer sees it —
 * what to do, until when, the sign client's command — while others see only whose it is.
 */
export async function pendingSignatureBox(
  requests: SigningRequestsService,
  req: Request,
  user: AuthUser,
  view: ReportView,
) {
  const pending = view.pendingSignature;
  if (!pending) return null;
  const own = (await requests.pendingFor(user)).find((r) => r.requestId === pending.requestId);
  const server = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  return {
    role: pending.role,
    whose: pending.role === 'head' ? 'lãnh đạo' : 'cơ quan (văn thư)',
    mine: !!own,
    requestId: pending.requestId,
    expiresAt: own?.expiresAt ?? null,
    command: own
      ? `npm run sign-client -- --server ${server} --user ${user.username} --report ${view.id} --pkcs11-module <thư viện PKCS#11> --token-label <nhãn thiết bị> --pin <mã PIN>`
      : null,
  };
}
