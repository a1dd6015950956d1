import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startChild, type Child } from '../support/child.js';

// What a service loads before its first answered scrape (issue 13's cold start). The smallest
// Prometheus service (the built packages, in a child process) records every module it loads through
// Node's own module hooks, is scraped once, and prints the list. `@opentelemetry/sdk-metrics` (51
// modules) must not be among them with Meterline's engine: the engine and the Prometheus reader
// state the package's enums themselves and load it only where its code runs. With
// `metrics.engine: sdk` it loads, and serves the same scrape. Nor `@opentelemetry/resources`,
// `@opentelemetry/core` and `@opentelemetry/semantic-conventions` (about 55 modules, ~50 ms): the
// engine and the SDK build the resource and detect host and process themselves. Nor zod (the bundled
// `@meterline/plugin`'s `dist/zod-module.js`, ~200 KB): a configuration as plainly valid as this
// one is checked without it, and the package loads it at the first use of `z`. Nor node:crypto, nor
// node:fs/promises and readline (what an ES import of node:fs brings): see the test's comment.

const SERVICE = `
import { registerHooks } from 'node:module';
const loaded = new Set();
registerHooks({ load(url, context, next) { loaded.add(url); return next(url, context); } });
const { startTelemetry, silentLogger } = await import(process.env.SDK);
const { prometheusExporter } = await import(process.env.EXPORTER);
const telemetry = await startTelemetry({
  plugins: [prometheusExporter],
  logger: silentLogger,
  env: {},
  defaults: { service: { name: 'start-path' } },
  config: { exporters: { prometheus: { port: 0 } }, metrics: { engine: process.env.ENGINE } },
});
telemetry.meterProvider.getMeter('start-path').createCounter('started').add(1);
// node:http's client, not fetch: fetch is undici, which loads node:crypto itself.
const scrape = await new Promise((resolve, reject) => {
  process.getBuiltinModule('node:http').get(telemetry.endpoints[0].url, (res) => {
    let body = '';
    res.setEncoding('utf8').on('data', (d) => (body += d)).on('end', () => resolve(body));
  }).on('error', reject);
});
console.log('SCRAPED ' + JSON.stringify(scrape.split('\\n').filter((l) => l.startsWith('started_total'))));
console.log('LOADED ' + JSON.stringify([...loaded]));
console.log('BUILTINS ' + JSON.stringify(process.moduleLoadList.filter((m) => m.startsWith('NativeModule '))));
await telemetry.shutdown();
`;

// The same packages with a port zod must judge: the bundled `z` loads zod then, and the schema's
// message reaches the user; `z` (@meterline/plugin) and `portSchema` (the SDK) work as zod's own.
const INVALID = `
import { registerHooks } from 'node:module';
const loaded = new Set();
registerHooks({ load(url, context, next) { loaded.add(url); return next(url, context); } });
const { startTelemetry, silentLogger, portSchema } = await import(process.env.SDK);
const { z } = await import(process.env.PLUGIN);
const { prometheusExporter } = await import(process.env.EXPORTER);
const error = await startTelemetry({
  plugins: [prometheusExporter],
  logger: silentLogger,
  env: {},
  config: { exporters: { prometheus: { port: 'x' } } },
}).then(() => undefined, (e) => e.message);
console.log('ERROR ' + JSON.stringify(error));
const schema = z.object({ port: portSchema, other: portSchema.optional() });
console.log('PARSED ' + JSON.stringify([schema.safeParse({ port: 9 }).success, schema.safeParse({ port: -1 }).error?.issues[0]?.message]));
console.log('LOADED ' + JSON.stringify([...loaded]));
`;

let child: Child | undefined;
afterEach(async () => {
  await child?.stop();
  child = undefined;
});

async function startPath(engine: 'meterline' | 'sdk') {
  child = startChild(process.execPath, ['--input-type=module', '-e', SERVICE], {
    env: {
      ...process.env,
      ENGINE: engine,
      SDK: new URL('../../packages/sdk/dist/index.js', import.meta.url).href,
      EXPORTER: new URL('../../packages/exporter-prometheus/dist/index.js', import.meta.url).href,
    },
  });
  const scraped = JSON.parse((await child.waitForOutput(/SCRAPED (.+)/))[1]!) as string[];
  const loaded = JSON.parse((await child.waitForOutput(/LOADED (.+)/))[1]!) as string[];
  const builtins = JSON.parse((await child.waitForOutput(/BUILTINS (.+)/))[1]!) as string[];
  expect(await child.exited()).toBe(0);
  return {
    scraped,
    loaded: loaded.filter((url) => url.includes('@opentelemetry')),
    zod: loaded.filter(isZod),
    builtins: builtins.map((m) => m.slice('NativeModule '.length)),
  };
}

const sdkMetrics = (url: string) => url.includes('/@opentelemetry/sdk-metrics/');
const resourcePackages = (url: string) =>
  ['resources', 'core', 'semantic-conventions'].some((name) =>
    url.includes(`/@opentelemetry/${name}/`),
  );
/**
 * A module that is or carries zod: zod's own files, or a bundle with zod in it (bundled, zod is a
 * file of `@meterline/plugin`'s). Told by the name of zod's base schema class as a string, which
 * every copy has (quoted `"…"` in zod's files, `` `…` `` in the minified bundle).
 */
const isZod = (url: string) =>
  url.startsWith('file:') && /["'`]\$ZodType["'`]/.test(readFileSync(fileURLToPath(url), 'utf8'));

describe('the modules a Prometheus service loads before its first scrape', () => {
  it('leave out @opentelemetry/sdk-metrics with the Meterline engine', async () => {
    const { scraped, loaded } = await startPath('meterline');
    expect(scraped).toEqual(['started_total{otel_scope_name="start-path"} 1']);
    // The one package it does load: the API.
    expect(loaded.some((url) => url.includes('/@opentelemetry/api/'))).toBe(true);
    expect(loaded.filter(sdkMetrics)).toEqual([]);
    // Nor resource detection's packages: the engine and the SDK state the resource, host and
    // process detection and millisToHrTime themselves (held to the library by differential tests).
    expect(loaded.filter(resourcePackages)).toEqual([]);
  });

  it('leave out node:crypto and what an ES import of node:fs pulls in', async () => {
    // Built-ins come through process.getBuiltinModule: an ES import builds the module's namespace,
    // reading every export, and node:fs's `promises`, streams and `Dir` getters load fs/promises,
    // readline and file streams (about 5 ms). The default service.instance.id is drawn from
    // /dev/urandom, not crypto.randomUUID (node:crypto: about 40 modules, 7-10 ms).
    const { scraped, builtins } = await startPath('meterline');
    expect(scraped).toEqual(['started_total{otel_scope_name="start-path"} 1']);
    expect(builtins).toContain('http');
    expect(builtins).toContain('zlib');
    const unwanted = ['crypto', 'internal/crypto/webcrypto', 'fs/promises', 'internal/fs/streams'];
    expect(
      builtins.filter((m) => unwanted.includes(m) || m.startsWith('internal/readline/')),
    ).toEqual([]);
  });

  it('leave out zod when the configuration is plainly valid', async () => {
    // Only the bundle loads zod on demand; tsc's own output of the package imports it at start.
    const plugin = new URL('../../packages/plugin/dist/index.js', import.meta.url);
    expect(
      readFileSync(plugin, 'utf8').startsWith('// Bundled by scripts/bundle-packages.mjs'),
      'packages/plugin/dist/index.js is not bundled: run `node scripts/bundle-packages.mjs`',
    ).toBe(true);
    const { scraped, zod } = await startPath('meterline');
    expect(scraped).toEqual(['started_total{otel_scope_name="start-path"} 1']);
    expect(zod).toEqual([]);
  });

  it('load it with metrics.engine: sdk, which runs its meter provider', async () => {
    const { scraped, loaded } = await startPath('sdk');
    expect(scraped).toEqual(['started_total{otel_scope_name="start-path"} 1']);
    expect(loaded.filter(sdkMetrics).length).toBeGreaterThan(10);
  });

  it('load it at the first use of z, which then works as zod', async () => {
    child = startChild(process.execPath, ['--input-type=module', '-e', INVALID], {
      env: {
        ...process.env,
        SDK: new URL('../../packages/sdk/dist/index.js', import.meta.url).href,
        PLUGIN: new URL('../../packages/plugin/dist/index.js', import.meta.url).href,
        EXPORTER: new URL('../../packages/exporter-prometheus/dist/index.js', import.meta.url).href,
      },
    });
    const error = JSON.parse((await child.waitForOutput(/ERROR (.+)/))[1]!) as string;
    const parsed = JSON.parse((await child.waitForOutput(/PARSED (.+)/))[1]!) as unknown[];
    const loaded = JSON.parse((await child.waitForOutput(/LOADED (.+)/))[1]!) as string[];
    expect(await child.exited()).toBe(0);
    expect(error).toContain('exporters.prometheus.port');
    expect(error).toContain('expected a port number (an integer 0-65535)');
    expect(parsed).toEqual([true, 'expected a port number (an integer 0-65535)']);
    expect(loaded.filter(isZod).length).toBeGreaterThan(0);
  });
});
