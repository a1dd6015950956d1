import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MeterProvider, type MetricData } from '@opentelemetry/sdk-metrics';
import { InMemoryMetricReader } from '@meterline/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type ClusterOptions, type DfsCluster } from '../src/cluster.js';
import { FileExistsError, PlacementError } from '../src/errors.js';

interface Running {
  cluster: DfsCluster;
  /** Collects one component's metrics: `master`, `metalogger`, `client`, `chunkserver-1` … */
  collect(component: string): Promise<Map<string, MetricData>>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function start(options: Partial<ClusterOptions> = {}, chunkservers = 3): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'meterline-dfs-test-'));
  const names = ['master', 'metalogger', 'client'].concat(
    Array.from({ length: chunkservers }, (_, i) => `chunkserver-${i + 1}`),
  );
  const providers = new Map(
    names.map((name) => {
      const reader = new InMemoryMetricReader();
      return [name, { reader, provider: new MeterProvider({ readers: [reader] }) }];
    }),
  );
  const meter = (name: string) => providers.get(name)!.provider.getMeter(name);
  const cluster = await startCluster(
    {
      master: meter('master'),
      metalogger: meter('metalogger'),
      client: meter('client'),
      chunkservers: names.filter((n) => n.startsWith('chunkserver')).map(meter),
    },
    { dataDir: dir, chunkSize: 1000, ...options },
  );
  cleanups.push(async () => {
    await cluster.close();
    await Promise.all([...providers.values()].map((p) => p.provider.shutdown()));
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    cluster,
    async collect(component) {
      const { resourceMetrics } = await providers.get(component)!.reader.collect();
      return new Map(
        resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]),
      );
    },
  };
}

function value(
  all: Map<string, MetricData>,
  name: string,
  attributes: Record<string, string> = {},
) {
  const point = all
    .get(name)
    ?.dataPoints.find((p) => JSON.stringify(p.attributes) === JSON.stringify(attributes));
  if (!point) throw new Error(`${name} ${JSON.stringify(attributes)}: no point`);
  return typeof point.value === 'number' ? point.value : (point.value as { count: number }).count;
}

const bytes = (n: number, fill = 7) => Buffer.alloc(n, fill);

describe('DFS cluster', () => {
  it('splits a file into chunks, replicates each on two chunkservers and reads it back', async () => {
    const { cluster, collect } = await start();
    const data = Buffer.from(Array.from({ length: 2500 }, (_, i) => i % 256));
    const meta = await cluster.client.writeFile('a/b', data);
    expect(meta.chunks.map((c) => [c.id, c.size, c.servers])).toEqual([
      [1, 1000, ['chunkserver-1', 'chunkserver-2']],
      [2, 1000, ['chunkserver-2', 'chunkserver-3']],
      [3, 500, ['chunkserver-3', 'chunkserver-1']],
    ]);
    expect((await cluster.client.readFile('a/b'))?.equals(data)).toBe(true);
    const cs1 = await collect('chunkserver-1');
    expect(
      value(cs1, 'chunkserver_chunk_operations', { operation: 'write', status: 'success' }),
    ).toBe(2);
    expect(value(cs1, 'chunkserver_disk_write_bytes')).toBe(1500);
    expect(value(cs1, 'chunkserver_chunks_stored')).toBe(2);
    const client = await collect('client');
    expect(value(client, 'client_write_operations')).toBe(6);
    expect(value(client, 'client_read_operations')).toBe(3);
    expect(value(client, 'client_bytes_read')).toBe(2500);
    const master = await collect('master');
    expect(value(master, 'master_chunks')).toBe(3);
    expect(value(master, 'master_chunk_replicas')).toBe(6);
    expect(value(master, 'master_active_sessions')).toBe(1);
  });

  it('counts metadata cache hits, misses and evictions of its LRU cache', async () => {
    const { cluster, collect } = await start({ cacheEntries: 4 });
    for (let i = 0; i < 6; i++) await cluster.client.writeFile(`f${i}`, bytes(10)); // evicts f0, f1
    for (const f of ['f2', 'f3', 'f4', 'f5']) await cluster.client.readFile(f); // 4 hits
    await cluster.client.readFile('f0'); // miss, evicts f2
    await cluster.client.readFile('f1'); // miss, evicts f3
    await cluster.client.readFile('f0'); // hit
    expect(await cluster.client.readFile('nope')).toBeUndefined(); // miss, not found
    await cluster.client.deleteFile('f5'); // removed, not evicted
    const master = await collect('master');
    expect(value(master, 'master_metadata_cache_hits')).toBe(5);
    expect(value(master, 'master_metadata_cache_misses')).toBe(3);
    expect(value(master, 'master_metadata_cache_evictions')).toBe(4);
    expect(value(master, 'master_metadata_cache_entries')).toBe(3);
    expect(
      value(master, 'master_metadata_operations', { operation: 'lookup', status: 'not_found' }),
    ).toBe(1);
    expect(cluster.metrics.master.cacheHealth().details).toMatchObject({ evictions: 4 });
  });

  it('fails reads over to the next replica and counts the connection error', async () => {
    const { cluster, collect } = await start();
    await cluster.client.writeFile('x', bytes(10)); // chunk 1 on chunkserver-1, chunkserver-2
    cluster.chunkservers[0]!.setServing(false);
    expect((await cluster.client.readFile('x'))?.length).toBe(10);
    const client = await collect('client');
    expect(
      value(client, 'client_connection_errors', { type: 'unavailable', target: 'chunkserver-1' }),
    ).toBe(1);
    expect(value(client, 'client_chunkserver_connections')).toBe(2);
    const cs2 = await collect('chunkserver-2');
    expect(
      value(cs2, 'chunkserver_chunk_operations', { operation: 'read', status: 'success' }),
    ).toBe(1);
    expect(cluster.metrics.master.chunkserverHealth().status).toBe('degraded');
    expect(cluster.metrics.chunkservers[0]!.operationsHealth().status).toBe('unhealthy');
    // New chunks go to the servers that answer.
    const meta = await cluster.client.writeFile('y', bytes(10));
    expect(meta.chunks[0]!.servers).not.toContain('chunkserver-1');
  });

  it('refuses a file that exists and a write with too few chunkservers', async () => {
    const { cluster, collect } = await start();
    await cluster.client.writeFile('dup', bytes(1));
    await expect(cluster.client.writeFile('dup', bytes(1))).rejects.toBeInstanceOf(FileExistsError);
    cluster.chunkservers[0]!.setServing(false);
    cluster.chunkservers[1]!.setServing(false);
    await expect(cluster.client.writeFile('z', bytes(1))).rejects.toBeInstanceOf(PlacementError);
    const client = await collect('client');
    expect(value(client, 'client_file_operations', { operation: 'write', status: 'error' })).toBe(
      2,
    );
    expect(cluster.metrics.master.chunkserverHealth().status).toBe('unhealthy');
  });

  it('logs every change, backs up and recovers the same metadata', async () => {
    const { cluster, collect } = await start();
    await expect(cluster.metalogger.recover()).rejects.toThrow('no backup to recover from');
    for (let i = 0; i < 5; i++) await cluster.client.writeFile(`m${i}`, bytes(1500));
    expect(await cluster.metalogger.backup()).toBeGreaterThan(0);
    await cluster.client.deleteFile('m0');
    await cluster.client.writeFile('m5', bytes(1));
    const recovery = await cluster.metalogger.recover();
    expect(recovery.replayed).toBe(2);
    expect([...recovery.files.keys()].sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(recovery.files.get('m5')).toEqual(cluster.master.snapshot().get('m5'));
    const metalogger = await collect('metalogger');
    expect(
      value(metalogger, 'metalogger_log_entries', { operation: 'create', status: 'success' }),
    ).toBe(6);
    expect(
      value(metalogger, 'metalogger_log_entries', { operation: 'delete', status: 'success' }),
    ).toBe(1);
    expect(value(metalogger, 'metalogger_log_replication_lag_seconds')).toBe(7);
    expect(value(metalogger, 'metalogger_log_size_bytes')).toBeGreaterThan(0);
    expect(
      value(metalogger, 'metalogger_backup_operations', {
        operation: 'snapshot',
        status: 'success',
      }),
    ).toBe(1);
    expect(
      value(metalogger, 'metalogger_recovery_operations', {
        operation: 'restore_snapshot',
        status: 'error',
      }),
    ).toBe(1);
    expect(
      value(metalogger, 'metalogger_recovery_operations', {
        operation: 'restore_snapshot',
        status: 'success',
      }),
    ).toBe(1);
    expect(
      value(metalogger, 'metalogger_recovery_operations', {
        operation: 'replay_log',
        status: 'success',
      }),
    ).toBe(1);
  });

  it('refuses a chunk beyond a chunkserver capacity and rolls the whole file back', async () => {
    const { cluster, collect } = await start({ capacityBytes: 1500, replicationFactor: 1 }, 2);
    await cluster.client.writeFile('fits', bytes(1000)); // chunk 1 on chunkserver-1
    // Chunk 2 lands on chunkserver-2, chunk 3 does not fit on chunkserver-1: both are undone.
    await expect(cluster.client.writeFile('big', bytes(2000))).rejects.toThrow('does not fit');
    expect(await cluster.master.list()).toEqual(['fits']);
    const cs2 = await collect('chunkserver-2');
    expect(
      value(cs2, 'chunkserver_chunk_operations', { operation: 'write', status: 'success' }),
    ).toBe(1);
    expect(
      value(cs2, 'chunkserver_chunk_operations', { operation: 'delete', status: 'success' }),
    ).toBe(1);
    expect(value(cs2, 'chunkserver_chunks_stored')).toBe(0);
    const cs1 = await collect('chunkserver-1');
    expect(
      value(cs1, 'chunkserver_chunk_operations', { operation: 'write', status: 'error' }),
    ).toBe(1);
    expect(cluster.metrics.chunkservers[0]!.diskHealth().status).toBe('healthy');
    await cluster.client.writeFile('a4', bytes(10)); // chunk 4 on chunkserver-2
    await cluster.client.writeFile('a5', bytes(400)); // chunk 5 on chunkserver-1: 1400 of 1500
    expect(cluster.metrics.chunkservers[0]!.diskHealth()).toMatchObject({
      status: 'degraded',
      details: { usedBytes: 1400, totalBytes: 1500 },
    });
  });
});
