// Custom metrics: every metric type, recorded through the OpenTelemetry API.
//
//   node examples/custom-metrics.ts            # serves until Ctrl-C
//   node examples/custom-metrics.ts --once     # records a fixed data set, scrapes itself, prints, exits
//
// The seed's MetricsProvider interface, and what stands for each of its calls here:
//
//   Counter   Inc() Add(v)                 createCounter          add(1)  add(v)
//   Gauge     Set(v)                       createGauge            record(v)
//   Gauge     Inc() Dec() Add(v)           createUpDownCounter    add(1)  add(-1)  add(v)
//   Histogram (buckets)                    createHistogram        record(v), buckets as advice
//   Summary   (objectives)                 createHistogram        record(v), a summary view
//   a custom collector                     createObservableGauge  a callback read at each scrape
//
// A summary is a histogram instrument that a view in the configuration aggregates as a summary
// (quantiles over a sliding window): instrumented code does not change when the choice does.
// `--once` prints the example's lines of the OpenMetrics exposition: counters as `_total`, the
// histogram's `_bucket`s, the summary's `{quantile=…}`, `_sum` and `_count` (the exposition also
// has each series' `_created`, left out of the print as it changes per run). Serving, it keeps
// recording into series of their own (`route="/health"`, `queue="sms"`, …), so the fixed data set
// stays as it was recorded.
import { metrics, ValueType } from '@opentelemetry/api';
import { prometheusExporter } from '@meterline/exporter-prometheus';
import { startTelemetry } from '@meterline/sdk';

const once = process.argv.includes('--once');

const telemetry = await startTelemetry({
  plugins: [prometheusExporter],
  config: {
    service: { name: 'custom-metrics', version: '1.0.0' },
    resource: { detect: false },
    metrics: {
      runtime: { enabled: false },
      views: [
        {
          instrument: 'app.job.duration',
          aggregation: {
            type: 'summary',
            objectives: { 0.5: 0.05, 0.9: 0.01, 0.99: 0.001 },
            maxAgeSeconds: 600,
            ageBuckets: 5,
          },
        },
      ],
    },
    exporters: { prometheus: { port: Number(process.env.OTEL_EXPORTER_PROMETHEUS_PORT ?? 0) } },
  },
});

const meter = metrics.getMeter('example.custom', '1.0.0');

const requests = meter.createCounter('app.requests', {
  description: 'Requests served',
  unit: '{request}',
  valueType: ValueType.INT,
});
const temperature = meter.createGauge('app.temperature', {
  description: 'Last temperature read',
  unit: 'Cel',
});
const queueDepth = meter.createUpDownCounter('app.queue.depth', {
  description: 'Messages waiting',
  unit: '{message}',
  valueType: ValueType.INT,
});
const payload = meter.createHistogram('app.payload.size', {
  description: 'Request body size',
  unit: 'By',
  advice: { explicitBucketBoundaries: [100, 1000, 10000] },
});
const jobDuration = meter.createHistogram('app.job.duration', {
  description: 'Batch job run time',
  unit: 's',
});
const workers = new Map([
  ['w1', 'idle'],
  ['w2', 'busy'],
  ['w3', 'busy'],
]);
meter
  .createObservableGauge('app.workers', { description: 'Workers in the pool', unit: '{worker}' })
  .addCallback((result) => result.observe(workers.size, { pool: 'default' }));

// The fixed data set.
for (let i = 0; i < 3; i++) requests.add(1, { route: '/checkout' }); // Inc() × 3
requests.add(5, { route: '/search' }); // Add(5)
temperature.record(21.5, { room: 'lab' }); // Set(21.5)
temperature.record(23.25, { room: 'lab' }); // Set(23.25): a gauge keeps the last value
for (let i = 0; i < 5; i++) queueDepth.add(1, { queue: 'email' }); // Inc() × 5
for (let i = 0; i < 2; i++) queueDepth.add(-1, { queue: 'email' }); // Dec() × 2
queueDepth.add(4, { queue: 'email' }); // Add(4): 7
for (const bytes of [50, 500, 500, 5000, 50000]) payload.record(bytes, { route: '/upload' });
for (let seconds = 1; seconds <= 100; seconds++) jobDuration.record(seconds, { batch: 'nightly' });

const url = telemetry.endpoints.find((e) => e.exporter === 'prometheus')!.url;
console.log(`custom-metrics metrics: ${url}`);

if (once) {
  const response = await fetch(url, {
    headers: { accept: 'application/openmetrics-text; version=1.0.0' },
  });
  const body = await response.text();
  // The `_created` lines (each series' start time) change from run to run: left out.
  for (const line of body.split('\n')) {
    if (line.startsWith('app_') && !line.includes('_created{')) console.log(line);
  }
  await telemetry.shutdown();
} else {
  console.log('custom-metrics ready (Ctrl-C stops)');
  const stop = () => void telemetry.shutdown().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let tick = 0;
  setInterval(() => {
    tick++;
    requests.add(1, { route: '/health' });
    queueDepth.add(tick % 2 === 1 ? 1 : -1, { queue: 'sms' });
    temperature.record(18 + Math.random() * 4, { room: 'hall' });
    payload.record(Math.random() * 2000, { route: '/health' });
    jobDuration.record(Math.random() * 10, { batch: 'tick' });
  }, 1000);
}
