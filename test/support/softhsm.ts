import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import {
  certifyPublicKey,
  CertifyPublicKeyOptions,
  CertificateAndKey,
  generateKeyPairOnToken,
  initSoftHsmToken,
  Pkcs11Location,
  SOFTHSM_MODULE,
  storeCertificateOnToken,
  writeSoftHsmConfig,
} from '@app/signatures';

export { SOFTHSM_MODULE };

/**
 * A SoftHSM2 of its own for a test: a temporary token directory and configuration, named by
 * SOFTHSM2_CONF in this process while it lives (SoftHSM reads it when the module is initialised;
 * jest runs each test file in its own worker). `env` is what a child process (the sign client,
 * a server) needs to see the same tokens. `close()` restores SOFTHSM2_CONF and removes the files.
 */
export interface SoftHsm {
  dir: string;
  conf: string;
  module: string;
  env: { SOFTHSM2_CONF: string };
  createToken(token: { label: string; pin: string; soPin?: string }): Pkcs11Location;
  close(): void;
}

/**
 * Sets an environment variable in the process's real environment, the one native modules read
 * with getenv(): jest gives a test a copy of process.env (and of process), whose changes stay in
 * JavaScript. `vm.runInThisContext('process')` is the worker's own process object.
 */
function setRealEnv(name: string, value: string | undefined): void {
  for (const env of [(vm.runInThisContext('process') as NodeJS.Process).env, process.env])
    if (value === undefined) delete env[name];
    else env[name] = value;
}

/** `dir`: where the configuration and tokens go (default a new temporary folder, removed at close). */
export function startSoftHsm(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-softhsm-'))): SoftHsm {
  const conf = writeSoftHsmConfig(dir);
  const previous = process.env.SOFTHSM2_CONF;
  setRealEnv('SOFTHSM2_CONF', conf);
  return {
    dir,
    conf,
    module: SOFTHSM_MODULE,
    env: { SOFTHSM2_CONF: conf },
    createToken({ label, pin, soPin }) {
      initSoftHsmToken(conf, { label, pin, soPin: soPin ?? `${pin}-so` });
      return { module: SOFTHSM_MODULE, tokenLabel: label, pin };
    },
    close() {
      setRealEnv('SOFTHSM2_CONF', previous);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A key pair generated inside the token (RSA 2048 unless told, not extractable), its public key
 * certified by `ca`, and the certificate (and the CA's, so the token gives its chain) stored on
 * the token under the key's label and id. Answers the certificate (PEM).
 */
export async function provisionTokenKey(
  where: Pkcs11Location,
  ca: CertificateAndKey,
  opts: CertifyPublicKeyOptions & { keyLabel: string; type?: 'RSA' | 'EC' },
): Promise<string> {
  const spki = generateKeyPairOnToken(where, { keyLabel: opts.keyLabel, type: opts.type });
  const certPem = await certifyPublicKey(ca, spki, opts);
  storeCertificateOnToken(where, certPem, { label: opts.keyLabel });
  storeCertificateOnToken(where, ca.certPem, { label: 'CA', id: Buffer.from('ca') });
  return certPem;
}

/**
 * Makes SOFTHSM2_CONF of this process (its real environment) name `conf`, the demo's SoftHSM2,
 * for a test app that signs with the demo's organisation slot in this process; a test with a
 * SoftHSM2 of its own (startSoftHsm) names its own while it lives.
 */
export function useWorkerSoftHsm(conf: string): void {
  if (process.env.SOFTHSM2_CONF !== conf) setRealEnv('SOFTHSM2_CONF', conf);
}
