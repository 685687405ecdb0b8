import { randomBytes, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CertificateAndKey, createCertificateAuthority, issueCertificate, toPkcs12 } from './pki';
import { readPkcs12 } from './pkcs12';
import { certificateInfo, nameField, pemCertificates } from './certificate';

export interface DemoPerson {
  username: string;
  fullName: string;
  unitName: string;
}

export interface DemoUnit {
  code: string;
  name: string;
}

export interface DemoPki {
  /** The demo certificate authority (its key stays in `dir`). */
  ca: CertificateAndKey;
  /** Users' PKCS#12 files by username. */
  p12ByUser: Map<string, Buffer>;
  /** Organisations' PKCS#12 files by unit code. */
  p12ByUnit: Map<string, Buffer>;
  /** The password of every PKCS#12 file of the demo. */
  password: string;
}

export const DEMO_CA_NAME = 'CA thử nghiệm te-reporting (DEMO, không có giá trị pháp lý)';
export const DEMO_CA_ORG = 'te-reporting demo';
/**
 * The demo's certificates are valid from this day, so that the demo history (reports of 2024
 * signed and issued at their own dates) verifies; a demo CA or certificate starting later is replaced.
 */
export const DEMO_CERT_NOT_BEFORE = new Date('2020-01-01T00:00:00Z');
/** Certificates expiring within this are replaced. */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

/** A safe file name for a username or unit code (letters, digits, . _ -; others encoded). */
function fileName(id: string): string {
  if (!id) throw new Error('An empty username or unit code');
  const safe = id.replace(
    /[^A-Za-z0-9._-]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'),
  );
  return safe.startsWith('.') ? '%2e' + safe.slice(1) : safe;
}

/** Creates `file` with `data` unless it exists (atomic: concurrent starts agree on one file). */
function createOnce(file: string, data: string | Buffer, mode: number): void {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, data, { mode });
  try {
    fs.linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Replaces `file` atomically. */
function replace(file: string, data: string | Buffer, mode: number): void {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, data, { mode });
  fs.renameSync(tmp, file);
}

function readCa(file: string): CertificateAndKey {
  const pem = fs.readFileSync(file, 'utf8');
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const key = /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]*?-----END (RSA )?PRIVATE KEY-----/.exec(
    pem,
  )?.[0];
  if (!cert || !key) throw new Error(`${file} does not hold the demo CA certificate and key`);
  return { certPem: cert + '\n', keyPem: key + '\n' };
}

/** Whether `p12` opens, was issued by `ca` to this subject, and is not about to expire. */
function usable(
  p12: Buffer,
  password: string,
  ca: X509Certificate,
  cn: string,
  o: string | undefined,
): boolean {
  try {
    const { certPem } = readPkcs12(p12, password);
    const cert = new X509Certificate(certPem);
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
    if (new Date(cert.validTo).getTime() - Date.now() < RENEW_BEFORE_MS) return false;
    if (new Date(cert.validFrom).getTime() > DEMO_CERT_NOT_BEFORE.getTime()) return false;
    const subject = certificateInfo(pemCertificates(certPem)[0]).subject;
    return nameField(subject, 'CN') === cn && nameField(subject, 'O') === o;
  } catch {
    return false;
  }
}

/**
 * The demo PKI, kept in `dir` (a data directory outside the repository, e.g. DATA_DIR/pki):
 * a demo CA, a certificate for each person (CN = full name, O = unit) and each organisation
 * (CN = O = unit name), each in a PKCS#12 file under one generated password. What exists is
 * reused; what is missing, unreadable, issued by another CA, renamed or expiring is (re)issued.
 * Files: `ca.pem` (CA key + certificate, 0600), `ca.crt` (the CA certificate alone, to trust),
 * `p12-password` (0600), `users/<username>.p12`, `units/<code>.p12`.
 */
export function ensureDemoPki(dir: string, people: DemoPerson[], units: DemoUnit[]): DemoPki {
  fs.mkdirSync(path.join(dir, 'users'), { recursive: true, mode: 0o700 });
  fs.mkdirSync(path.join(dir, 'units'), { recursive: true, mode: 0o700 });
  try {
    fs.chmodSync(dir, 0o700);
  } catch {
    /* not ours to change */
  }

  const passwordFile = path.join(dir, 'p12-password');
  createOnce(passwordFile, randomBytes(18).toString('base64url'), 0o600);
  const password = fs.readFileSync(passwordFile, 'utf8').trim();

  const caFile = path.join(dir, 'ca.pem');
  const newCa = () =>
    createCertificateAuthority({
      commonName: DEMO_CA_NAME,
      organization: DEMO_CA_ORG,
      validYears: 20,
      notBefore: DEMO_CERT_NOT_BEFORE,
    });
  if (!fs.existsSync(caFile)) {
    const ca = newCa();
    createOnce(caFile, ca.keyPem + ca.certPem, 0o600);
  } else if (
    new Date(new X509Certificate(readCa(caFile).certPem).validFrom).getTime() >
    DEMO_CERT_NOT_BEFORE.getTime()
  ) {
    // A demo CA of an earlier version (valid from its creation): replaced, with every certificate it issued.
    const ca = newCa();
    replace(caFile, ca.keyPem + ca.certPem, 0o600);
  }
  const ca = readCa(caFile);
  const caCrt = path.join(dir, 'ca.crt');
  if (!fs.existsSync(caCrt) || fs.readFileSync(caCrt, 'utf8') !== ca.certPem)
    replace(caCrt, ca.certPem, 0o644);
  const caX509 = new X509Certificate(ca.certPem);

  const obtain = (file: string, cn: string, o: string, kind: 'person' | 'organisation'): Buffer => {
    if (fs.existsSync(file)) {
      const existing = fs.readFileSync(file);
      if (usable(existing, password, caX509, cn, o)) return existing;
    }
    const issued = issueCertificate(ca, {
      commonName: cn,
      organization: o,
      kind,
      notBefore: DEMO_CERT_NOT_BEFORE,
    });
    replace(file, toPkcs12(issued.certPem, issued.keyPem, ca.certPem, password, cn), 0o600);
    return fs.readFileSync(file);
  };

  const p12ByUser = new Map<string, Buffer>();
  for (const p of people) {
    p12ByUser.set(
      p.username,
      obtain(
        path.join(dir, 'users', `${fileName(p.username)}.p12`),
        p.fullName,
        p.unitName,
        'person',
      ),
    );
  }
  const p12ByUnit = new Map<string, Buffer>();
  for (const u of units) {
    p12ByUnit.set(
      u.code,
      obtain(path.join(dir, 'units', `${fileName(u.code)}.p12`), u.name, u.name, 'organisation'),
    );
  }
  return { ca, p12ByUser, p12ByUnit, password };
}
