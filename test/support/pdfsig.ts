import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * An NSS database in `dir` (created) trusting `caPem` as a certificate authority — the S/MIME trust
 * flag is the one NSS, and so pdfsig, checks for a document signer. Answers the directory.
 */
export function trustingNssDb(dir: string, caPem: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const ca = path.join(dir, 'ca.crt');
  fs.writeFileSync(ca, caPem);
  certutil(['-N', '-d', `sql:${dir}`, '--empty-password']);
  certutil(['-A', '-d', `sql:${dir}`, '-n', 'demo CA', '-t', 'C,C,C', '-i', ca]);
  return dir;
}

/** pdfsig's report of a PDF checked against the NSS database `nssDir`, one text block per signature. */
export function pdfsigBlocks(pdf: Buffer, nssDir: string): string[] {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'te-pdfsig-'));
  try {
    const file = path.join(work, 'document.pdf');
    fs.writeFileSync(file, pdf);
    const r = spawnSync('/usr/bin/pdfsig', ['-nssdir', nssDir, file], {
      encoding: 'utf8',
      timeout: 20000,
    });
    return r.stdout.split(/^Signature #\d+:$/m).slice(1);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function certutil(args: string[]): void {
  const r = spawnSync('/usr/bin/certutil', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`certutil ${args[0]}: ${r.stderr || r.error?.message}`);
}
