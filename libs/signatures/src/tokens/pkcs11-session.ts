import * as graphene from 'graphene-pk11';
import * as pkcs11js from 'pkcs11js';

/** Where a PKCS#11 key is: the module (the vendor's .so), the token's label, the user PIN. */
export interface Pkcs11Location {
  /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  module: string;
  /** The token's label (CKA_LABEL of the token, as `pkcs11-tool -L` or `softhsm2-util --show-slots` show it). */
  tokenLabel: string;
  pin: string;
  /**
   * SoftHSM2 only: its configuration file, named in SOFTHSM2_CONF when this process initialises
   * the module (SoftHSM reads it then). Absent: the environment's.
   */
  softhsmConf?: string;
}

/** A PKCS#11 failure told in Vietnamese, for the signer or the administrator. */
export class Pkcs11TokenError extends Error {
  constructor(
    message: string,
    readonly reason:
      | 'module'
      | 'no-token'
      | 'pin-incorrect'
      | 'pin-locked'
      | 'no-key'
      | 'no-certificate'
      | 'unsupported-key'
      | 'failed',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'Pkcs11TokenError';
  }
}

interface LoadedModule {
  module: graphene.Module;
  users: number;
  softhsmConf?: string;
}

/**
 * A module is initialised once per process (C_Initialize may not be called twice): every user
 * holds a reference, the last one finalises it. SoftHSM reads SOFTHSM2_CONF at C_Initialize.
 */
const loaded = new Map<string, LoadedModule>();

function acquire(path: string, softhsmConf?: string): graphene.Module {
  const existing = loaded.get(path);
  if (existing) {
    if (softhsmConf && existing.softhsmConf !== softhsmConf)
      throw new Pkcs11TokenError(
        `Thư viện PKCS#11 ${path} đang được dùng với một cấu hình SoftHSM khác.`,
        'module',
      );
    existing.users++;
    return existing.module;
  }
  let module: graphene.Module;
  try {
    if (softhsmConf) process.env.SOFTHSM2_CONF = softhsmConf;
    module = graphene.Module.load(path);
    module.initialize();
  } catch (e) {
    throw new Pkcs11TokenError(
      `Không mở được thư viện PKCS#11 ${path}: ${(e as Error).message}`,
      'module',
      { cause: e },
    );
  }
  loaded.set(path, { module, users: 1, softhsmConf: softhsmConf ?? process.env.SOFTHSM2_CONF });
  return module;
}

function release(path: string): void {
  const entry = loaded.get(path);
  if (!entry) return;
  if (--entry.users > 0) return;
  loaded.delete(path);
  try {
    entry.module.finalize();
  } catch {
    /* already finalised */
  }
}

function code(e: unknown): number | undefined {
  return e instanceof pkcs11js.Pkcs11Error ? e.code : undefined;
}

/** The error a PKCS#11 call failed with, in words for the signer. */
export function explainPkcs11Error(e: unknown, tokenLabel: string): Pkcs11TokenError {
  if (e instanceof Pkcs11TokenError) return e;
  switch (code(e)) {
    case pkcs11js.CKR_PIN_INCORRECT:
      return new Pkcs11TokenError(
        `Mã PIN của thiết bị ký "${tokenLabel}" không đúng.`,
        'pin-incorrect',
        {
          cause: e,
        },
      );
    case pkcs11js.CKR_PIN_LOCKED:
      return new Pkcs11TokenError(
        `Thiết bị ký "${tokenLabel}" đã bị khóa mã PIN (nhập sai quá số lần cho phép).`,
        'pin-locked',
        { cause: e },
      );
    case pkcs11js.CKR_PIN_LEN_RANGE:
      return new Pkcs11TokenError(
        `Mã PIN của thiết bị ký "${tokenLabel}" không đúng.`,
        'pin-incorrect',
        {
          cause: e,
        },
      );
    case pkcs11js.CKR_TOKEN_NOT_PRESENT:
    case pkcs11js.CKR_DEVICE_REMOVED:
      return new Pkcs11TokenError(`Không tìm thấy thiết bị ký "${tokenLabel}".`, 'no-token', {
        cause: e,
      });
    default:
      return new Pkcs11TokenError(
        `Thiết bị ký "${tokenLabel}" báo lỗi: ${(e as Error)?.message ?? String(e)}`,
        'failed',
        { cause: e },
      );
  }
}

function findSlot(module: graphene.Module, tokenLabel: string): graphene.Slot {
  const slots = module.getSlots(true);
  const labels: string[] = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots.items(i);
    const token = slot.getToken();
    if (!(token.flags & graphene.TokenFlag.TOKEN_INITIALIZED)) continue;
    const label = token.label.trim();
    if (label === tokenLabel) return slot;
    labels.push(label);
  }
  throw new Pkcs11TokenError(
    `Không tìm thấy thiết bị ký có nhãn "${tokenLabel}"` +
      (labels.length
        ? ` (có: ${labels.map((l) => `"${l}"`).join(', ')}).`
        : '; chưa cắm thiết bị nào.'),
    'no-token',
  );
}

/** An open, logged-in session on the token; `close()` logs out, closes it and releases the module. */
export interface Pkcs11Session {
  session: graphene.Session;
  slot: graphene.Slot;
  close(): void;
}

/**
 * Opens a session on the token named `tokenLabel` (read-only unless `readWrite`, which creating
 * keys and certificates needs) and logs the user in with `pin`.
 */
export function openPkcs11Session(
  where: Pkcs11Location,
  opts: { readWrite?: boolean } = {},
): Pkcs11Session {
  const module = acquire(where.module, where.softhsmConf);
  let session: graphene.Session | undefined;
  try {
    const slot = findSlot(module, where.tokenLabel);
    session = slot.open(
      graphene.SessionFlag.SERIAL_SESSION | (opts.readWrite ? graphene.SessionFlag.RW_SESSION : 0),
    );
    try {
      session.login(where.pin, graphene.UserType.USER);
    } catch (e) {
      // Login is per application: another session of this process may have logged in already.
      if (code(e) !== pkcs11js.CKR_USER_ALREADY_LOGGED_IN) throw e;
    }
    const open = session;
    let closed = false;
    return {
      session: open,
      slot,
      close() {
        if (closed) return;
        closed = true;
        try {
          open.close(); // the last session of the slot closed also logs the user out
        } finally {
          release(where.module);
        }
      },
    };
  } catch (e) {
    try {
      session?.close();
    } catch {
      /* closing after a failure */
    }
    release(where.module);
    throw explainPkcs11Error(e, where.tokenLabel);
  }
}
