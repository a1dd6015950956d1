// Prometheus integration: a service's metrics on an HTTP endpoint a Prometheus scrapes.
//
//   node examples/prometheus-integration.ts            # serves until Ctrl-C
//   node examples/prometheus-integration.ts --once     # scrapes itself once, prints, exits
//
// The service records through the vendor-neutral OpenTelemetry API only; Meterline's SDK sets up
// the provider, and its Prometheus exporter serves the endpoint (text, OpenMetrics or protobuf,
// negotiated from the scraper's Accept header). A "custom collector" is an observable instrument:
// its callback reads a value the service keeps anyway, at each scrape. Point a Prometheus at the
// printed URL:
//
//   scrape_configs:
//     - job_name: example
//       static_configs: [{ targets: ['127.0.0.1:<port>'] }]
import { metrics, ValueType } from '@opentelemetry/api';
import { prometheusExporter } from '@meterline/exporter-prometheus';
import { startTelemetry } from '@meterline/sdk';

const once = process.argv.includes('--once');

const telemetry = await startTelemetry({
  plugins: [prometheusExporter],
  config: {
    service: { name: 'prometheus-integration', version: '1.0.0' },
    resource: { detect: false },
    metrics: { runtime: { enabled: !once } },
    exporters: { prometheus: { port: Number(process.env.OTEL_EXPORTER_PROMETHEUS_PORT ?? 0) } },
  },
});

// What instrumented code does: take a meter, create instruments once, record.
const meter = metrics.getMeter('example.shop', '1.0.0');
const orders = meter.createCounter('shop.orders', {
  description: 'Orders placed',
  unit: '{order}',
  valueType: ValueType.INT,
});
const latency = meter.createHistogram('shop.checkout.duration', {
  description: 'Time to check out',
  unit: 's',
  advice: { explicitBucketBoundaries: [0.05, 0.1, 0.25, 0.5, 1] },
});

// A custom collector: read at each scrape from state the service holds.
const carts = new Map<string, number>([
  ['c1', 2],
  ['c2', 5],
]);
meter
  .createObservableGauge('shop.carts.open', {
    description: 'Carts not checked out',
    unit: '{cart}',
  })
  .addCallback((result) => result.observe(carts.size));

for (const [region, count, seconds] of [
  ['eu', 3, 0.08],
  ['us', 2, 0.3],
] as const) {
  orders.add(count, { region });
  for (let i = 0; i < count; i++) latency.record(seconds, { region });
}

const url = telemetry.endpoints.find((e) => e.exporter === 'prometheus')!.url;
console.log(`prometheus-integration metrics: ${url}`);

if (once) {
  const response = await fetch(url, { headers: { accept: 'text/plain' } });
  const body = await response.text();
  for (const line of body.split('\n')) if (line.startsWith('shop_')) console.log(line);
  await telemetry.shutdown();
} else {
  console.log('prometheus-integration ready (Ctrl-C stops)');
  const stop = () => void telemetry.shutdown().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Keep recording, so a scraper sees rates; into a series of its own, so the ones above stay as
  // recorded.
  setInterval(() => {
    orders.add(1, { region: 'ap' });
    latency.record(Math.random() * 0.6, { region: 'ap' });
  }, 1000);
}
