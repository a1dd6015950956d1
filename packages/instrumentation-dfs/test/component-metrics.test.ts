import { afterEach, describe, expect, it } from 'vitest';
import { DFS_LATENCY_BUCKETS, DFS_SIZE_BUCKETS } from '../src/buckets.js';
import { createComponentMetrics, DFS_COMPONENTS } from '../src/factory.js';
import { ChunkServerMetrics } from '../src/chunkserver-metrics.js';
import { ClientMetrics } from '../src/client-metrics.js';
import { MasterMetrics, type MasterState } from '../src/master-metrics.js';
import { MetaloggerMetrics } from '../src/metalogger-metrics.js';
import { boundaries, points, testMeter } from './harness.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

function setup() {
  const t = testMeter();
  cleanup.push(t.shutdown);
  return t;
}

function masterState(overrides: Partial<MasterState> = {}): MasterState {
  return {
    cacheEntries: () => 3,
    cacheSizeBytes: () => 300,
    chunks: () => 5,
    chunkReplicas: () => 10,
    activeSessions: () => 1,
    chunkservers: () => ({ registered: 3, up: 3 }),
    replicationFactor: 2,
    ...overrides,
  };
}

describe('collector factory', () => {
  it('makes the metric set of each component kind', () => {
    const { meter } = setup();
    expect(createComponentMetrics('master', meter)).toBeInstanceOf(MasterMetrics);
    expect(createComponentMetrics('chunkserver', meter)).toBeInstanceOf(ChunkServerMetrics);
    expect(createComponentMetrics('metalogger', meter)).toBeInstanceOf(MetaloggerMetrics);
    expect(createComponentMetrics('client', meter)).toBeInstanceOf(ClientMetrics);
    expect(DFS_COMPONENTS).toEqual(['master', 'chunkserver', 'metalogger', 'client']);
  });

  it('names the known kinds for an unknown one', () => {
    const { meter } = setup();
    expect(() => createComponentMetrics('raft' as 'master', meter)).toThrow(
      'unknown DFS component type "raft" (expected one of: master, chunkserver, metalogger, client)',
    );
    expect(() => createComponentMetrics('toString' as 'master', meter)).toThrow('unknown');
  });
});

describe('master metrics', () => {
  it('records metadata operations, the cache and chunks under the file system names', async () => {
    const { meter, collect } = setup();
    const m = new MasterMetrics(meter);
    m.observe(masterState());
    await m.timeMetadataOperation('create', () => 1);
    await m.timeMetadataOperation(
      'lookup',
      () => undefined,
      (r) => (r ? 'success' : 'not_found'),
    );
    await expect(
      m.timeMetadataOperation('delete', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    m.cacheHit();
    m.cacheHit();
    m.cacheMiss();
    m.cacheEviction();
    m.chunksCreated(4);
    m.chunksDeleted(0);
    m.sessionOperation('open', 'success');
    const all = await collect();
    expect(points(all.get('master_metadata_operations'))).toEqual({
      'create/success': 1,
      'lookup/not_found': 1,
      'delete/error': 1,
    });
    expect(points(all.get('master_metadata_operation_duration_seconds'))).toEqual({
      create: 1,
      lookup: 1,
      delete: 1,
    });
    expect(boundaries(all.get('master_metadata_operation_duration_seconds'))).toEqual(
      DFS_LATENCY_BUCKETS,
    );
    expect(points(all.get('master_metadata_cache_hits'))).toEqual({ '-': 2 });
    expect(points(all.get('master_metadata_cache_misses'))).toEqual({ '-': 1 });
    expect(points(all.get('master_metadata_cache_evictions'))).toEqual({ '-': 1 });
    expect(points(all.get('master_chunks_created'))).toEqual({ '-': 4 });
    expect(all.has('master_chunks_deleted')).toBe(false);
    expect(points(all.get('master_session_operations'))).toEqual({ 'open/success': 1 });
    expect(points(all.get('master_metadata_cache_entries'))).toEqual({ '-': 3 });
    expect(points(all.get('master_metadata_cache_size_bytes'))).toEqual({ '-': 300 });
    expect(all.get('master_metadata_cache_size_bytes')!.descriptor.unit).toBe('By');
    expect(points(all.get('master_chunks'))).toEqual({ '-': 5 });
    expect(points(all.get('master_chunk_replicas'))).toEqual({ '-': 10 });
    expect(points(all.get('master_active_sessions'))).toEqual({ '-': 1 });
  });

  it('degrades the cache check when the recent hit ratio falls below the threshold', () => {
    const { meter } = setup();
    const m = new MasterMetrics(meter, { minLookups: 10, minCacheHitRatio: 0.5, window: 20 });
    m.observe(masterState());
    for (let i = 0; i < 9; i++) m.cacheMiss();
    expect(m.cacheHealth().status).toBe('healthy'); // too few lookups to judge
    m.cacheMiss();
    expect(m.cacheHealth()).toMatchObject({
      status: 'degraded',
      message: 'metadata cache hit ratio 0 below 0.5',
      details: { hitRatio: 0, recentLookups: 10, entries: 3 },
    });
    for (let i = 0; i < 20; i++) m.cacheHit();
    expect(m.cacheHealth()).toMatchObject({ status: 'healthy', details: { hitRatio: 1 } });
  });

  it('judges chunkservers against the replication factor', () => {
    const { meter } = setup();
    let up = 3;
    const m = new MasterMetrics(meter);
    expect(m.chunkserverHealth().status).toBe('unhealthy');
    m.observe(masterState({ chunkservers: () => ({ registered: 3, up }) }));
    expect(m.chunkserverHealth().status).toBe('healthy');
    up = 2;
    expect(m.chunkserverHealth()).toMatchObject({
      status: 'degraded',
      message: '1 chunkserver(s) down',
    });
    up = 1;
    expect(m.chunkserverHealth().status).toBe('unhealthy');
    expect(() => m.observe(masterState())).toThrow('already called');
  });
});

describe('chunkserver metrics', () => {
  it('records chunk operations with bytes, and disk space from the state', async () => {
    const { meter, collect } = setup();
    const m = new ChunkServerMetrics(meter);
    m.observe({
      chunksStored: () => 2,
      storageBytes: () => 900,
      capacityBytes: () => 1000,
      serving: () => true,
    });
    await m.timeChunkOperation(
      'write',
      async () => undefined,
      () => ({ status: 'success', bytes: 600 }),
    );
    await m.timeChunkOperation(
      'read',
      async () => Buffer.alloc(250),
      (b) => ({ status: 'success', bytes: b.length }),
    );
    await m.timeChunkOperation(
      'read',
      async () => undefined,
      () => ({ status: 'not_found', bytes: 0 }),
    );
    await expect(
      m.timeChunkOperation('delete', () => Promise.reject(new Error('EIO'))),
    ).rejects.toThrow('EIO');
    const all = await collect();
    expect(points(all.get('chunkserver_chunk_operations'))).toEqual({
      'write/success': 1,
      'read/success': 1,
      'read/not_found': 1,
      'delete/error': 1,
    });
    expect(points(all.get('chunkserver_chunk_operation_duration_seconds'))).toEqual({
      write: 1,
      read: 2,
      delete: 1,
    });
    expect(points(all.get('chunkserver_disk_write_bytes'))).toEqual({ '-': 600 });
    expect(points(all.get('chunkserver_disk_read_bytes'))).toEqual({ '-': 250 });
    expect(points(all.get('chunkserver_chunks_stored'))).toEqual({ '-': 2 });
    expect(points(all.get('chunkserver_chunk_storage_size_bytes'))).toEqual({ '-': 900 });
    expect(points(all.get('chunkserver_disk_space_total_bytes'))).toEqual({ '-': 1000 });
    expect(points(all.get('chunkserver_disk_space_used_bytes'))).toEqual({ '-': 900 });
    expect(points(all.get('chunkserver_disk_space_available_bytes'))).toEqual({ '-': 100 });
    expect(m.diskHealth().status).toBe('healthy');
    expect(m.operationsHealth()).toMatchObject({
      status: 'degraded',
      details: { recentErrors: 1 },
    });
  });

  it('reports disk space and serving state in its health', () => {
    const { meter } = setup();
    let used = 950;
    let serving = true;
    const m = new ChunkServerMetrics(meter);
    m.observe({
      chunksStored: () => 1,
      storageBytes: () => used,
      capacityBytes: () => 1000,
      serving: () => serving,
    });
    expect(m.diskHealth()).toMatchObject({
      status: 'degraded',
      message: 'only 0.05 of the disk free',
    });
    used = 1000;
    expect(m.diskHealth().status).toBe('unhealthy');
    serving = false;
    expect(m.operationsHealth()).toMatchObject({
      status: 'unhealthy',
      message: 'not serving requests',
    });
  });
});

describe('metalogger metrics', () => {
  it('records log entries with their lag, backups with size, recoveries', async () => {
    const { meter, collect } = setup();
    const m = new MetaloggerMetrics(meter);
    m.observe({ logSizeBytes: () => 4096, pendingEntries: () => 0 });
    m.logEntry('create', 'success', 0.002);
    m.logEntry('delete', 'success', 0.003);
    expect(await m.timeBackup('snapshot', () => Promise.resolve(2048))).toBe(2048);
    await expect(
      m.timeBackup('snapshot', () => Promise.reject(new Error('disk full'))),
    ).rejects.toThrow();
    expect(m.backupHealth().status).toBe('degraded');
    await m.timeRecovery('restore_snapshot', () => Promise.resolve(1));
    await expect(
      m.timeRecovery('replay_log', () => Promise.reject(new Error('corrupt'))),
    ).rejects.toThrow();
    const all = await collect();
    expect(points(all.get('metalogger_log_entries'))).toEqual({
      'create/success': 1,
      'delete/success': 1,
    });
    expect(points(all.get('metalogger_log_replication_lag_seconds'))).toEqual({ '-': 2 });
    expect(points(all.get('metalogger_log_size_bytes'))).toEqual({ '-': 4096 });
    expect(points(all.get('metalogger_backup_operations'))).toEqual({
      'snapshot/success': 1,
      'snapshot/error': 1,
    });
    expect(points(all.get('metalogger_backup_duration_seconds'))).toEqual({ snapshot: 2 });
    expect(points(all.get('metalogger_backup_size_bytes'))).toEqual({ snapshot: 1 });
    expect(boundaries(all.get('metalogger_backup_size_bytes'))).toEqual(DFS_SIZE_BUCKETS);
    expect(points(all.get('metalogger_recovery_operations'))).toEqual({
      'restore_snapshot/success': 1,
      'replay_log/error': 1,
    });
    expect(points(all.get('metalogger_recovery_duration_seconds'))).toEqual({
      restore_snapshot: 1,
      replay_log: 1,
    });
  });

  it('judges the log by write failures and lag', () => {
    const { meter } = setup();
    const m = new MetaloggerMetrics(meter, { maxLagSeconds: 1 });
    m.logEntry('create', 'success', 2);
    expect(m.logHealth()).toMatchObject({ status: 'degraded', message: 'replication lag 2 s' });
    m.logEntry('create', 'error', 0, 'ENOSPC');
    expect(m.logHealth()).toMatchObject({ status: 'unhealthy', message: 'ENOSPC' });
    m.logEntry('create', 'success', 0.1);
    expect(m.logHealth().status).toBe('healthy');
  });
});

describe('client metrics', () => {
  it('records file operations, transfers and connection errors', async () => {
    const { meter, collect } = setup();
    const m = new ClientMetrics(meter);
    let sessions = 1;
    m.observe({ masterConnections: () => sessions, chunkserverConnections: () => 3 });
    await m.timeFileOperation('write', async () => {
      m.chunkWritten(100);
      m.chunkWritten(100);
    });
    await m.timeFileOperation(
      'read',
      async () => undefined,
      () => 'not_found',
    );
    m.chunkRead(40);
    m.connectionError('unavailable', 'chunkserver-2');
    const all = await collect();
    expect(points(all.get('client_file_operations'))).toEqual({
      'write/success': 1,
      'read/not_found': 1,
    });
    expect(points(all.get('client_files_open'))).toEqual({ '-': 0 });
    expect(points(all.get('client_bytes_written'))).toEqual({ '-': 200 });
    expect(points(all.get('client_bytes_read'))).toEqual({ '-': 40 });
    expect(points(all.get('client_write_operations'))).toEqual({ '-': 2 });
    expect(points(all.get('client_read_operations'))).toEqual({ '-': 1 });
    expect(points(all.get('client_connection_errors'))).toEqual({ 'unavailable/chunkserver-2': 1 });
    expect(points(all.get('client_master_connections'))).toEqual({ '-': 1 });
    expect(points(all.get('client_chunkserver_connections'))).toEqual({ '-': 3 });
    expect(m.connectionHealth()).toMatchObject({ status: 'degraded' });
    sessions = 0;
    expect(m.connectionHealth()).toMatchObject({
      status: 'unhealthy',
      message: 'no session with the master',
    });
  });

  it('keeps counts exact under 10,000 concurrent file operations', async () => {
    const { meter, collect } = setup();
    const m = new ClientMetrics(meter);
    let next = 0;
    const worker = async () => {
      for (let n = next++; n < 10_000; n = next++) {
        await m.timeFileOperation(n % 2 ? 'read' : 'write', async () => {
          await Promise.resolve();
          if (n % 2) m.chunkRead(10);
          else m.chunkWritten(10);
        });
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    const all = await collect();
    expect(points(all.get('client_file_operations'))).toEqual({
      'write/success': 5000,
      'read/success': 5000,
    });
    expect(points(all.get('client_file_operation_duration_seconds'))).toEqual({
      write: 5000,
      read: 5000,
    });
    expect(points(all.get('client_bytes_read'))).toEqual({ '-': 50_000 });
    expect(points(all.get('client_files_open'))).toEqual({ '-': 0 });
  });
});
