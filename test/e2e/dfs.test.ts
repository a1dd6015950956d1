import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../support/demo.js';
import { startPrometheus, type Sample, type TestPrometheus } from '../support/prometheus.js';
import { checkMetrics } from '../support/promtool.js';

// Known operations, then a concurrent load; every expected value below follows from them.
// Chunks of 1000 bytes, 3 chunkservers, 2 replicas, a metadata cache of 4 entries.
const SIZES = [100, 1500, 2500, 1000, 10, 3001]; // files f0..f5: 1, 2, 3, 1, 1, 4 chunks
const CHUNKS = [1, 2, 3, 1, 1, 4];
const TOTAL_BYTES = SIZES.reduce((a, b) => a + b, 0); // 8111
const COMPONENTS = [
  'dfs-master',
  'dfs-metalogger',
  'dfs-chunkserver-1',
  'dfs-chunkserver-2',
  'dfs-chunkserver-3',
  'dfs-client',
];
// Load: 50 workers x 200 operations, each worker writing, reading and deleting its own files of
// 100 bytes (one chunk) in turn: 67 writes, 67 reads, 66 deletes per worker.
const WORKERS = 50;
const PER_WORKER = 200;
const LOAD = { write: 67 * WORKERS, read: 67 * WORKERS, delete: 66 * WORKERS };
const LOAD_SIZE = 100;

// Known phase: 6 writes; reads f2 f3 f4 f5 (hits) f0 f1 (misses, evicting) f0 (hit), a missing
// file (miss), f0 again with chunkserver-1 down (hit, failover); f5 deleted.
const READ_BYTES = 2500 + 1000 + 10 + 3001 + 100 + 1500 + 100 + 100;
const READ_CHUNKS = 3 + 1 + 1 + 4 + 1 + 2 + 1 + 1;
const E = {
  writes: 6 + LOAD.write,
  reads: 8 + LOAD.read,
  deletes: 1 + LOAD.delete,
  chunksCreated: 12 + LOAD.write,
  chunksDeleted: 4 + LOAD.delete,
  chunks: 8 + (LOAD.write - LOAD.delete),
  replicaWrites: 24 + 2 * LOAD.write,
  replicaDeletes: 8 + 2 * LOAD.delete,
  chunkReads: READ_CHUNKS + LOAD.read,
  bytesWritten: 2 * TOTAL_BYTES + 2 * LOAD_SIZE * LOAD.write,
  bytesRead: READ_BYTES + LOAD_SIZE * LOAD.read,
  storedBytes: 2 * (TOTAL_BYTES - 3001) + 2 * LOAD_SIZE * (LOAD.write - LOAD.delete),
};

let dfs: RunningDemo;
let api: string;
let prometheus: TestPrometheus;

const body = (i: number) => Buffer.from(Array.from({ length: SIZES[i]! }, (_, j) => (i + j) % 256));

async function call(method: string, path: string, data?: Buffer): Promise<Response> {
  const init: RequestInit = { method };
  if (data) init.body = data;
  return fetch(`${api}${path}`, init);
}

async function read(path: string): Promise<Buffer> {
  const response = await call('GET', path);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

function one(samples: Sample[]): number {
  expect(samples).toHaveLength(1);
  return samples[0]!.value;
}

/** `sum(<metric>)` once it reached `expected` (the metalogger logs asynchronously). */
async function sumOf(metric: string, expected: number): Promise<number> {
  const samples = await prometheus.queryUntil(
    `sum(${metric})`,
    (s) => s.length === 1 && s[0]!.value === expected,
    20_000,
  );
  return one(samples);
}

function byLabel(samples: Sample[], label: string): Record<string, number> {
  return Object.fromEntries(samples.map((s) => [s.metric[label], s.value]));
}

describe('distributed file system scraped by a real Prometheus, one endpoint per component', () => {
  beforeAll(async () => {
    dfs = await startDemo(
      'demo-dfs',
      {
        DFS_BASE_PORT: '0',
        DEMO_WORKLOAD: 'off',
        DFS_CHUNK_SIZE: '1000',
        DFS_CACHE_ENTRIES: '4',
      },
      /^dfs ready$/m,
    );
    api = dfs.child.stdout().match(/^dfs api: (\S+)$/m)![1]!;

    expect((await call('POST', '/metalogger/recover')).status).toBe(409); // no backup yet
    for (let i = 0; i < SIZES.length; i++) {
      const response = await call('PUT', `/files/f${i}`, body(i));
      expect(response.status).toBe(201);
      const meta = (await response.json()) as { chunks: unknown[] };
      expect(meta.chunks).toHaveLength(CHUNKS[i]!);
    }
    for (const i of [2, 3, 4, 5, 0, 1, 0])
      expect((await read(`/files/f${i}`)).equals(body(i))).toBe(true);
    expect((await call('GET', '/files/missing')).status).toBe(404);

    // chunkserver-1 holds the first replica of f0's only chunk: the read fails over to the second.
    expect((await call('POST', '/chunkservers/chunkserver-1/down')).status).toBe(200);
    const masterHealth = dfs.metrics.get('dfs-master')!.replace(/\/metrics$/, '/health');
    const degraded = (await (await fetch(masterHealth)).json()) as {
      checks: { name: string; status: string }[];
    };
    expect(degraded.checks.find((c) => c.name === 'chunkservers')?.status).toBe('degraded');
    const csHealth = await fetch(
      dfs.metrics.get('dfs-chunkserver-1')!.replace(/\/metrics$/, '/health'),
    );
    expect(csHealth.status).toBe(503);
    expect((await read('/files/f0')).equals(body(0))).toBe(true);
    expect((await call('POST', '/chunkservers/chunkserver-1/up')).status).toBe(200);

    expect((await call('DELETE', '/files/f5')).status).toBe(200);
    for (let b = 0; b < 2; b++) expect((await call('POST', '/metalogger/backup')).status).toBe(200);
    const recovery = (await (await call('POST', '/metalogger/recover')).json()) as Record<
      string,
      unknown
    >;
    expect(recovery).toMatchObject({ files: 5, replayed: 0, consistent: true });

    // Concurrent load: every worker its own files, so every status is known in advance.
    const worker = async (w: number) => {
      for (let j = 0; j < PER_WORKER; j++) {
        const path = `/files/load/${w}/${Math.floor(j / 3)}`;
        const op = j % 3;
        const response =
          op === 0
            ? await call('PUT', path, Buffer.alloc(LOAD_SIZE, w))
            : await call(op === 1 ? 'GET' : 'DELETE', path);
        expect(response.status).toBe(op === 0 ? 201 : 200);
        await response.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));

    prometheus = await startPrometheus(
      COMPONENTS.map((job) => ({ job, url: dfs.metrics.get(job)! })),
    );
    await prometheus.waitForTargetsUp();
  });

  afterAll(async () => {
    await prometheus?.stop();
    await dfs?.child.stop('SIGKILL');
  });

  it('prints one metrics endpoint per component, then the API and ready', () => {
    const lines = dfs.child.stdout().trim().split('\n');
    expect(lines.slice(0, 6)).toEqual(
      COMPONENTS.map((c) =>
        expect.stringMatching(new RegExp(`^${c} metrics: http://127\\.0\\.0\\.1:\\d+/metrics$`)),
      ),
    );
    expect(new Set(dfs.metrics.values()).size).toBe(6);
    expect(lines.slice(-2)).toEqual([
      expect.stringMatching(/^dfs api: http:\/\/127\.0\.0\.1:\d+$/),
      'dfs ready',
    ]);
  });

  it('master: metadata operations by operation and status, with their durations', async () => {
    const ops = await prometheus.queryUntil(
      'master_metadata_operations_total{job="dfs-master"}',
      (s) => s.length === 4,
    );
    expect(
      Object.fromEntries(ops.map((s) => [`${s.metric.operation}/${s.metric.status}`, s.value])),
    ).toEqual({
      'create/success': E.writes,
      'lookup/success': E.reads,
      'lookup/not_found': 1,
      'delete/success': E.deletes,
    });
    const durations = await prometheus.query('master_metadata_operation_duration_seconds_count');
    expect(byLabel(durations, 'operation')).toEqual({
      create: E.writes,
      lookup: E.reads + 1,
      delete: E.deletes,
    });
    const buckets = await prometheus.query(
      'master_metadata_operation_duration_seconds_bucket{operation="create"}',
    );
    const le = (s: Sample) => (s.metric.le === '+Inf' ? Infinity : Number(s.metric.le));
    expect(buckets.map(le).sort((a, b) => a - b)).toEqual([
      0.0001,
      0.0005,
      0.001,
      0.005,
      0.01,
      0.05,
      0.1,
      0.5,
      1,
      5,
      10,
      30,
      60,
      Infinity,
    ]);
  });

  it('master: the metadata cache counts hits, misses and evictions of every lookup', async () => {
    const hits = one(await prometheus.query('master_metadata_cache_hits_total'));
    const misses = one(await prometheus.query('master_metadata_cache_misses_total'));
    expect(hits + misses).toBe(E.reads + 1);
    // The known phase alone: 6 hits, 3 misses, 4 evictions; the load adds misses and evictions.
    expect(hits).toBeGreaterThanOrEqual(6);
    expect(misses).toBeGreaterThanOrEqual(3);
    expect(
      one(await prometheus.query('master_metadata_cache_evictions_total')),
    ).toBeGreaterThanOrEqual(4);
    // A gauge under concurrent deletes: full, or one short when a delete came last.
    expect(one(await prometheus.query('master_metadata_cache_entries'))).toBeGreaterThanOrEqual(3);
    expect(one(await prometheus.query('master_metadata_cache_entries'))).toBeLessThanOrEqual(4);
    expect(one(await prometheus.query('master_metadata_cache_size_bytes'))).toBeGreaterThan(0);
  });

  it('master: chunks, replicas and sessions', async () => {
    expect(one(await prometheus.query('master_chunks_created_total'))).toBe(E.chunksCreated);
    expect(one(await prometheus.query('master_chunks_deleted_total'))).toBe(E.chunksDeleted);
    expect(one(await prometheus.query('master_chunks'))).toBe(E.chunks);
    expect(one(await prometheus.query('master_chunk_replicas'))).toBe(2 * E.chunks);
    expect(one(await prometheus.query('master_active_sessions'))).toBe(1);
    const sessions = await prometheus.query('master_session_operations_total');
    expect(sessions.map((s) => [s.metric.operation, s.metric.status, s.value])).toEqual([
      ['open', 'success', 1],
    ]);
  });

  it('chunkservers: chunk operations, bytes and space, exact over all three', async () => {
    const ops = await prometheus.query(
      'sum by (operation, status) (chunkserver_chunk_operations_total)',
    );
    expect(
      Object.fromEntries(ops.map((s) => [`${s.metric.operation}/${s.metric.status}`, s.value])),
    ).toEqual({
      'write/success': E.replicaWrites,
      'read/success': E.chunkReads,
      'delete/success': E.replicaDeletes,
    });
    const durations = await prometheus.query(
      'sum by (operation) (chunkserver_chunk_operation_duration_seconds_count)',
    );
    expect(byLabel(durations, 'operation')).toEqual({
      write: E.replicaWrites,
      read: E.chunkReads,
      delete: E.replicaDeletes,
    });
    expect(await sumOf('chunkserver_disk_write_bytes_total', E.bytesWritten)).toBe(E.bytesWritten);
    expect(await sumOf('chunkserver_disk_read_bytes_total', E.bytesRead)).toBe(E.bytesRead);
    expect(await sumOf('chunkserver_chunks_stored', 2 * E.chunks)).toBe(2 * E.chunks);
    expect(await sumOf('chunkserver_chunk_storage_size_bytes', E.storedBytes)).toBe(E.storedBytes);
    expect(await sumOf('chunkserver_disk_space_used_bytes', E.storedBytes)).toBe(E.storedBytes);
    const total = await prometheus.query('chunkserver_disk_space_total_bytes');
    expect(total.map((s) => s.value)).toEqual([2 ** 30, 2 ** 30, 2 ** 30]);
    expect(one(await prometheus.query('sum(chunkserver_disk_space_available_bytes)'))).toBe(
      3 * 2 ** 30 - E.storedBytes,
    );
  });

  it('metalogger: log entries with their lag, backups and recoveries', async () => {
    expect(
      await sumOf('metalogger_log_entries_total{operation="create",status="success"}', E.writes),
    ).toBe(E.writes);
    expect(
      await sumOf('metalogger_log_entries_total{operation="delete",status="success"}', E.deletes),
    ).toBe(E.deletes);
    expect(await sumOf('metalogger_log_replication_lag_seconds_count', E.writes + E.deletes)).toBe(
      E.writes + E.deletes,
    );
    expect(one(await prometheus.query('metalogger_log_size_bytes'))).toBeGreaterThan(0);
    const backups = await prometheus.query('metalogger_backup_operations_total');
    expect(backups.map((s) => [s.metric.operation, s.metric.status, s.value])).toEqual([
      ['snapshot', 'success', 2],
    ]);
    expect(one(await prometheus.query('metalogger_backup_duration_seconds_count'))).toBe(2);
    expect(one(await prometheus.query('metalogger_backup_size_bytes_count'))).toBe(2);
    const recoveries = await prometheus.query('metalogger_recovery_operations_total');
    expect(
      Object.fromEntries(
        recoveries.map((s) => [`${s.metric.operation}/${s.metric.status}`, s.value]),
      ),
    ).toEqual({
      'restore_snapshot/error': 1,
      'restore_snapshot/success': 1,
      'replay_log/success': 1,
    });
    const durations = await prometheus.query('metalogger_recovery_duration_seconds_count');
    expect(byLabel(durations, 'operation')).toEqual({ restore_snapshot: 2, replay_log: 1 });
  });

  it('client: file operations, transfers and the connection error of the failover', async () => {
    const ops = await prometheus.query('client_file_operations_total');
    expect(
      Object.fromEntries(ops.map((s) => [`${s.metric.operation}/${s.metric.status}`, s.value])),
    ).toEqual({
      'write/success': E.writes,
      'read/success': E.reads,
      'read/not_found': 1,
      'delete/success': E.deletes,
    });
    const durations = await prometheus.query('client_file_operation_duration_seconds_count');
    expect(byLabel(durations, 'operation')).toEqual({
      write: E.writes,
      read: E.reads + 1,
      delete: E.deletes,
    });
    expect(one(await prometheus.query('client_bytes_written_total'))).toBe(E.bytesWritten);
    expect(one(await prometheus.query('client_bytes_read_total'))).toBe(E.bytesRead);
    expect(one(await prometheus.query('client_write_operations_total'))).toBe(E.replicaWrites);
    expect(one(await prometheus.query('client_read_operations_total'))).toBe(E.chunkReads);
    const errors = await prometheus.query('client_connection_errors_total');
    expect(errors.map((s) => [s.metric.type, s.metric.target, s.value])).toEqual([
      ['unavailable', 'chunkserver-1', 1],
    ]);
    expect(one(await prometheus.query('client_files_open'))).toBe(0);
    expect(one(await prometheus.query('client_master_connections'))).toBe(1);
    expect(one(await prometheus.query('client_chunkserver_connections'))).toBe(3);
  });

  it('every component reports process metrics and its identity', async () => {
    for (const metric of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'process_open_fds',
      'process_start_time_seconds',
      'nodejs_eventloop_lag_seconds',
    ]) {
      const samples = await prometheus.query(metric);
      expect(samples.map((s) => s.metric.job).sort()).toEqual([...COMPONENTS].sort());
    }
    const identity = await prometheus.query('target_info');
    expect(
      identity
        .map((s) => `${s.metric.job}=${s.metric.service_name}/${s.metric.service_namespace}`)
        .sort(),
    ).toEqual(COMPONENTS.map((c) => `${c}=${c}/dfs`).sort());
  });

  it('derives each component health from its metrics and exposes it', async () => {
    const status = await prometheus.queryUntil(
      'meterline_health_check_status == 1',
      (s) => s.length === 11,
    );
    const byCheck = Object.fromEntries(
      status.map((s) => [`${s.metric.job}/${s.metric.check}`, s.metric.status]),
    );
    expect(Object.keys(byCheck).sort()).toEqual([
      'dfs-chunkserver-1/chunk_operations',
      'dfs-chunkserver-1/disk_space',
      'dfs-chunkserver-2/chunk_operations',
      'dfs-chunkserver-2/disk_space',
      'dfs-chunkserver-3/chunk_operations',
      'dfs-chunkserver-3/disk_space',
      'dfs-client/connections',
      'dfs-master/chunkservers',
      'dfs-master/metadata_cache',
      'dfs-metalogger/backup',
      'dfs-metalogger/change_log',
    ]);
    expect(byCheck['dfs-master/chunkservers']).toBe('healthy');
    expect(byCheck['dfs-chunkserver-1/chunk_operations']).toBe('healthy');
    expect(byCheck['dfs-metalogger/backup']).toBe('healthy');
    // The failover's connection error has left the window of the last 100 transfers.
    expect(byCheck['dfs-client/connections']).toBe('healthy');
  });

  it('serves bodies that promtool check metrics accepts, on every endpoint', async () => {
    for (const component of COMPONENTS) {
      const body = await (await fetch(dfs.metrics.get(component)!)).text();
      expect({ component, ...checkMetrics(body) }).toEqual({ component, exitCode: 0, output: '' });
    }
  });

  it('flushes and exits 0 on SIGINT', async () => {
    const code = await dfs.child.stop('SIGINT');
    expect(code).toBe(0);
    expect(dfs.child.stdout()).toContain('dfs: SIGINT received, flushing metrics and stopping');
  });
});
