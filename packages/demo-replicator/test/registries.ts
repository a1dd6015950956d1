import type { MetricsCollector, SyncContext } from '@meterline/instrumentation-replicator';
import { RegistryClient } from '../src/registry-client.js';
import { startRegistryServer, type RegistryServer } from '../src/registry-server.js';
import { RegistryStore } from '../src/registry-store.js';

/** Two registries on loopback ports and clients that log every API call. */
export async function twoRegistries(targetQuota = 100) {
  const source = await startRegistryServer(new RegistryStore(1000), '127.0.0.1', 0);
  const target = await startRegistryServer(new RegistryStore(targetQuota), '127.0.0.1', 0);
  const calls: string[] = [];
  const record = (registry: string, operation: string, status: number | 'error') =>
    calls.push(`${registry} ${operation} ${status}`);
  return {
    source,
    target,
    calls,
    sourceClient: new RegistryClient({ name: 'primary', baseUrl: source.url, record }),
    targetClient: new RegistryClient({ name: 'replica', baseUrl: target.url, record }),
    close: () => Promise.all([source.close(), target.close()]),
  };
}

/** A MetricsCollector that logs each call as a line. */
export function recordingCollector(): MetricsCollector & { log: string[] } {
  const log: string[] = [];
  const tag = (c: SyncContext) => `${c.source}/${c.resourceType}`;
  return {
    log,
    recordSyncStart(source, resourceType) {
      log.push(`start ${source}/${resourceType}`);
      return { source, resourceType, startedAt: performance.now() };
    },
    recordSyncComplete: (c, status) => void log.push(`complete ${tag(c)} ${status}`),
    recordResourceSynced: (c, operation) => void log.push(`synced ${tag(c)} ${operation}`),
    recordError: (c, errorType) => void log.push(`error ${tag(c)} ${errorType}`),
  };
}

export type { RegistryServer };
