import { metrics } from '@opentelemetry/api';
import { ReplicatorMetrics } from '@meterline/instrumentation-replicator';
import { printEndpoints, serveUntilSignal, startFailure } from '@meterline/demo-service';
import { PATHS, startReplicatorApi } from './api.js';
import { ReplicatorConfigError, readReplicatorConfig } from './config.js';
import { healthIndicators, replicatorHealthChecks } from './health-checks.js';
import { RegistryClient } from './registry-client.js';
import { startRegistryServer } from './registry-server.js';
import { RegistryStore } from './registry-store.js';
import { Replicator } from './replicator.js';
import { registerHealthChecks, startReplicatorTelemetry } from './telemetry.js';
import { startWorkload } from './workload.js';

const SOURCE = 'primary';
const TARGET = 'replica';

const fail: (error: unknown) => never = startFailure('replicator', 2, ReplicatorConfigError);

// Settings and telemetry first: a meter obtained before the provider is registered stays a no-op.
let config: ReturnType<typeof readReplicatorConfig>;
try {
  config = readReplicatorConfig(process.env);
} catch (error) {
  fail(error);
}
const { telemetry, metricsHandler } = await startReplicatorTelemetry().catch(fail);
const replicatorMetrics = new ReplicatorMetrics(metrics.getMeter('replicator', '0.1.0'));

const startOrFail = async <T>(start: Promise<T>): Promise<T> =>
  start.catch(async (error: unknown) => {
    await telemetry.shutdown();
    return fail(error);
  });
const sourceRegistry = await startOrFail(
  startRegistryServer(new RegistryStore(1_000_000), config.host, config.sourceRegistryPort),
);
const targetRegistry = await startOrFail(
  startRegistryServer(
    new RegistryStore(config.targetQuota),
    config.host,
    config.targetRegistryPort,
  ),
);
const record = replicatorMetrics.recordApiCall.bind(replicatorMetrics);
const source = new RegistryClient({ name: SOURCE, baseUrl: sourceRegistry.url, record });
const target = new RegistryClient({ name: TARGET, baseUrl: targetRegistry.url, record });
const replicator = new Replicator({
  sourceName: SOURCE,
  source,
  target,
  collector: replicatorMetrics,
});
replicatorMetrics.observeQueueSize(() => replicator.queueSize);
replicatorMetrics.observeHealth(() => healthIndicators(replicator, SOURCE, TARGET));
registerHealthChecks(telemetry, replicatorHealthChecks(replicator, source, target));

const api = await startOrFail(
  startReplicatorApi(replicator, {
    host: config.host,
    port: config.port,
    metricsHandler,
    runHealth: () => telemetry.health.run(),
  }),
);
const syncTimer =
  config.syncIntervalMs > 0
    ? setInterval(() => void replicator.syncOnce(), config.syncIntervalMs)
    : undefined;
const workload = config.workload
  ? startWorkload(sourceRegistry.url, targetRegistry.url)
  : undefined;

if (metricsHandler) process.stdout.write(`replicator metrics: ${api.url}${PATHS.metrics}\n`);
printEndpoints('replicator', telemetry.endpoints);
process.stdout.write(`replicator health: ${api.url}${PATHS.healthSummary}\n`);
process.stdout.write(`replicator api: ${api.url}/api/v1\n`);
process.stdout.write(`replicator source-registry: ${sourceRegistry.url}\n`);
process.stdout.write(`replicator target-registry: ${targetRegistry.url}\n`);
process.stdout.write(
  syncTimer
    ? `replicator: syncing every ${config.syncIntervalMs} ms\n`
    : 'replicator: periodic sync off (REPLICATOR_SYNC_INTERVAL_MS=0), POST /api/v1/sync to sync\n',
);
if (workload)
  process.stdout.write('replicator: synthetic workload running (DEMO_WORKLOAD=off stops it)\n');
serveUntilSignal('replicator', {
  async stop() {
    workload?.stop();
    clearInterval(syncTimer);
    await api.close();
    await telemetry.shutdown();
    await Promise.all([sourceRegistry.close(), targetRegistry.close()]);
  },
});
