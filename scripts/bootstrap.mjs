#!/usr/bin/env node
// Makes a fresh clone runnable with only Node and npm: checks the Node version, then installs the
// workspace with the pinned pnpm (through npx, since corepack cannot verify signatures here) when
// node_modules is missing or older than the lockfile. Idempotent and quiet when nothing changed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 6)) {
  console.error(
    `bootstrap: Node ${process.versions.node} is too old; Meterline needs Node >= 20.6.`,
  );
  process.exit(1);
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmSpec = pkg.packageManager; // "pnpm@10.x.y"
const lockfile = join(root, 'pnpm-lock.yaml');
const stampFile = join(root, 'node_modules', '.meterline-install-stamp');

function fingerprint() {
  const hash = createHash('sha256');
  hash.update(pnpmSpec);
  hash.update(existsSync(lockfile) ? readFileSync(lockfile) : 'no-lockfile');
  return hash.digest('hex');
}

const wanted = fingerprint();
if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted) process.exit(0);

const args = ['--yes', pnpmSpec, 'install'];
if (existsSync(lockfile)) args.push('--frozen-lockfile');
console.error(`bootstrap: installing dependencies with ${pnpmSpec} (npx ${args.join(' ')})`);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const result = spawnSync(npx, args, { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error(
    `bootstrap: '${pnpmSpec} install' failed (exit ${result.status ?? result.signal}).`,
  );
  process.exit(result.status ?? 1);
}
// The lockfile may have been created by this install; stamp what is on disk now.
writeFileSync(stampFile, fingerprint());
