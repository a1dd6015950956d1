// The cost of exporting 10,000 series: serialization time and payload bytes for OTLP protobuf and
// JSON (raw and gzip), and a full flush (collect, serialize, POST to a loopback receiver) through
// Meterline's `otlp` reader side by side with the stock OTel exporter.
//
//   npx tsc -b packages/exporter-otlp
//   node packages/exporter-otlp/bench/export-10k.mjs [--reps 20]
//
// Series: 6,000 counter points, 2,000 histogram points (13 buckets each), 2,000 gauge points,
// in ten instruments.
// Loopback only; prints min / median / max over the repetitions, after 3 warm-up runs.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { OTLPMetricExporter as StockJson } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as StockProto } from '@opentelemetry/exporter-metrics-otlp-proto';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import {
  MeterProvider,
  MetricReader,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { createOtlpReader } from '../dist/index.js';

const args = process.argv.slice(2);
const i = args.indexOf('--reps');
const REPS = i >= 0 ? Number(args[i + 1]) : 20;
const WARMUP = 3;

class PullReader extends MetricReader {
  onShutdown() {
    return Promise.resolve();
  }
  onForceFlush() {
    return Promise.resolve();
  }
}

/**
 * Records the 10,000 series into `provider`: ten instruments of 1,000 series each, within the
 * SDK's default limit of 2,000 series per instrument.
 */
function record(provider) {
  const meter = provider.getMeter('bench');
  const buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  for (let c = 0; c < 6; c++) {
    const counter = meter.createCounter(`bench_requests_${c}`);
    for (let n = 0; n < 1000; n++) counter.add(n, { route: `/r${n}`, status: '200' });
  }
  for (let h = 0; h < 2; h++) {
    const histogram = meter.createHistogram(`bench_latency_${h}_seconds`, {
      unit: 's',
      advice: { explicitBucketBoundaries: buckets },
    });
    for (let n = 0; n < 1000; n++) histogram.record((n % 100) / 100, { route: `/r${n}` });
  }
  for (let g = 0; g < 2; g++) {
    const gauge = meter.createGauge(`bench_queue_depth_${g}`);
    for (let n = 0; n < 1000; n++) gauge.record(n, { queue: `q${n}` });
  }
}

const stats = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const ms = ({ min, median, max }) =>
  `${min.toFixed(1)} / ${median.toFixed(1)} / ${max.toFixed(1)} ms`;

async function timed(fn) {
  const times = [];
  for (let r = 0; r < WARMUP + REPS; r++) {
    const start = performance.now();
    await fn();
    if (r >= WARMUP) times.push(performance.now() - start);
  }
  return stats(times);
}

// 1. Serialization alone, on one collection.
const source = new PullReader();
const sourceProvider = new MeterProvider({ readers: [source] });
record(sourceProvider);
const { resourceMetrics } = await source.collect();
const points = resourceMetrics.scopeMetrics
  .flatMap((s) => s.metrics)
  .reduce((n, m) => n + m.dataPoints.length, 0);
console.log(`${points} data points, ${REPS} repetitions, min / median / max`);

const collectTime = await timed(() => source.collect());
console.log(`collect                      ${ms(collectTime)}`);
for (const [name, serializer] of [
  ['protobuf', ProtobufMetricsSerializer],
  ['json', JsonMetricsSerializer],
]) {
  const bytes = serializer.serializeRequest(resourceMetrics);
  const time = await timed(() => serializer.serializeRequest(resourceMetrics));
  console.log(
    `serialize ${name.padEnd(9)}          ${ms(time)}   ${bytes.length} bytes, ` +
      `${gzipSync(bytes).length} gzipped`,
  );
}

// 2. A full flush to a loopback receiver, Meterline's reader against the stock exporter.
let received = 0;
const server = createServer((req, res) => {
  req.on('data', (chunk) => (received += chunk.length));
  req.on('end', () => res.end());
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/v1/metrics`;

async function flushTime(makeReader) {
  const reader = await makeReader();
  const provider = new MeterProvider({ readers: [reader] });
  record(provider);
  received = 0;
  const time = await timed(() => provider.forceFlush());
  const perFlush = received / (WARMUP + REPS);
  await provider.shutdown();
  return { time, perFlush };
}

const rows = [];
for (const [protocol, Stock] of [
  ['http/protobuf', StockProto],
  ['http/json', StockJson],
]) {
  const meterline = await flushTime(async () => {
    const otlp = await createOtlpReader({
      otlp: { metricsEndpoint: url, protocol },
      exportIntervalMillis: 3_600_000,
    });
    return otlp.reader;
  });
  const stock = await flushTime(
    () =>
      new PeriodicExportingMetricReader({
        exporter: new Stock({ url }),
        exportIntervalMillis: 3_600_000,
      }),
  );
  rows.push([protocol, meterline, stock]);
  console.log(
    `flush ${protocol.padEnd(13)} meterline ${ms(meterline.time)}  stock ${ms(stock.time)}  ` +
      `ratio ${(meterline.time.median / stock.time.median).toFixed(2)}  ` +
      `${Math.round(meterline.perFlush)} bytes per flush`,
  );
}
server.close();
process.exit(0);
