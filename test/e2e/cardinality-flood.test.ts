import { afterEach, describe, expect, it } from 'vitest';
import { startChild, type Child } from '../support/child.js';

// A flood of unique attribute values over many collection cycles, against the real endpoint: a
// service (a child process) records 5,000 new values per cycle into one counter and is scraped over
// HTTP after each cycle. With Meterline's engine the served series stay at the cardinality limit
// and the heap stays flat; the SDK's provider (metrics.engine: sdk) holds every value it saw.

const LIMIT = 1000;
const PER_CYCLE = 5000;

const SERVICE = `
import { createServer } from 'node:http';
const { startTelemetry, silentLogger } = await import(process.env.SDK);
const { prometheusExporter } = await import(process.env.EXPORTER);
const telemetry = await startTelemetry({
  plugins: [prometheusExporter],
  logger: silentLogger,
  env: {},
  defaults: { service: { name: 'flood' } },
  config: {
    exporters: { prometheus: { port: 0, host: '127.0.0.1' } },
    metrics: { engine: process.env.ENGINE, cardinalityLimit: ${LIMIT}, runtime: { enabled: false } },
  },
});
const counter = telemetry.meterProvider.getMeter('flood').createCounter('flood.requests');
let cycle = 0;
const control = createServer((req, res) => {
  cycle++;
  for (let i = 0; i < ${PER_CYCLE}; i++) counter.add(1, { user: 'u' + cycle + '-' + i });
  globalThis.gc();
  globalThis.gc();
  res.end(String(process.memoryUsage().heapUsed));
});
control.listen(0, '127.0.0.1', () => {
  console.log('METRICS ' + telemetry.endpoints[0].url);
  console.log('CONTROL http://127.0.0.1:' + control.address().port + '/');
});
process.on('SIGTERM', async () => { control.close(); await telemetry.shutdown(); process.exit(0); });
`;

let child: Child | undefined;
afterEach(async () => {
  await child?.stop();
  child = undefined;
});

async function startService(engine: 'meterline' | 'sdk') {
  child = startChild(process.execPath, ['--expose-gc', '--input-type=module', '-e', SERVICE], {
    env: {
      ...process.env,
      ENGINE: engine,
      SDK: new URL('../../packages/sdk/dist/index.js', import.meta.url).href,
      EXPORTER: new URL('../../packages/exporter-prometheus/dist/index.js', import.meta.url).href,
    },
  });
  const metrics = (await child.waitForOutput(/METRICS (\S+)/))[1]!;
  const control = (await child.waitForOutput(/CONTROL (\S+)/))[1]!;
  return {
    /** Records one cycle of new values; the service's heap after two full GCs. */
    flood: async () => Number(await (await fetch(control)).text()),
    /** Series of the flooded counter in a scrape, and their total. */
    scrape: async () => {
      const lines = (await (await fetch(metrics)).text())
        .split('\n')
        .filter((l) => l.startsWith('flood_requests_total{'));
      return {
        series: lines.length,
        total: lines.reduce((s, l) => s + Number(l.split(' ').at(-1)), 0),
      };
    },
  };
}

describe('a flood of unique attribute values, scraped through the real endpoint', () => {
  it('keeps served series at the limit and the heap flat over 40 cycles (Meterline engine)', async () => {
    const service = await startService('meterline');
    const heap: number[] = [];
    for (let cycle = 1; cycle <= 40; cycle++) {
      heap.push(await service.flood());
      const { series, total } = await service.scrape();
      expect(series, `cycle ${cycle}`).toBe(LIMIT);
      // Nothing is lost: the overflow series carries every measurement past the limit.
      expect(total, `cycle ${cycle}`).toBe(cycle * PER_CYCLE);
    }
    // 175,000 values flooded between cycle 5 and cycle 40; the heap grows by far less than one
    // byte per value (the SDK's provider holds ~500 B per value, below).
    expect(heap[39]! - heap[4]!).toBeLessThan(2 * 1024 * 1024);
  });

  it("grows with every cycle on the SDK's provider (metrics.engine: sdk): what the engine fixes", async () => {
    const service = await startService('sdk');
    let served = 0;
    const heap: number[] = [];
    for (let cycle = 1; cycle <= 6; cycle++) {
      heap.push(await service.flood());
      served = (await service.scrape()).series;
    }
    expect(served).toBeGreaterThan(3 * LIMIT);
    expect(heap[5]! - heap[0]!).toBeGreaterThan(2 * 1024 * 1024);
  });
});
