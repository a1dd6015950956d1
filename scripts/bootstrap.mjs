#!/usr/bin/env node
// Makes a fresh clone runnable with only Node and npm, whatever Node that is:
//
//   node scripts/bootstrap.mjs [run <npm-script> [args...]]
//
// 1. Node. Meterline needs Node >= 22.15 (the OpenTelemetry JS 3.x line). When the running Node is
//    older, the pinned Node 24 LTS (`.node-version`) is provisioned into `.cache/node/` from the npm
//    registry package `node-<platform>-<arch>` (third-party packaging of the official builds; npm
//    checks its integrity) and everything below runs under it. One line says so. A second run finds
//    it in place and touches no network. `METERLINE_NODE=22` (or 24) picks that LTS line's pinned
//    release even when the running Node is new enough: CI runs the suites on both lines this way.
// 2. Dependencies. Installs the workspace with the pinned pnpm (through npx, since corepack cannot
//    verify signatures here) when node_modules is missing or older than the lockfile, then drops the
//    TypeScript build-info files so the next `tsc -b` rebuilds against the new dependencies (it
//    otherwise reports everything up to date).
// 3. `run <script>`: runs `npm run <script>` under the chosen Node (first on PATH), forwarding
//    SIGINT/SIGTERM/SIGHUP, and exits with its status.
// Written for any Node >= 18, since it is what runs first on an old machine.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MINIMUM = [22, 15, 0];
/** The release provisioned for each supported LTS line; `.node-version` names the default one. */
const PINNED = { 22: '22.23.5', 24: readFileSync(join(root, '.node-version'), 'utf8').trim() };

function say(message) {
  console.error(`bootstrap: ${message}`);
}
function fail(message, code = 1) {
  say(message);
  process.exit(code);
}
function parse(version) {
  return version.replace(/^v/, '').split('.').map(Number);
}
function atLeast(version, minimum) {
  for (let i = 0; i < 3; i++) {
    if ((version[i] ?? 0) !== minimum[i]) return (version[i] ?? 0) > minimum[i];
  }
  return true;
}

// ------------------------------------------------------------------------------------------ Node
const cacheRoot = process.env.METERLINE_CACHE ?? join(root, '.cache');

/** The Node binary to run under: this one, or a provisioned pinned release. */
function chooseNode() {
  const current = process.versions.node;
  const line = process.env.METERLINE_NODE;
  if (line !== undefined && line !== '') {
    const pinned = PINNED[line];
    if (pinned === undefined) {
      fail(
        `METERLINE_NODE=${line} is not a supported line (use one of: ${Object.keys(PINNED).join(', ')})`,
      );
    }
    if (current === pinned) return { node: process.execPath, version: current };
    return { node: provisionNode(pinned, `METERLINE_NODE=${line}`), version: pinned };
  }
  if (atLeast(parse(current), MINIMUM)) return { node: process.execPath, version: current };
  const pinned = PINNED[24];
  const reason = `Node ${current} is older than the ${MINIMUM.join('.')} Meterline needs`;
  return { node: provisionNode(pinned, reason), version: pinned };
}

/** Path of `bin/node` of the given release in the cache, downloading it the first time. */
function provisionNode(version, reason) {
  const dir = join(cacheRoot, 'node', `v${version}`);
  const bin = join(dir, 'bin', 'node');
  const shown = relative(root, dir) || dir;
  if (existsSync(bin) && runsAs(bin, version)) {
    say(`${reason}; running under Node ${version} (${shown})`);
    return bin;
  }
  const pkg = `node-${process.platform}-${process.arch}@${version}`;
  say(`${reason}; fetching Node ${version} once from the npm registry (${pkg}) into ${shown}`);
  mkdirSync(join(cacheRoot, 'node'), { recursive: true });
  const work = mkdtempSync(join(cacheRoot, 'node', '.fetch-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packed = spawnSync(npm, ['pack', pkg, '--silent', '--pack-destination', work], {
      cwd: work,
      encoding: 'utf8',
    });
    const tarball = packed.status === 0 ? packed.stdout.trim().split('\n').pop() : undefined;
    if (tarball === undefined || !existsSync(join(work, tarball))) {
      fail(
        `cannot fetch ${pkg} from the npm registry (npm pack exit ${packed.status ?? packed.signal}): ` +
          `${(packed.stderr ?? '').trim().split('\n').slice(-3).join(' ')}. ` +
          `Install Node >= ${MINIMUM.join('.')} yourself, or retry when the registry is reachable.`,
      );
    }
    const untar = spawnSync('tar', ['-xzf', tarball, 'package/bin/node'], {
      cwd: work,
      encoding: 'utf8',
    });
    if (untar.status !== 0) fail(`cannot unpack ${tarball}: ${(untar.stderr ?? '').trim()}`);
    const fetched = join(work, 'package', 'bin', 'node');
    if (!runsAs(fetched, version))
      fail(`${pkg} does not run on this machine (${fetched} --version failed)`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(work, 'package'), dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  say(`Node ${version} ready at ${relative(root, bin)}`);
  return bin;
}

function runsAs(bin, version) {
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return out.status === 0 && out.stdout.trim() === `v${version}`;
}

// ---------------------------------------------------------------------------------- dependencies
function installDependencies(env) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const pnpmSpec = pkg.packageManager; // "pnpm@10.x.y"
  const lockfile = join(root, 'pnpm-lock.yaml');
  const stampFile = join(root, 'node_modules', '.meterline-install-stamp');
  const fingerprint = () => {
    const hash = createHash('sha256');
    hash.update(pnpmSpec);
    hash.update(existsSync(lockfile) ? readFileSync(lockfile) : 'no-lockfile');
    return hash.digest('hex');
  };
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === fingerprint()) return;

  const args = ['--yes', pnpmSpec, 'install'];
  if (existsSync(lockfile)) args.push('--frozen-lockfile');
  say(`installing dependencies with ${pnpmSpec} (npx ${args.join(' ')})`);
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const result = spawnSync(npx, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    fail(
      `'${pnpmSpec} install' failed (exit ${result.status ?? result.signal}).`,
      result.status ?? 1,
    );
  }
  // New dependencies: make the next `tsc -b` rebuild instead of trusting stale build info.
  for (const dir of [root, ...packageDirs()]) {
    for (const file of safeReaddir(dir)) if (file.endsWith('.tsbuildinfo')) rmSync(join(dir, file));
    for (const file of safeReaddir(join(dir, 'dist'))) {
      if (file.endsWith('.tsbuildinfo')) rmSync(join(dir, 'dist', file));
    }
  }
  // The lockfile may have been created by this install; stamp what is on disk now.
  writeFileSync(stampFile, fingerprint());
}

function packageDirs() {
  return ['packages', 'bench'].flatMap((top) =>
    top === 'bench'
      ? [join(root, 'bench')]
      : safeReaddir(join(root, top)).map((d) => join(root, top, d)),
  );
}
function safeReaddir(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

// ------------------------------------------------------------------------------------------ main
const { node } = chooseNode();
const env = { ...process.env };
if (node !== process.execPath) env.PATH = `${dirname(node)}${delimiter}${env.PATH ?? ''}`;
installDependencies(env);

const [verb, script, ...rest] = process.argv.slice(2);
if (verb === undefined) process.exit(0);
if (verb !== 'run' || script === undefined)
  fail('usage: node scripts/bootstrap.mjs [run <npm-script> [args...]]', 2);

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const child = spawn(npm, ['run', script, ...(rest.length ? ['--', ...rest] : [])], {
  cwd: root,
  stdio: 'inherit',
  env,
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on('error', (error) => fail(`cannot run 'npm run ${script}': ${error.message}`));
child.on('exit', (code, signal) => {
  if (signal !== null) {
    // Die of the same signal, as a shell would show it (our forwarding handlers must go first).
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeAllListeners(s);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
