import cluster from 'node:cluster';
import { metrics } from '@opentelemetry/api';
import { createJobServerMetrics } from '@meterline/instrumentation-job-server';
import { ConfigError } from '@meterline/sdk';
import { METRICS_PATH, startJobServerApi } from './api.js';
import { JobServerConfigError, readJobServerConfig } from './config.js';
import { createJobServer } from './job-server.js';
import { runClusterPrimary } from './cluster-primary.js';
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
const clustered = config.workers > 1;
if (clustered && cluster.isPrimary) {
  await runClusterPrimary(config).catch(fail);
} else {
  await runServer();
}

/** One job server: the whole service, or one worker of a cluster (which prints nothing). */
async function runServer() {
  const say = (line: string) => {
    if (!clustered) process.stdout.write(line);
  };
  const { telemetry, metricsHandler } = await startJobServerTelemetry(process.env, {
    clustered,
  }).catch(fail);

  const jobServerMetrics = createJobServerMetrics(metrics.getMeter('job-server', '0.1.0'), {
    naming: config.naming,
  });
  const server = createJobServer(jobServerMetrics, {
    heartbeatTimeoutMs: config.heartbeatTimeoutMs,
  });
  const api = await startJobServerApi(server, jobServerMetrics.http, {
    host: config.host,
    port: config.port,
    metricsHandler,
  }).catch(async (error: unknown) => {
    await telemetry.shutdown();
    fail(error);
  });
  const workload = config.workload ? startWorkload(api.url) : undefined;

  if (metricsHandler) say(`job-server metrics: ${api.url}${METRICS_PATH}\n`);
  for (const endpoint of telemetry.endpoints) {
    say(`job-server ${endpoint.exporter}: ${endpoint.url}\n`);
  }
  say(`job-server api: ${api.url}/api/v1\n`);
  if (workload) say('job-server: synthetic workload running (DEMO_WORKLOAD=off stops it)\n');
  say('job-server ready\n');
  if (clustered) process.send!({ jobServerReady: api.url });

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    say(`job-server: ${signal} received, flushing metrics and stopping\n`);
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
}
