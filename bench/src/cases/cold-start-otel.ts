// Child: the smallest stock OTel service: sdk-metrics with the stock Prometheus exporter. Its own
// server cannot take port 0 (`port || 9464`), so its request handler is mounted on a `node:http`
// server on a free port, which is what `preventServerStart` is for.
import { createServer } from './cold-start-http.js';
import type { AddressInfo } from 'node:net';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { LISTENING_PREFIX } from '../child-io.js';

const exporter = new PrometheusExporter({ preventServerStart: true });
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
metrics.getMeter('cold-start').createCounter('started').add(1);
const server = createServer((req, res) => exporter.getMetricsRequestHandler(req, res));
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${LISTENING_PREFIX}http://127.0.0.1:${port}/metrics\n`);
});
