// Child: the smallest Meterline service, wired as the demos wire it. The cold-start case times
// process start to the first answered scrape; this file is everything such a service loads.
import { metrics } from '@opentelemetry/api';
import { prometheusExporter } from '@meterline/exporter-prometheus';
import { silentLogger, startTelemetry } from '@meterline/sdk';
import { LISTENING_PREFIX } from '../child-io.js';

const telemetry = await startTelemetry({
  plugins: [prometheusExporter],
  logger: silentLogger,
  env: {},
  defaults: { service: { name: 'cold-start', version: '1.0.0' } },
  config: { exporters: { prometheus: { port: 0 } } },
});
metrics.getMeter('cold-start').createCounter('started').add(1);
process.stdout.write(`${LISTENING_PREFIX}${telemetry.endpoints[0]!.url}\n`);
