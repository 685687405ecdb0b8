import 'reflect-metadata'; // @peculiar/x509 resolves its parts through tsyringe, which needs it
import { randomBytes, randomInt, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as x509 from '@peculiar/x509';
import { Pkcs11DigestSigner } from '../tokens/pkcs11-digest-signer';
import { Pkcs11Location, Pkcs11TokenError } from '../tokens/pkcs11-session';
import {
  initSoftHsmToken,
  SOFTHSM_MODULE,
  softHsmTokenLabels,
  writeSoftHsmConfig,
} from '../tokens/softhsm';
import {
  generateKeyPairOnToken,
  removeObjectsFromToken,
  storeCertificateOnToken,
} from '../tokens/token-provisioning';
import { certifyPublicKey } from './certify-public-key';
import { DEMO_CERT_NOT_BEFORE, DemoPerson, DemoUnit, ensureDemoPki } from './demo-pki';
import { CertificateAndKey } from './pki';

export interface DemoTokenUnit extends DemoUnit {
  /** `token`: the unit's clerk holds the organisation's token; `approval`: the server's slot holds its key. */
  signingMode: 'token' | 'approval';
}

/** A key in a demo token and its certificate. */
export interface DemoTokenKey {
  tokenLabel: string;
  keyLabel: string;
  certPem: string;
}

export interface DemoTokens {
  /** SOFTHSM2_CONF of the demo tokens (DATA_DIR/softhsm/softhsm2.conf). */
  softhsmConf: string;
  /** The PKCS#11 module (SoftHSM2). */
  module: string;
  /** The user PIN of every demo token (DATA_DIR/softhsm/pin). */
  pin: string;
  /** The demo CA's certificate (the demo CA of ensureDemoPki), to trust. */
  caCertPem: string;
  /** Each person's own token (label = username), key and certificate. */
  users: Map<string, DemoTokenKey>;
  /**
   * Each organisation's key: in its clerk's token (`org-<code>`) for a `token` unit, in the
   * server's organisation slot for an `approval` unit; key label = unit code either way.
   */
  units: Map<string, DemoTokenKey & { signingMode: 'token' | 'approval' }>;
  /** The organisation slot, to configure OrganisationSlotSigner with. */
  orgSlot: Pkcs11Location;
}

/** The token of the server's organisation slot in the demo. */
export const DEMO_ORG_SLOT_LABEL = 'te-org-slot';
/** Certificates expiring within this are replaced. */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

function secretFile(file: string, make: () => string): string {
  try {
    fs.writeFileSync(file, make(), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** Whether the certificate on the token is the demo CA's, for this subject, valid long enough. */
function current(certDer: Buffer, ca: X509Certificate, cn: string, o: string): boolean {
  const cert = new X509Certificate(certDer);
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
  if (new Date(cert.validTo).getTime() - Date.now() < RENEW_BEFORE_MS) return false;
  if (new Date(cert.validFrom).getTime() > DEMO_CERT_NOT_BEFORE.getTime()) return false;
  const name = new x509.X509Certificate(new Uint8Array(certDer)).subjectName;
  return name.getField('CN')[0] === cn && (name.getField('O')[0] ?? '') === o;
}

async function ensureKey(
  where: Pkcs11Location,
  keyLabel: string,
  ca: CertificateAndKey,
  subject: { cn: string; o: string; kind: 'person' | 'organisation' },
): Promise<string> {
  const caX509 = new X509Certificate(ca.certPem);
  // Only a key or certificate that is not there is made anew: any other failure to read the token
  // (another process of the demo reading it at the same time) is tried again, then reported —
  // never answered by replacing a key that exists.
  for (let attempt = 1; ; attempt++) {
    try {
      const der = await Pkcs11DigestSigner.with({ ...where, keyLabel }, (s) => s.certificate());
      if (current(der, caX509, subject.cn, subject.o))
        return new X509Certificate(der).toString().trim() + '\n';
      break;
    } catch (e) {
      const absent =
        e instanceof Pkcs11TokenError && (e.reason === 'no-key' || e.reason === 'no-certificate');
      if (absent) break;
      if (attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
  removeObjectsFromToken(where, keyLabel);
  const spki = generateKeyPairOnToken(where, { keyLabel });
  const certPem = await certifyPublicKey(ca, spki, {
    commonName: subject.cn,
    organization: subject.o,
    kind: subject.kind,
    notBefore: DEMO_CERT_NOT_BEFORE,
  });
  storeCertificateOnToken(where, certPem, { label: keyLabel });
  removeObjectsFromToken(where, 'CA');
  storeCertificateOnToken(where, ca.certPem, { label: 'CA', id: Buffer.from('ca') });
  return certPem;
}

/**
 * The demo's PKCS#11 tokens, in a SoftHSM2 under `dataDir/softhsm` (created once, reused on
 * restart): a token per person (label = username) and per `token`-mode organisation
 * (`org-<code>`, the clerk's), and the server's organisation slot (`te-org-slot`) holding the
 * `approval`-mode organisations' keys. Every key is generated inside its token (never
 * extractable) and certified by the demo CA of `pkiDir`; the certificate is stored beside it.
 * What exists and is still right is kept. Sets SOFTHSM2_CONF of this process to the demo's
 * configuration unless it names one already (SoftHSM reads it when the module is initialised; the
 * locations answered name it themselves). Run it under the seeding's lock.
 */
export async function ensureDemoTokens(
  dataDir: string,
  people: DemoPerson[],
  units: DemoTokenUnit[],
  pkiDir = path.join(dataDir, 'pki'),
): Promise<DemoTokens> {
  const dir = path.join(dataDir, 'softhsm');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const conf = writeSoftHsmConfig(dir);
  // Every location below names `conf`; SOFTHSM2_CONF is also set for whoever uses the demo's
  // tokens later in this process (and its children) — unless it already names another one.
  if (!process.env.SOFTHSM2_CONF) process.env.SOFTHSM2_CONF = conf;
  const pin = secretFile(path.join(dir, 'pin'), () => String(randomInt(10_000_000, 100_000_000)));
  const soPin = secretFile(path.join(dir, 'so-pin'), () => randomBytes(18).toString('base64url'));
  const ca = ensureDemoPki(pkiDir, [], []).ca;

  const existing = new Set(softHsmTokenLabels(conf));
  const token = (label: string): Pkcs11Location => {
    if (!existing.has(label)) {
      initSoftHsmToken(conf, { label, pin, soPin });
      existing.add(label);
    }
    return { module: SOFTHSM_MODULE, tokenLabel: label, pin, softhsmConf: conf };
  };

  const users = new Map<string, DemoTokenKey>();
  for (const p of people) {
    const where = token(p.username);
    const certPem = await ensureKey(where, p.username, ca, {
      cn: p.fullName,
      o: p.unitName,
      kind: 'person',
    });
    users.set(p.username, { tokenLabel: p.username, keyLabel: p.username, certPem });
  }
  const result = new Map<string, DemoTokenKey & { signingMode: 'token' | 'approval' }>();
  for (const u of units) {
    const tokenLabel = u.signingMode === 'token' ? `org-${u.code}` : DEMO_ORG_SLOT_LABEL;
    const where = token(tokenLabel);
    const certPem = await ensureKey(where, u.code, ca, {
      cn: u.name,
      o: u.name,
      kind: 'organisation',
    });
    result.set(u.code, { tokenLabel, keyLabel: u.code, certPem, signingMode: u.signingMode });
  }
  token(DEMO_ORG_SLOT_LABEL);
  return {
    softhsmConf: conf,
    module: SOFTHSM_MODULE,
    pin,
    caCertPem: ca.certPem,
    users,
    units: result,
    orgSlot: { module: SOFTHSM_MODULE, tokenLabel: DEMO_ORG_SLOT_LABEL, pin, softhsmConf: conf },
  };
}
