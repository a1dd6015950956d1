import { join } from 'node:path';
import type { Meter } from '@opentelemetry/api';
import {
  createComponentMetrics,
  type ChunkServerMetrics,
  type ClientMetrics,
  type MasterMetrics,
  type MetaloggerMetrics,
} from '@meterline/instrumentation-dfs';
import { ChunkServer } from './chunkserver.js';
import { DfsClient } from './client.js';
import { Master } from './master.js';
import { Metalogger } from './metalogger.js';

/** Options of {@link startCluster}. */
export interface ClusterOptions {
  /** Where chunkservers keep chunks and the metalogger its log and backups. */
  readonly dataDir: string;
  /** Bytes per chunk. @default 65536 */
  readonly chunkSize?: number;
  /** Replicas per chunk. @default 2 */
  readonly replicationFactor?: number;
  /** Entries of the master's metadata cache. @default 1024 */
  readonly cacheEntries?: number;
  /** Capacity of each chunkserver in bytes. @default 1 GiB */
  readonly capacityBytes?: number;
}

/** One meter per component: each component reports to its own provider and endpoint. */
export interface ClusterMeters {
  readonly master: Meter;
  readonly metalogger: Meter;
  /** One per chunkserver; their number is the number of chunkservers. */
  readonly chunkservers: readonly Meter[];
  readonly client: Meter;
}

/** A running file system, in this process. */
export interface DfsCluster {
  readonly master: Master;
  readonly metalogger: Metalogger;
  readonly chunkservers: readonly ChunkServer[];
  readonly client: DfsClient;
  /** Each component's metric set (made by the collector factory), for health checks. */
  readonly metrics: {
    readonly master: MasterMetrics;
    readonly metalogger: MetaloggerMetrics;
    readonly chunkservers: readonly ChunkServerMetrics[];
    readonly client: ClientMetrics;
  };
  /** Closes the client session, waits for the log and removes the data directories. */
  close(): Promise<void>;
}

/**
 * Starts the file system: a metalogger, `meters.chunkservers.length` chunkservers named
 * `chunkserver-1` …, a master that logs every metadata change to the metalogger, and a client
 * with an open session. Each component records through the metric set the collector factory made
 * for it on its own meter.
 */
export async function startCluster(
  meters: ClusterMeters,
  options: ClusterOptions,
): Promise<DfsCluster> {
  const metrics = {
    master: createComponentMetrics('master', meters.master),
    metalogger: createComponentMetrics('metalogger', meters.metalogger),
    chunkservers: meters.chunkservers.map((m) => createComponentMetrics('chunkserver', m)),
    client: createComponentMetrics('client', meters.client),
  };
  const metalogger = await Metalogger.open(join(options.dataDir, 'metalogger'), metrics.metalogger);
  const chunkservers = await Promise.all(
    metrics.chunkservers.map((m, i) =>
      ChunkServer.open(
        `chunkserver-${i + 1}`,
        join(options.dataDir, `chunkserver-${i + 1}`),
        options.capacityBytes ?? 1 << 30,
        m,
      ),
    ),
  );
  const master = new Master(metrics.master, chunkservers, (change) => metalogger.receive(change), {
    chunkSize: options.chunkSize,
    replicationFactor: options.replicationFactor,
    cacheEntries: options.cacheEntries,
  });
  const client = new DfsClient(
    master,
    new Map(chunkservers.map((c) => [c.name, c])),
    metrics.client,
  );
  client.connect();
  return {
    master,
    metalogger,
    chunkservers,
    client,
    metrics,
    async close() {
      client.close();
      await metalogger.destroy();
      await Promise.all(chunkservers.map((c) => c.destroy()));
    },
  };
}
