// Heap and RSS growth of a service pushing OTLP through a long receiver outage, Meterline's
// `otlp` reader side by side with the stock OTel exporter under the same settings.
//
//   npx tsc -b packages/exporter-otlp
//   node --expose-gc packages/exporter-otlp/bench/outage-memory.mjs [--intervals 300] [--reps 3]
//
// Loopback only. Two outages: `refused` (nothing listens on the port) and `hang` (a server
// accepts connections and never answers). Each repetition records into 1,000 series (a counter
// and a histogram) the whole time, exports every 20 ms for `--intervals` intervals, and measures
// heap (after GC) and RSS growth between interval 50 and the end. Prints min / median / max.
import { createServer } from 'node:net';
import { clearInterval, setInterval, setTimeout } from 'node:timers';
import { metrics } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { createOtlpReader } from '../dist/index.js';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const INTERVALS = arg('intervals', 300);
const REPS = arg('reps', 3);
const INTERVAL_MS = 20;
const SERIES = 1000;
const WARMUP = 50;

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc');
  process.exit(2);
}
const gc = () => {
  globalThis.gc();
  globalThis.gc();
};

/** A port nothing listens on, or a server that accepts and never answers. */
async function outage(kind) {
  const sockets = new Set();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.resume(); // read and drop the request, so a client that gives up is seen to close
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const close = () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  if (kind === 'refused') await close();
  return { url: `http://127.0.0.1:${port}/v1/metrics`, close, open: () => sockets.size };
}

async function reader(kind, url) {
  if (kind === 'meterline') {
    const otlp = await createOtlpReader({
      otlp: { metricsEndpoint: url },
      exportIntervalMillis: INTERVAL_MS,
      exportTimeoutMillis: INTERVAL_MS,
    });
    return otlp.reader;
  }
  // The stock exporter with its defaults (10 s request timeout, 30 concurrent exports).
  return new PeriodicExportingMetricReader({
    exporter: new OTLPMetricExporter({ url }),
    exportIntervalMillis: INTERVAL_MS,
    exportTimeoutMillis: INTERVAL_MS,
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function once(exporter, scenario) {
  const target = await outage(scenario);
  const provider = new MeterProvider({ readers: [await reader(exporter, target.url)] });
  // Self-metrics go to the global provider, as in a service.
  metrics.setGlobalMeterProvider(provider);
  const meter = provider.getMeter('bench');
  const counter = meter.createCounter('bench_requests');
  const histogram = meter.createHistogram('bench_latency_seconds', { unit: 's' });
  const attributes = Array.from({ length: SERIES }, (_, i) => ({ route: `/r${i}` }));
  let n = 0;
  const recorder = setInterval(() => {
    for (let i = 0; i < 200; i++) {
      const a = attributes[n++ % SERIES];
      counter.add(1, a);
      histogram.record(0.01, a);
    }
  }, 5);
  await sleep(WARMUP * INTERVAL_MS);
  gc();
  const start = process.memoryUsage();
  let maxOpen = 0;
  for (let i = 0; i < INTERVALS - WARMUP; i++) {
    await sleep(INTERVAL_MS);
    maxOpen = Math.max(maxOpen, target.open());
  }
  gc();
  const end = process.memoryUsage();
  clearInterval(recorder);
  metrics.disable();
  await Promise.race([provider.shutdown().catch(() => {}), sleep(2_000)]);
  await target.close();
  return {
    heap: (end.heapUsed - start.heapUsed) / 1024 / 1024,
    // Request bodies are Buffers: they count here, not in the heap.
    external: (end.external - start.external) / 1024 / 1024,
    rss: (end.rss - start.rss) / 1024 / 1024,
    maxOpen,
  };
}

const stats = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const fmt = ({ min, median, max }) =>
  `${min.toFixed(2)} / ${median.toFixed(2)} / ${max.toFixed(2)}`;

console.log(
  `outage of ${INTERVALS} intervals x ${INTERVAL_MS} ms, ${SERIES} series x 2 instruments, ` +
    `${REPS} repetitions; growth from interval ${WARMUP} to the end, min / median / max`,
);
for (const scenario of ['refused', 'hang']) {
  for (const exporter of ['meterline', 'stock']) {
    const runs = [];
    for (let r = 0; r < REPS; r++) runs.push(await once(exporter, scenario));
    const heap = stats(runs.map((x) => x.heap));
    const external = stats(runs.map((x) => x.external));
    const rss = stats(runs.map((x) => x.rss));
    const open = stats(runs.map((x) => x.maxOpen));
    console.log(
      `${scenario.padEnd(7)} ${exporter.padEnd(9)} heap MiB ${fmt(heap)}   ` +
        `external MiB ${fmt(external)}   RSS MiB ${fmt(rss)}` +
        (scenario === 'hang' ? `   open requests (max) ${open.max}` : ''),
    );
  }
}
process.exit(0);
