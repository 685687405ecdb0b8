#!/usr/bin/env node
'use strict';
// Installs what the machine lacks: Debian's chromium (PDF rendering, browser tests) and
// poppler-utils (pdftotext/pdfsig, used by the tests to read rendered PDFs) and libnss3-tools
// (certutil, to give pdfsig a trust store with the demo CA), LibreOffice Writer (headless, to
// open the Word copies in the tests), qpdf (checks the structure of incrementally updated PDFs
// in the tests), softhsm2 (a PKCS#11 token in software).
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

const NEEDS = [
  {
    pkg: 'chromium',
    file: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    why: 'rendering PDFs',
  },
  {
    pkg: 'poppler-utils',
    file: '/usr/bin/pdftotext',
    why: 'reading PDFs in the tests (pdftotext, pdfsig)',
  },
  {
    pkg: 'libnss3-tools',
    file: '/usr/bin/certutil',
    why: 'trusting the demo CA when the tests check signatures with pdfsig',
  },
  {
    // Writer without the GUI (the smallest package with `soffice --headless --convert-to pdf`).
    pkg: 'libreoffice-writer-nogui',
    file: '/usr/bin/soffice',
    why: 'opening the Word copies (.docx) in the tests, as a recipient would (soffice --headless --convert-to pdf)',
  },
  {
    pkg: 'softhsm2',
    file: '/usr/lib/softhsm/libsofthsm2.so',
    why: 'a PKCS#11 token in software: the demo keys of heads and organisations, and the tests of signing with a token',
  },
  {
    pkg: 'postgresql-client',
    file: '/usr/bin/pg_restore',
    why: 'pg_dump/pg_restore for backups and the restore check (same major version, 15, as the embedded server)',
  },
  {
    pkg: 'qpdf',
    file: '/usr/bin/qpdf',
    why: 'checking the cross-reference sections of incremental updates in the tests (qpdf --check)',
  },
];

function main() {
  const missing = NEEDS.filter((n) => !fs.existsSync(n.file));
  if (missing.length === 0) return;
  const names = missing.map((m) => m.pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `Missing: ${missing.map((m) => `${m.file} (${m.why})`).join(', ')}.\n` +
        `Install them as root:  apt-get update && apt-get install -y ${names.join(' ')}\n` +
        `or point CHROMIUM_PATH at an installed Chromium.`,
    );
    process.exit(1);
  }
  console.log(`setup: installing ${names.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], {
    stdio: 'inherit',
    env,
  });
}

main();
