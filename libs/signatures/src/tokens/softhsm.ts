import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Debian's SoftHSM2 module (package softhsm2). */
export const SOFTHSM_MODULE = process.env.SOFTHSM2_MODULE || '/usr/lib/softhsm/libsofthsm2.so';
const SOFTHSM_UTIL = 'softhsm2-util';

/**
 * A SoftHSM2 configuration keeping its tokens in `dir/tokens`, written to `dir/softhsm2.conf`
 * (kept when it exists). SoftHSM reads the file named by SOFTHSM2_CONF when the module is
 * initialised, so a process using these tokens sets that variable first.
 */
export function writeSoftHsmConfig(dir: string): string {
  const tokens = path.join(dir, 'tokens');
  fs.mkdirSync(tokens, { recursive: true, mode: 0o700 });
  const conf = path.join(dir, 'softhsm2.conf');
  const text =
    `directories.tokendir = ${tokens}\n` +
    'objectstore.backend = file\n' +
    'log.level = ERROR\n' +
    'slots.removable = false\n';
  if (!fs.existsSync(conf) || fs.readFileSync(conf, 'utf8') !== text)
    fs.writeFileSync(conf, text, { mode: 0o600 });
  return conf;
}

/** The labels of the initialised tokens of a SoftHSM2 configuration. */
export function softHsmTokenLabels(conf: string): string[] {
  const out = execFileSync(SOFTHSM_UTIL, ['--show-slots'], {
    env: { ...process.env, SOFTHSM2_CONF: conf },
    encoding: 'utf8',
  });
  return [...out.matchAll(/^\s*Label:\s*(.*?)\s*$/gm)].map((m) => m[1]).filter((l) => l !== '');
}

/**
 * Initialises a new SoftHSM2 token in the first free slot (softhsm2-util --init-token --free)
 * with its label, user PIN and security officer PIN. A PIN must be 4 to 255 characters.
 */
export function initSoftHsmToken(
  conf: string,
  token: { label: string; pin: string; soPin: string },
): void {
  if (!fs.existsSync(SOFTHSM_MODULE))
    throw new Error(
      `SoftHSM2 is not installed (${SOFTHSM_MODULE} is missing): apt-get install softhsm2`,
    );
  execFileSync(
    SOFTHSM_UTIL,
    ['--init-token', '--free', '--label', token.label, '--pin', token.pin, '--so-pin', token.soPin],
    { env: { ...process.env, SOFTHSM2_CONF: conf }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
}
