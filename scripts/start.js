#!/usr/bin/env node
'use strict';
// `npm start`: make sure the machine has what it needs, build dist/ when the sources are newer,
// then run the server. Several processes may start at once: the build is serialised by a lock file.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.build-stamp');

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const d of ['apps', 'libs', 'migrations']) walk(path.join(root, d));
  return newest;
}

function isStale() {
  if (!fs.existsSync(stamp)) return true;
  return newestSource() > fs.statSync(stamp).mtimeMs;
}

async function withLock(file, fn) {
  const deadline = Date.now() + 120000;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(file, 'utf8')) || 0;
      let alive = false;
      try {
        if (holder) {
          process.kill(holder, 0);
          alive = true;
        }
      } catch {
        alive = false; // no such process: the lock is stale
      }
      if (!alive) fs.rmSync(file, { force: true });
      else if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${file}`, { cause: e });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Builds dist/ when the sources are newer than the last build (one process at a time). */
async function ensureBuilt() {
  if (isStale()) {
    await withLock(path.join(root, '.build.lock'), async () => {
      if (!isStale()) return;
      const { build } = require('./build');
      await build();
    });
  }
  return dist;
}

async function main() {
  require('./setup');
  await ensureBuilt();
  require(path.join(dist, 'apps/api/src/main.js'));
}

module.exports = { ensureBuilt };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
