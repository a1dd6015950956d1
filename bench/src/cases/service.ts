// Child: a minimal `node:http` service on a free loopback port. Each request answers `ok` and,
// unless the variant is `none`, increments a request counter and records its latency in a
// histogram, both with method, route and status code. MARK_PATH reports CPU time and counts.
// `meterline` turns Meterline's default runtime metrics off (recording cost only, like the
// peers); `meterline-runtime` keeps them, as shipped.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MARK_PATH, type ServiceArgs, type ServiceMark } from '../case-types.js';
import { LISTENING_PREFIX, readArgs, runChild } from '../child-io.js';
import { sumSamples } from '../exposition.js';
import { otelInstruments, promInstruments, startMeterline, startStockOtel } from '../setups.js';
import { COUNTER_EXPOSED } from '../workload.js';

type RecordFn = (method: string, seconds: number) => void;

async function instrument(variant: ServiceArgs['variant']) {
  if (variant === 'none') return { record: undefined, counted: async () => -1 };
  if (variant === 'prom-client') {
    const { registry, counter, histogram } = promInstruments();
    const record: RecordFn = (method, seconds) => {
      const labels = { method, route: '/hello', status_code: '200' };
      counter.inc(labels);
      histogram.observe(labels, seconds);
    };
    return { record, counted: async () => sumSamples(await registry.metrics(), COUNTER_EXPOSED) };
  }
  const setup =
    variant === 'otel'
      ? startStockOtel()
      : await startMeterline({ runtimeMetrics: variant === 'meterline-runtime' });
  const { counter, histogram } = otelInstruments(setup.meter);
  const record: RecordFn = (method, seconds) => {
    const attributes = { method, route: '/hello', status_code: '200' };
    counter.add(1, attributes);
    histogram.record(seconds, attributes);
  };
  return { record, counted: async () => sumSamples(await setup.exposition(), COUNTER_EXPOSED) };
}

runChild(async () => {
  const { variant } = readArgs<ServiceArgs>();
  const { record, counted } = await instrument(variant);
  let requests = 0;
  const server = createServer((req, res) => {
    if (req.url?.startsWith(MARK_PATH)) {
      const cpu = process.cpuUsage();
      const mark = (recorded: number): ServiceMark => ({
        cpuMicros: cpu.user + cpu.system,
        requests,
        at: performance.now(),
        recorded,
      });
      const answer = (m: ServiceMark) => res.end(JSON.stringify(m));
      if (req.url.includes('?check')) void counted().then((n) => answer(mark(n)));
      else answer(mark(-1));
      return;
    }
    const start = record ? performance.now() : 0;
    res.setHeader('content-type', 'text/plain');
    res.end('ok\n');
    requests++;
    record?.(req.method ?? 'GET', (performance.now() - start) / 1000);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${LISTENING_PREFIX}http://127.0.0.1:${port}\n`);
  // Runs until the suite kills it; a bound so a lost parent cannot leave it behind.
  await new Promise((resolve) => setTimeout(resolve, 600_000));
});
