import { createSecretKey, KeyObject } from 'node:crypto';
import type { Clock } from '@app/common';
import type { AppConfig } from '@app/config';
import type { Pkcs11Location } from '@app/signatures';

/** The validated configuration plus what boot resolved (database URL, JWT secret). */
export interface Runtime {
  config: AppConfig;
  databaseUrl: string;
  jwtSecret: string;
  credentialSecret: string;
  /** The application's time; the system's unless a test (or the demo history) sets one. */
  clock?: Clock;
  /** Run the job queue's workers and schedules in this process (default true). */
  runJobs?: boolean;
  /**
   * The server-side organisation slot when not configured by ORG_PKCS11_* (`config.orgSlot`
   * wins): the demo's SoftHSM2 slot (provisionDemoTokens).
   */
  orgSlot?: Pkcs11Location;
}

export const RUNTIME = Symbol('RUNTIME');

const jwtKeys = new Map<string, KeyObject>();

/**
 * The JWT secret as a KeyObject. jsonwebtoken handed a string first tries to parse it as a PEM
 * public key on every verify (an exception each time, ~0.4 ms of CPU per request); a KeyObject of
 * type "secret" goes straight to the HMAC.
 */
export function jwtKey(runtime: Pick<Runtime, 'jwtSecret'>): KeyObject {
  let key = jwtKeys.get(runtime.jwtSecret);
  if (!key) {
    key = createSecretKey(Buffer.from(runtime.jwtSecret, 'utf8'));
    jwtKeys.set(runtime.jwtSecret, key);
  }
  return key;
}
