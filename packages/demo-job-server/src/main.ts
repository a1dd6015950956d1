import cluster from 'node:cluster';
import { metrics } from '@opentelemetry/api';
import { createJobServerMetrics } from '@meterline/instrumentation-job-server';
import { printEndpoints, serveUntilSignal, startFailure } from '@meterline/demo-service';
import { METRICS_PATH, startJobServerApi } from './api.js';
import { JobServerConfigError, readJobServerConfig } from './config.js';
import { createJobServer } from './job-server.js';
import { runClusterPrimary } from './cluster-primary.js';
import { startJobServerTelemetry } from './telemetry.js';
import { startWorkload } from './workload.js';

const fail: (error: unknown) => never = startFailure('job-server', 2, JobServerConfigError);

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
    naming: config.naming,
  }).catch(fail);

  const jobServerMetrics = createJobServerMetrics(metrics.getMeter('job-server', '0.1.0'), {
    memoryInBytes: config.naming === 'prometheus',
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
  printEndpoints('job-server', telemetry.endpoints, say);
  say(`job-server api: ${api.url}/api/v1\n`);
  if (workload) say('job-server: synthetic workload running (DEMO_WORKLOAD=off stops it)\n');
  serveUntilSignal('job-server', {
    say,
    async stop() {
      workload?.stop();
      server.stop();
      await api.close();
      await telemetry.shutdown();
    },
  });
  if (clustered) process.send!({ jobServerReady: api.url });
}
