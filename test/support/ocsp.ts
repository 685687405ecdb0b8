/**
 * A test certificate authority with real revocation sources on loopback, for signing and
 * verification tests:
 *
 *   const rca = await startRevocationCa();          // CA + `openssl ocsp` responder + CRL server
 *   const good = rca.issue({ commonName: 'Nguyễn Văn A' });            // OCSP says good
 *   const revoked = await rca.issueRevoked({ commonName: 'Trần B' });  // OCSP (and CRL) say revoked
 *   const expired = rca.issue({ commonName: 'C', notBefore: new Date('2021-01-01'), notAfter: new Date('2022-01-01') });
 *   const crlOnly = rca.issue({ commonName: 'D', ocsp: false });       // only a CRL distribution point
 *   await rca.revoke(crlOnly.certPem);                                 // revoke later (OCSP and CRL)
 *   rca.p12(revoked, 'pw')                                             // a .p12 for the sign client
 *   ... trust rca.ca.certPem (POST /api/trust-anchors, or TrustAnchorsRepository.insert) ...
 *   await rca.stop();                                                  // in afterAll
 *
 * Each certificate is a signing certificate (pki.ts issueCertificate: keyUsage digitalSignature +
 * nonRepudiation) whose Authority Information Access names the OCSP responder
 * `http://127.0.0.1:<port>` (Debian's `openssl ocsp`, a child process answering from an index.txt,
 * restarted behind a loopback proxy when the index changed since it reads it only once; its answers
 * have no nextUpdate, so they are reused five minutes) and whose CRL
 * distribution point is `http://127.0.0.1:<port2>/ca.crl` (a node http server serving a CRL signed
 * by the CA, regenerated at each revocation, nextUpdate one hour later). The responder signs with
 * the CA's own key, or (`startRevocationCa(name, {responder: 'delegated'})`) with a responder
 * certificate the CA issued for OCSP signing, or (`'rogue'`) with a self-signed one whose answers
 * must be refused. The CA is valid from 2020-01-01 for 20 years.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createPrivateKey, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as x509 from '../../libs/signatures/src/trust/x509';
import {
  CertificateAndKey,
  IssueCertificateOptions,
  createCertificateAuthority,
  issueCertificate,
  toPkcs12,
} from '@app/signatures';
import { freePort } from './processes';

export interface RevocationCaIssueOptions extends Partial<IssueCertificateOptions> {
  commonName: string;
  /** Name the OCSP responder in the certificate (default true). */
  ocsp?: boolean;
  /** Name the CRL distribution point (default true). */
  crl?: boolean;
}

export interface RevocationCa {
  /** The CA (trust its certPem to make its certificates trusted). */
  ca: CertificateAndKey;
  ocspUrl: string;
  crlUrl: string;
  issue(opts: RevocationCaIssueOptions): CertificateAndKey;
  /** Issued and revoked at once (reason keyCompromise unless given). */
  issueRevoked(opts: RevocationCaIssueOptions, reason?: string): Promise<CertificateAndKey>;
  /** Marks a certificate of this CA revoked now, for OCSP and in the CRL. */
  revoke(certPem: string, reason?: string): Promise<void>;
  /** The CA's current CRL (DER). */
  crlDer(): Promise<Buffer>;
  /** A PKCS#12 of the certificate with the CA certificate. */
  p12(cert: CertificateAndKey, password: string): Buffer;
  /** OCSP requests answered so far (the responder's log). */
  ocspRequests(): number;
  stop(): Promise<void>;
}

const CRL_REASONS: Record<string, number> = {
  unspecified: 0,
  keyCompromise: 1,
  CACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
};

/** openssl's index.txt time: YYMMDDHHMMSSZ. */
const indexTime = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';

/** Waits for the responder to say it listens (a probe connection would hold the one-at-a-time responder). */
async function waitForListening(child: ChildProcess, log: () => string, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (!/waiting for OCSP client connections/.test(log())) {
    if (child.exitCode !== null) throw new Error(`openssl ocsp exited: ${log()}`);
    if (Date.now() > deadline) throw new Error(`openssl ocsp did not start: ${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface RevocationCaOptions {
  /**
   * Who signs the OCSP answers: the CA itself (default); a responder certificate the CA issued
   * with id-kp-OCSPSigning ('delegated'); or a self-signed responder the CA never certified
   * ('rogue': its answers must be refused).
   */
  responder?: 'ca' | 'delegated' | 'rogue';
}

/** A responder certificate and key (PEM files in `dir`), issued by the CA or self-signed. */
async function responderFiles(
  dir: string,
  caX509: x509.X509Certificate,
  caKey: CryptoKey,
  rogue: boolean,
): Promise<{ certPath: string; keyPath: string }> {
  const alg = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const name = rogue ? 'CN=OCSP giả mạo' : `CN=OCSP ${caX509.subjectName.getField('CN')[0] ?? ''}`;
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomBytes(8).toString('hex').replace(/^./, '1'),
      subject: name,
      issuer: rogue ? name : caX509.subjectName,
      notBefore: new Date(Date.now() - 3600_000),
      notAfter: new Date(Date.now() + 365 * 24 * 3600_000),
      publicKey: keys.publicKey,
      signingKey: rogue ? keys.privateKey : caKey,
      signingAlgorithm: alg,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.9']),
      ],
    },
    webcrypto as unknown as Crypto,
  );
  const certPath = path.join(dir, 'responder.pem');
  const keyPath = path.join(dir, 'responder.key');
  fs.writeFileSync(certPath, cert.toString('pem'));
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  fs.writeFileSync(
    keyPath,
    createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({
      type: 'pkcs8',
      format: 'pem',
    }),
    { mode: 0o600 },
  );
  return { certPath, keyPath };
}

export async function startRevocationCa(
  commonName = 'CA thử nghiệm thu hồi (test)',
  opts: RevocationCaOptions = {},
): Promise<RevocationCa> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-ocsp-'));
  const ca = createCertificateAuthority({
    commonName,
    organization: 'te-reporting test',
    notBefore: new Date('2020-01-01T00:00:00Z'),
  });
  const caPath = path.join(dir, 'ca.pem');
  const keyPath = path.join(dir, 'ca.key');
  const indexPath = path.join(dir, 'index.txt');
  fs.writeFileSync(caPath, ca.certPem);
  fs.writeFileSync(keyPath, ca.keyPem, { mode: 0o600 });
  fs.writeFileSync(indexPath, '');
  fs.utimesSync(
    indexPath,
    Math.floor(Date.now() / 1000) - 100000,
    Math.floor(Date.now() / 1000) - 100000,
  );
  fs.writeFileSync(`${indexPath}.attr`, 'unique_subject = no\n');

  const issued = new Map<string, { line: string[]; revokedAt?: Date; reason?: string }>();
  let indexChanged = true;
  const writeIndex = () => {
    fs.writeFileSync(indexPath, [...issued.values()].map((e) => e.line.join('\t') + '\n').join(''));
    indexChanged = true;
  };

  const caKey = await webcrypto.subtle.importKey(
    'pkcs8',
    createPrivateKey(ca.keyPem).export({ type: 'pkcs8', format: 'der' }),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const caX509 = new x509.X509Certificate(ca.certPem);
  let crl: Buffer | undefined;
  const makeCrl = async () => {
    const now = new Date();
    const generated = await x509.X509CrlGenerator.create(
      {
        issuer: caX509.subjectName,
        thisUpdate: new Date(now.getTime() - 60_000),
        nextUpdate: new Date(now.getTime() + 3600_000),
        entries: [...issued.entries()]
          .filter(([, e]) => e.revokedAt)
          .map(([serial, e]) => ({
            serialNumber: serial,
            revocationDate: e.revokedAt!,
            reason: CRL_REASONS[e.reason ?? 'keyCompromise'] ?? 0,
          })),
        signingKey: caKey,
        signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      },
      webcrypto as unknown as Crypto,
    );
    crl = Buffer.from(generated.rawData);
    return crl;
  };
  await makeCrl();

  const signer =
    opts.responder === 'delegated' || opts.responder === 'rogue'
      ? await responderFiles(dir, caX509, caKey, opts.responder === 'rogue')
      : { certPath: caPath, keyPath };

  const crlServer = http.createServer((req, res) => {
    if (req.url === '/ca.crl' && crl) {
      res.writeHead(200, { 'content-type': 'application/pkix-crl' });
      res.end(crl);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => crlServer.listen(0, '127.0.0.1', r));
  const crlUrl = `http://127.0.0.1:${(crlServer.address() as AddressInfo).port}/ca.crl`;

  // `openssl ocsp` reads its index once: it is (re)started on the first request after a change,
  // behind a small proxy on 127.0.0.1 that keeps the URL the certificates name.
  let responder: { child: ChildProcess; port: number } | undefined;
  let log = '';
  let requests = 0;
  const stopResponder = async () => {
    const r = responder;
    responder = undefined;
    if (r && r.child.exitCode === null) {
      r.child.kill('SIGTERM');
      await new Promise((done) => r.child.once('exit', done));
    }
  };
  const startResponder = async () => {
    const port = await freePort();
    log = '';
    const child = spawn(
      'openssl',
      [
        'ocsp',
        '-index',
        indexPath,
        '-port',
        String(port),
        '-rsigner',
        signer.certPath,
        '-rkey',
        signer.keyPath,
      ].concat(['-CA', caPath, '-ignore_err']),
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    await waitForListening(child, () => log);
    responder = { child, port };
  };
  let restarting: Promise<void> = Promise.resolve();
  const proxy = http.createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      requests++;
      restarting = restarting.then(async () => {
        if (indexChanged || !responder) {
          indexChanged = false;
          await stopResponder();
          await startResponder();
        }
      });
      restarting
        .then(
          () =>
            new Promise<void>((done, fail) => {
              const up = http.request(
                { host: '127.0.0.1', port: responder!.port, method: 'POST', path: '/' },
                (answer) => {
                  res.writeHead(answer.statusCode ?? 502, answer.headers);
                  answer.pipe(res);
                  answer.on('end', done);
                },
              );
              up.on('error', fail);
              up.end(Buffer.concat(body));
            }),
        )
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const ocspUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  const serialOf = (certPem: string) => new X509Certificate(certPem).serialNumber.toUpperCase();

  const issue = (opts: RevocationCaIssueOptions): CertificateAndKey => {
    const cert = issueCertificate(ca, {
      kind: 'person',
      ...opts,
      ocspUrl: opts.ocsp === false ? undefined : (opts.ocspUrl ?? ocspUrl),
      crlUrl: opts.crl === false ? undefined : (opts.crlUrl ?? crlUrl),
    });
    const x = new X509Certificate(cert.certPem);
    const serial = serialOf(cert.certPem);
    issued.set(serial, {
      line: ['V', indexTime(new Date(x.validTo)), '', serial, 'unknown', `/CN=${serial}`],
    });
    writeIndex();
    return cert;
  };

  const revoke = async (certPem: string, reason = 'keyCompromise') => {
    const serial = serialOf(certPem);
    const entry = issued.get(serial);
    if (!entry) throw new Error('not a certificate of this CA');
    const now = new Date(Date.now() - 1000);
    entry.revokedAt = now;
    entry.reason = reason;
    entry.line[0] = 'R';
    entry.line[2] = `${indexTime(now)},${reason}`;
    writeIndex();
    await makeCrl();
  };

  return {
    ca,
    ocspUrl,
    crlUrl,
    issue,
    async issueRevoked(opts, reason) {
      const cert = issue(opts);
      await revoke(cert.certPem, reason);
      return cert;
    },
    revoke,
    crlDer: async () => crl ?? makeCrl(),
    p12: (cert, password) => toPkcs12(cert.certPem, cert.keyPem, ca.certPem, password),
    ocspRequests: () => requests,
    async stop() {
      await restarting.catch(() => undefined);
      await stopResponder();
      await new Promise((r) => proxy.close(r));
      await new Promise((r) => crlServer.close(r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
