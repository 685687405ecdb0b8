import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
 * with getenv(): jest gives a test a copy of process.env, whose changes stay in JavaScript.
 * process.loadEnvFile (Node 20.12+) writes to the real one.
 */
function setRealEnv(dir: string, name: string, value: string): void {
  const file = path.join(dir, `${name}.env`);
  fs.writeFileSync(file, `${name}=${JSON.stringify(value)}\n`);
  process.loadEnvFile(file);
  fs.rmSync(file);
  process.env[name] = value;
}

/** SoftHSM's own default configuration, what SOFTHSM2_CONF goes back to. */
const DEFAULT_CONF = '/etc/softhsm/softhsm2.conf';

/**
 * The SoftHSM2 configuration file of this test worker. A variable of the real environment cannot
 * be changed once set (process.loadEnvFile does not override), and jest runs several test files
 * in one worker: so SOFTHSM2_CONF names this file for the worker's whole life, and what it says
 * is changed instead — the demo's tokens (useWorkerSoftHsm with the demo's configuration) or a
 * test's own (startSoftHsm). SoftHSM reads it at each C_Initialize (modules are finalised when
 * no signer uses them).
 */
export function workerSoftHsmConf(): string {
  return path.join(os.tmpdir(), `te-softhsm-worker-${process.pid}.conf`);
}

/** Makes SOFTHSM2_CONF of this process name the worker's file, holding `conf`'s configuration. */
export function useWorkerSoftHsm(conf: string): void {
  const file = workerSoftHsmConf();
  fs.writeFileSync(file, fs.readFileSync(conf, 'utf8'), { mode: 0o600 });
  if (process.env.SOFTHSM2_CONF !== file) setRealEnv(os.tmpdir(), 'SOFTHSM2_CONF', file);
}

/** `dir`: where the configuration and tokens go (default a new temporary folder, removed at close). */
export function startSoftHsm(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-softhsm-'))): SoftHsm {
  const conf = writeSoftHsmConfig(dir);
  const previous = process.env.SOFTHSM2_CONF;
  // SOFTHSM2_CONF names the worker's own file (set once: it cannot be changed afterwards), which
  // says this test's configuration while the test runs.
  if (!previous) setRealEnv(dir, 'SOFTHSM2_CONF', workerSoftHsmConf());
  const shared = !previous || previous === workerSoftHsmConf() ? workerSoftHsmConf() : null;
  const before = shared && fs.existsSync(shared) ? fs.readFileSync(shared, 'utf8') : null;
  if (shared) fs.writeFileSync(shared, fs.readFileSync(conf, 'utf8'), { mode: 0o600 });
  else setRealEnv(dir, 'SOFTHSM2_CONF', conf);
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
      if (shared && before !== null) fs.writeFileSync(shared, before);
      else if (!shared) setRealEnv(dir, 'SOFTHSM2_CONF', previous ?? DEFAULT_CONF);
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
