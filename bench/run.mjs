#!/usr/bin/env node
// Entry point of `npm run bench` (after the workspace is built): compiles the suite
// (bench/src -> bench/dist, incremental) and runs it with the same arguments.
//   node bench/run.mjs            full suite, rewrites docs/performance.md
//   node bench/run.mjs --smoke    every benchmark once at tiny sizes, into .cache/bench/smoke
//   node bench/run.mjs --smoke --out <dir> --only recording,scrape
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const tsc = join(here, '..', 'node_modules', 'typescript', 'bin', 'tsc');
const build = spawnSync(process.execPath, [tsc, '-b', here], { stdio: 'inherit' });
if (build.status !== 0) {
  console.error(`bench: compiling ${here} failed (exit ${build.status ?? build.signal})`);
  process.exit(1);
}
// The packages ship bundled (scripts/bundle-packages.mjs, run by `npm run bench`); measured
// unbundled, start-up figures (the cold-start section) are those of a development build.
const sdkEntry = join(here, '..', 'packages', 'sdk', 'dist', 'index.js');
if (existsSync(sdkEntry) && !readFileSync(sdkEntry, 'utf8').startsWith('// Bundled by')) {
  console.error(
    'bench: packages are not bundled: run `node scripts/bundle-packages.mjs` first for cold-start figures as shipped',
  );
}
const { main } = await import(pathToFileURL(join(here, 'dist', 'main.js')).href);
process.exitCode = await main(process.argv.slice(2));
