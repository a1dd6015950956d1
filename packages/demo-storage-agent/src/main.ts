import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metrics } from '@opentelemetry/api';
import { exitWith, printEndpoints, serveUntilSignal, startFailure } from '@meterline/demo-service';
import { AgentMetrics } from '@meterline/instrumentation-storage-agent';
import { Agent } from './agent.js';
import { AgentConfigError, loadAgentConfig, type AgentConfig } from './agent-config.js';
import { startAgentApi } from './api.js';
import { InstrumentedStorage } from './storage/instrumented-storage.js';
import { LocalStorage } from './storage/local-storage.js';
import { RedisStorage } from './storage/redis-storage.js';
import type { Storage } from './storage/storage.js';
import { startAgentTelemetry } from './telemetry.js';
import { startWorkload } from './workload.js';

const env = process.env;

const SERVICE = 'storage-agent';
function fail(code: number, message: string): never {
  return exitWith(SERVICE, code, message);
}

// The agent's file (AGENT_CONFIG) first: it sets the metrics endpoint, and a bad one is exit 2.
let agentConfig: AgentConfig;
try {
  agentConfig = loadAgentConfig(env);
} catch (error) {
  fail(2, error instanceof AgentConfigError ? error.message : String(error));
}

// Telemetry next: a meter obtained before the provider is registered stays a no-op.
const telemetry = await startAgentTelemetry(agentConfig.metrics).catch(startFailure(SERVICE, 2));

const agentMetrics = new AgentMetrics(metrics.getMeter('storage-agent', '0.1.0'));
let storage: Storage;
try {
  storage =
    agentConfig.storage.backend === 'redis'
      ? await RedisStorage.connect(agentConfig.storage)
      : await openLocal(agentConfig.storage.path);
} catch (error) {
  await telemetry.shutdown();
  fail(1, (error as Error).message);
}
const agent = new Agent(new InstrumentedStorage(storage, agentMetrics), agentMetrics);
agentMetrics.observePeers(() => agent.peerCount);
const api = await startAgentApi(
  agent,
  env.AGENT_API_HOST ?? '127.0.0.1',
  Number(env.AGENT_API_PORT ?? 0),
);
const workloadOff = env.AGENT_WORKLOAD === 'off' || env.DEMO_WORKLOAD === 'off';
const workload = workloadOff ? undefined : startWorkload(agent);

printEndpoints(SERVICE, telemetry.endpoints);
process.stdout.write(`storage-agent api: ${api.url}/messages\n`);
process.stdout.write(`storage-agent storage: ${storage.backend}\n`);
if (workload) {
  process.stdout.write(
    'storage-agent: synthetic workload running (DEMO_WORKLOAD=off or AGENT_WORKLOAD=off stops it)\n',
  );
}
serveUntilSignal(SERVICE, {
  async stop() {
    workload?.stop();
    await api.close();
    await telemetry.shutdown();
    await storage.close();
  },
});

/** The local backend: `path`, or a temporary directory removed on exit. */
function openLocal(path: string | undefined): Promise<LocalStorage> {
  return path === undefined
    ? LocalStorage.open(join(tmpdir(), `meterline-storage-agent-${process.pid}`), true)
    : LocalStorage.open(path, false);
}
