import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDetachedCms, DigestSigner, KeyDigestSigner } from '@app/signatures';
import { TEST_ENV } from './pg-env';
import { HttpTestApp } from './test-app';

/** The demo PKI of the test run (global setup): each head's and unit's PKCS#12, held by the signer. */
export function demoPkiDir(): string {
  return path.join(process.env[TEST_ENV.dataDir]!, 'pki');
}

/** What a signer holds on their own computer: their demo .p12 file, opened by the client. */
export function demoSigner(kind: 'users' | 'units', name: string): KeyDigestSigner {
  const dir = demoPkiDir();
  const password = fs.readFileSync(path.join(dir, 'p12-password'), 'utf8').trim();
  return KeyDigestSigner.fromPkcs12(fs.readFileSync(path.join(dir, kind, `${name}.p12`)), password);
}

/**
 * The client side of deferred signing, in this process (what the sign client does with a .p12):
 * reads the report's pending request, signs its digest with `signer` (buildDetachedCms) and
 * returns the CMS → the server's answer.
 */
export async function returnSignature(
  t: HttpTestApp,
  actor: string,
  reportId: string,
  signer: DigestSigner,
  tamper?: (digest: Buffer) => Buffer,
) {
  const auth = await t.auth(actor);
  const req = await t.http().get(`/api/reports/${reportId}/signing-request`).set(auth);
  if (req.status !== 200)
    throw new Error(`signing-request: ${req.status} ${JSON.stringify(req.body)}`);
  const digest = Buffer.from(req.body.digest, 'base64');
  const cms = await buildDetachedCms({ digest: tamper ? tamper(digest) : digest, signer });
  return t
    .http()
    .post(`/api/reports/${reportId}/signatures`)
    .set(auth)
    .send({ requestId: req.body.requestId, cms: cms.toString('base64') });
}

/** The demo signer of a pending request: the head's own file, or the unit's (the clerk's token). */
export async function demoSignerFor(
  t: HttpTestApp,
  actor: string,
  report: { orgUnitId: string; pendingSignature: { role: string } },
): Promise<KeyDigestSigner> {
  if (report.pendingSignature.role === 'head') return demoSigner('users', actor);
  const units = await t
    .http()
    .get('/api/org-units')
    .set(await t.auth(actor));
  const unit = units.body.find((u: { id: string }) => u.id === report.orgUnitId);
  return demoSigner('units', unit.code);
}
