#!/usr/bin/env node
// Bundles each package on a service's start path into one module, after `tsc -b`:
//   node scripts/bundle-packages.mjs          (npm run build, npm test, npm run bench do it)
//
// Why: Node compiles, resolves and links every ES module on its own (~0.5 ms each at start-up);
// the SDK, the Prometheus plug-in, the engine and the plug-in contract are ~90 modules of their own
// before a service answers its first scrape (issue 13, bench section "Cold start").
//
// What: `dist/index.js`, tsc's entry point, is replaced by a bundle of the package's own modules
// (rolldown, the bundler vitest already uses). Every bare import (`@opentelemetry/*`, the other
// `@meterline/*` packages, `node:*`) stays an import, so each class still exists once per process;
// the one exception is zod, see `inlined` below. Code loaded on demand (`import('./cluster/…')`)
// becomes a chunk in `dist/chunks/`, loaded on demand as before. tsc's other outputs stay: the
// `.d.ts` files are the packages' types, the per-module `.js` files what the next bundle is made
// of.
//
// Without comments and whitespace (names and code as tsc wrote them: no mangling, no rewriting).
// V8 scans a script's every character at load and again for each function at its first call, and
// the doc comments were a third of the bytes: 4-6 ms less CPU to the first answered scrape (spawn
// to scrape, 30 alternating rounds, CPU time of the service's threads from /proc), 144 -> 135 ms
// in wall time (`node bench/run.mjs --only cold-start` shows the wall time, section 6). Stack
// traces still name every function; `node --enable-source-maps` maps them to tsc's per-module
// files, as the source maps beside each bundle always did.
//
// Never stale: the package's `tsconfig.tsbuildinfo` is deleted with the bundle, so the next
// `tsc -b` re-emits the whole package, `dist/index.js` included (unbundled, correct, just slower to
// load) until this script runs again. A bundle is only ever made from tsc's output of the same
// sources.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The packages a service loads before it listens: `@meterline/sdk` and what it pulls in. */
const PACKAGES = ['plugin', 'engine', 'sdk', 'exporter-prometheus'];
/**
 * zod goes into `@meterline/plugin`'s bundle (the parts it uses: one module, where zod's own entry
 * loads 71, 48 of them locales); the other packages take `z` from `@meterline/plugin`, so Meterline
 * holds one copy. See packages/plugin/src/config/zod.ts, and `zodOnFirstUse` below.
 */
const inlined = (pkg, id) => pkg === 'plugin' && (id === 'zod' || id.startsWith('zod/'));
/** The virtual module of zod's own file in `@meterline/plugin`'s bundle, `dist/zod-module.js`. */
const ZOD_MODULE = '\0meterline:zod-module';
const BANNER = '// Bundled by scripts/bundle-packages.mjs from the tsc output of this package.';

for (const name of PACKAGES) {
  const dist = join(root, 'packages', name, 'dist');
  const entry = join(dist, 'index.js');
  if (!existsSync(entry)) {
    console.error(`bundle-packages: ${entry} is missing: run \`tsc -b\` first`);
    process.exit(1);
  }
  // Already bundled: tsc has not rebuilt the package since.
  if (readFileSync(entry, 'utf8').startsWith(BANNER)) continue;
  const bundle = await rolldown({
    // `@meterline/plugin`'s second entry is zod, `dist/zod-module.js`: see `zodOnFirstUse`.
    input: name === 'plugin' ? { index: entry, 'zod-module': ZOD_MODULE } : entry,
    platform: 'node',
    // Only the package's own relative modules go in; everything named by a bare specifier stays
    // external (one copy per process of every dependency and sibling package).
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !inlined(name, id),
    plugins: name === 'plugin' ? [zodOnFirstUse(dist), zodLocalesOnDemand()] : [],
    logLevel: 'warn',
  });
  const { output } = await bundle.generate({
    dir: dist,
    format: 'esm',
    // zod's licence goes with the file that carries its code. After minification, which keeps no
    // comment.
    postBanner: (chunk) =>
      chunk.name === 'zod-module' ? `${BANNER}\n${zodLicense(dist)}` : BANNER,
    comments: false,
    minify: { compress: false, mangle: false, codegen: { removeWhitespace: true } },
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    // Maps a bundle's lines back to tsc's module files (stack traces with --enable-source-maps;
    // the benchmark's profile summary attributes samples to the engine's files through it).
    sourcemap: true,
    sourcemapExcludeSources: true,
  });
  await bundle.close();
  rmSync(join(dist, 'chunks'), { recursive: true, force: true });
  // The bundle takes tsc's place; tsc must rebuild the package before the next bundle.
  rmSync(join(dist, '..', 'tsconfig.tsbuildinfo'), { force: true });
  // The entry last: until it is replaced, dist/index.js is still tsc's, which needs no chunk.
  const files = output.filter((o) => o.type === 'chunk');
  files.sort((a, b) => Number(a.fileName === 'index.js') - Number(b.fileName === 'index.js'));
  for (const chunk of files) {
    const file = join(dist, chunk.fileName);
    mkdirSync(dirname(file), { recursive: true });
    writeAtomically(`${file}.map`, chunk.map.toString());
    writeAtomically(file, asciiOnly(chunk.code)); // ends with its sourceMappingURL comment
  }
}

/**
 * zod off a service's start path: in `@meterline/plugin`'s bundle, zod is a file of its own,
 * `dist/zod-module.js`, and `z` (tsc's `dist/config/zod.js`, `export { z } from 'zod'`) becomes a
 * stand-in that loads it at its first use, with `require` (an ES module without top-level await
 * loads synchronously, Node >= 22.12), so `z.object(…)` works as before. A configuration every
 * section of which is plainly valid is checked without zod (the SDK's and the plug-ins'
 * `quickParse`), so a service started with one never loads zod: its ~200 KB of code and the set-up
 * of its classes, 7-9 ms of the cold start (bench section "Cold start").
 */
function zodOnFirstUse(dist) {
  const zodJs = join(dist, 'config', 'zod.js');
  const standIn = join(dist, 'config', 'on-first-use.js');
  if (!/^export \{ z \} from 'zod';$/m.test(readFileSync(zodJs, 'utf8')) || !existsSync(standIn)) {
    throw new Error(`bundle-packages: ${zodJs} changed shape: update zodOnFirstUse`);
  }
  return {
    name: 'meterline:zod-on-first-use',
    resolveId(source, importer) {
      if (source === ZOD_MODULE) return ZOD_MODULE;
      // The virtual module's `zod` is the one tsc's `config/zod.js` imports.
      if (importer === ZOD_MODULE) return this.resolve(source, zodJs, { skipSelf: true });
      return null;
    },
    load(id) {
      if (id === ZOD_MODULE) return "export { z } from 'zod';";
      if (id !== zodJs) return null;
      return [
        "const { createRequire } = process.getBuiltinModule('node:module');",
        `import { onFirstUse } from ${JSON.stringify(standIn)};`,
        "export const z = onFirstUse(() => createRequire(import.meta.url)('./zod-module.js').z);",
      ].join('\n');
    },
  };
}

/**
 * zod's `z.locales`: its 48 translations of the error messages are half the code zod bundles into
 * `@meterline/plugin` (~180 KB of 390 KB), and their scripts make V8 hold the whole module's
 * source as two-byte text, all to set up what no Meterline package uses (zod itself loads `en`,
 * which stays bundled). In their place, `z.locales.<name>()` loads zod's own copy of that locale
 * (its CommonJS build, through `require`) at its first call: the same function, on demand. (zod
 * exports them twice, as `z.locales` and `z.core.locales`: both are this module.)
 */
function zodLocalesOnDemand() {
  const STUB = '\0meterline:zod-locales';
  return {
    name: 'meterline:zod-locales-on-demand',
    resolveId(source, importer) {
      if (
        source === '../locales/index.js' &&
        /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(importer ?? '')
      ) {
        return STUB;
      }
      return null;
    },
    load(id) {
      if (id !== STUB) return null;
      const zodRoot = dirname(
        createRequire(join(root, 'packages', 'plugin', 'package.json')).resolve('zod'),
      );
      const index = readFileSync(join(zodRoot, 'v4', 'locales', 'index.js'), 'utf8');
      const names = [...index.matchAll(/export \{ default as (\w+) \} from "\.\/([\w-]+)\.js";/g)];
      if (names.length < 40 || !names.some(([, n]) => n === 'en')) {
        throw new Error(
          `bundle-packages: zod's locales/index.js changed shape (${names.length} locales found)`,
        );
      }
      const lines = [
        "const { createRequire } = process.getBuiltinModule('node:module');",
        `import en from ${JSON.stringify(join(zodRoot, 'v4', 'locales', 'en.js'))};`,
        'let locales;',
        "const load = () => (locales ??= createRequire(import.meta.url)('zod/v4/locales'));",
        'export { en };',
      ];
      for (const [, n] of names) {
        if (n !== 'en')
          lines.push(`export function ${n}(...args) { return load().${n}(...args); }`);
      }
      return lines.join('\n');
    },
  };
}

/**
 * `code` with every character past ASCII written as a `\uXXXX` escape (UTF-16 units, so a pair for
 * a character past U+FFFF): the same strings, templates and regular expressions, and comments that
 * read almost the same. V8 keeps a module's source for as long as the module lives, as one-byte
 * text when it is all Latin-1 and as two-byte text otherwise: one `→` in an error message doubled
 * the memory a bundle's source takes (it is held in old space from start-up on).
 */
function asciiOnly(code) {
  const unit = (c, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return code.replace(/[^\p{ASCII}]/gu, (c) =>
    c.length === 1 ? unit(c, 0) : unit(c, 0) + unit(c, 1),
  );
}

/** zod's licence (MIT), which a copy of its code carries: a comment under the banner. */
function zodLicense(dist) {
  const zodRoot = dirname(createRequire(join(dist, '..', 'package.json')).resolve('zod'));
  const { version } = JSON.parse(readFileSync(join(zodRoot, 'package.json'), 'utf8'));
  const text = readFileSync(join(zodRoot, 'LICENSE'), 'utf8').trim().replaceAll('*/', '* /');
  return `/*! Includes zod ${version} (https://zod.dev):\n\n${text}\n*/`;
}

/** Writes through a temporary file and a rename: a process starting now reads one or the other. */
function writeAtomically(file, text) {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}
