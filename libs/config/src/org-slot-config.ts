import * as fs from 'node:fs';

/** The server-side organisation slot: a PKCS#11 token holding organisations' keys (by unit code). */
export interface OrgSlotConfig {
  /** Path of the PKCS#11 module (.so). */
  module: string;
  /** Label of the token. */
  tokenLabel: string;
  /** User PIN of the token (secret: never logged). */
  pin: string;
}

/**
 * ORG_PKCS11_MODULE, ORG_PKCS11_TOKEN and ORG_PKCS11_PIN: all three or none. What is wrong is added
 * to `problems` (the start refuses with every one of them); the slot when all three are right.
 */
export function orgSlotConfig(
  env: NodeJS.ProcessEnv,
  problems: string[],
): OrgSlotConfig | undefined {
  const str = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const module = str('ORG_PKCS11_MODULE');
  const tokenLabel = str('ORG_PKCS11_TOKEN');
  const pin = env.ORG_PKCS11_PIN === '' ? undefined : env.ORG_PKCS11_PIN;
  const set = [module, tokenLabel, pin].filter((v) => v !== undefined).length;
  if (set > 0 && set < 3)
    problems.push(
      'ORG_PKCS11_MODULE, ORG_PKCS11_TOKEN and ORG_PKCS11_PIN go together: set all three or none',
    );
  if (module !== undefined && !fs.existsSync(module))
    problems.push(`ORG_PKCS11_MODULE names a file that does not exist (${module})`);
  if (tokenLabel !== undefined && Buffer.byteLength(tokenLabel) > 32)
    problems.push('ORG_PKCS11_TOKEN must be a token label of at most 32 bytes');
  return module && tokenLabel && pin ? { module, tokenLabel, pin } : undefined;
}
