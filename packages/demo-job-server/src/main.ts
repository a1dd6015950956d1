import { metrics } from '@opentelemetry/api';
import { createJobServerMetrics } from '@meterline/instrumentation-job-server';
import { ConfigError } from '@meterline/sdk';
import { METRICS_PATH, startJobServerApi } from './api.js';
import { JobServerConfigError, readJobServerConfig } from './config.js';
import { createJobServer } from './job-server.js';
import { startJobServerTelemetry } from './telemetry.js';
import { startWorkload } from './workload.js';

function fail(error: unknown): never {
  const known = error instanceof ConfigError || error instanceof JobServerConfigError;
  process.stderr.write(`job-server: ${known ? (error as Error).message : String(error)}\n`);
  process.exit(2);
}

// Settings and telemetry first: a meter obtained before the provider is registered stays a no-op.
let config: ReturnType<typeof readJobServerConfig>;
try {
  config = readJobServerConfig(process.env);
} catch (error) {
  fail(error);
}
const { telemetry, metricsHandler } = await startJobServerTelemetry().catch(fail);

const jobServerMetrics = createJobServerMetrics(metrics.getMeter('job-server', '0.1.0'), {
  naming: config.naming,
});
const server = createJobServer(jobServerMetrics, { heartbeatTimeoutMs: config.heartbeatTimeoutMs });
const api = await startJobServerApi(server, jobServerMetrics.http, {
  host: config.host,
  port: config.port,
  metricsHandler,
}).catch(async (error: unknown) => {
  await telemetry.shutdown();
  fail(error);
});
const workload = config.workload ? startWorkload(api.url) : undefined;

if (metricsHandler) process.stdout.write(`job-server metrics: ${api.url}${METRICS_PATH}\n`);
for (const endpoint of telemetry.endpoints) {
  process.stdout.write(`job-server ${endpoint.exporter}: ${endpoint.url}\n`);
}
process.stdout.write(`job-server api: ${api.url}/api/v1\n`);
if (workload)
  process.stdout.write('job-server: synthetic workload running (DEMO_WORKLOAD=off stops it)\n');
process.stdout.write('job-server ready\n');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`job-server: ${signal} received, flushing metrics and stopping\n`);
  // A hung exporter must not keep the process alive forever.
  setTimeout(() => {
    process.stderr.write('job-server: shutdown took longer than 10 s, exiting\n');
    process.exit(1);
  }, 10_000).unref();
  workload?.stop();
  server.stop();
  await api.close();
  await telemetry.shutdown();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
