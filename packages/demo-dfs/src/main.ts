import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitWith, printEndpoints, serveUntilSignal, startFailure } from '@meterline/demo-service';
import { startDfsApi } from './api.js';
import { startCluster } from './cluster.js';
import { PortConfigError, resolvePorts } from './ports.js';
import { readSettings, SettingsError } from './settings.js';
import { registerHealthChecks, startDfsTelemetry } from './telemetry.js';
import { startWorkload } from './workload.js';

function fail(code: number, message: string): never {
  return exitWith('dfs', code, message);
}

const env = process.env;
let settings: ReturnType<typeof readSettings>;
let ports: ReturnType<typeof resolvePorts>;
try {
  settings = readSettings(env);
  ports = resolvePorts(env, settings.chunkservers);
} catch (error) {
  if (error instanceof SettingsError || error instanceof PortConfigError) fail(2, error.message);
  throw error;
}

// Telemetry first: the metric sets take their meters from the components' providers.
const telemetry = await startDfsTelemetry(ports, env).catch(startFailure('dfs', 2));
const cluster = await startCluster(
  {
    master: telemetry.master.meter,
    metalogger: telemetry.metalogger.meter,
    chunkservers: telemetry.chunkservers.map((c) => c.meter),
    client: telemetry.client.meter,
  },
  {
    dataDir: join(tmpdir(), `meterline-dfs-${process.pid}`),
    chunkSize: settings.chunkSize,
    replicationFactor: settings.replicationFactor,
    cacheEntries: settings.cacheEntries,
    capacityBytes: settings.capacityBytes,
  },
);
registerHealthChecks(telemetry, cluster);
const api = await startDfsApi(cluster, env.DFS_API_HOST ?? '127.0.0.1', ports.api).catch(
  async (error: unknown) => {
    await telemetry.shutdown();
    await cluster.close();
    return fail(1, (error as Error).message);
  },
);
const workloadOff = env.DEMO_WORKLOAD === 'off' || env.DFS_WORKLOAD === 'off';
const workload = workloadOff ? undefined : startWorkload(cluster);

for (const component of telemetry.all)
  printEndpoints(component.service, component.handle.endpoints);
process.stdout.write(`dfs api: ${api.url}\n`);
if (workload) {
  process.stdout.write('dfs: synthetic workload running (DEMO_WORKLOAD=off stops it)\n');
}
serveUntilSignal('dfs', {
  async stop() {
    workload?.stop();
    await api.close();
    await cluster.metalogger.idle();
    await telemetry.shutdown();
    await cluster.close();
  },
});
