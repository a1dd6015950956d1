import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metrics } from '@opentelemetry/api';
import { ConfigError } from '@meterline/sdk';
import { Agent } from './agent.js';
import { AgentMetrics } from './agent-metrics.js';
import { startAgentApi } from './api.js';
import { InstrumentedStorage } from './storage/instrumented-storage.js';
import { LocalStorage } from './storage/local-storage.js';
import { startAgentTelemetry } from './telemetry.js';
import { startWorkload } from './workload.js';

// Telemetry first: a meter obtained before the provider is registered stays a no-op.
const telemetry = await startAgentTelemetry().catch((error: unknown) => {
  process.stderr.write(
    `storage-agent: ${error instanceof ConfigError ? error.message : String(error)}\n`,
  );
  process.exit(2);
});

const env = process.env;
const agentMetrics = new AgentMetrics(metrics.getMeter('storage-agent', '0.1.0'));
const dataDir = env.AGENT_DATA_DIR ?? join(tmpdir(), `meterline-storage-agent-${process.pid}`);
const storage = await LocalStorage.open(dataDir, env.AGENT_DATA_DIR === undefined);
const agent = new Agent(new InstrumentedStorage(storage, agentMetrics), agentMetrics);
agentMetrics.observePeers(() => agent.peerCount);
const api = await startAgentApi(
  agent,
  env.AGENT_API_HOST ?? '127.0.0.1',
  Number(env.AGENT_API_PORT ?? 0),
);
const workload = env.AGENT_WORKLOAD === 'off' ? undefined : startWorkload(agent);

for (const endpoint of telemetry.endpoints) {
  process.stdout.write(`storage-agent metrics: ${endpoint.url}\n`);
}
process.stdout.write(`storage-agent api: ${api.url}/messages\n`);
if (workload)
  process.stdout.write('storage-agent: synthetic workload running (AGENT_WORKLOAD=off stops it)\n');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`storage-agent: ${signal} received, flushing metrics and stopping\n`);
  // A hung exporter must not keep the process alive forever.
  setTimeout(() => {
    process.stderr.write('storage-agent: shutdown took longer than 10 s, exiting\n');
    process.exit(1);
  }, 10_000).unref();
  workload?.stop();
  await api.close();
  await telemetry.shutdown();
  await storage.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
