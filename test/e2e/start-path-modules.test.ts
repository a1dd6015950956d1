import { afterEach, describe, expect, it } from 'vitest';
import { startChild, type Child } from '../support/child.js';

// What a service loads before its first answered scrape (issue 13's cold start). The smallest
// Prometheus service (the built packages, in a child process) records every module it loads through
// Node's own module hooks, is scraped once, and prints the list. `@opentelemetry/sdk-metrics` (51
// modules) must not be among them with Meterline's engine: the engine and the Prometheus reader
// state the package's enums themselves and load it only where its code runs. With
// `metrics.engine: sdk` it loads, and serves the same scrape.

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
const scrape = await (await fetch(telemetry.endpoints[0].url)).text();
console.log('SCRAPED ' + JSON.stringify(scrape.split('\\n').filter((l) => l.startsWith('started_total'))));
console.log('LOADED ' + JSON.stringify([...loaded]));
await telemetry.shutdown();
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
  expect(await child.exited()).toBe(0);
  return { scraped, loaded: loaded.filter((url) => url.includes('@opentelemetry')) };
}

const sdkMetrics = (url: string) => url.includes('/@opentelemetry/sdk-metrics/');

describe('the modules a Prometheus service loads before its first scrape', () => {
  it('leave out @opentelemetry/sdk-metrics with the Meterline engine', async () => {
    const { scraped, loaded } = await startPath('meterline');
    expect(scraped).toEqual(['started_total{otel_scope_name="start-path"} 1']);
    // The packages it does load (the API, resource detection and what that needs).
    expect(loaded.some((url) => url.includes('/@opentelemetry/api/'))).toBe(true);
    expect(loaded.some((url) => url.includes('/@opentelemetry/resources/'))).toBe(true);
    expect(loaded.filter(sdkMetrics)).toEqual([]);
  });

  it('load it with metrics.engine: sdk, which runs its meter provider', async () => {
    const { scraped, loaded } = await startPath('sdk');
    expect(scraped).toEqual(['started_total{otel_scope_name="start-path"} 1']);
    expect(loaded.filter(sdkMetrics).length).toBeGreaterThan(10);
  });
});
