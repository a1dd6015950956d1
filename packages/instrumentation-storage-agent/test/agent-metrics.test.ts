import {
  DataPointType,
  MeterProvider,
  type DataPoint,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { InMemoryMetricReader } from '@meterline/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { LATENCY_1MS_10S_BUCKETS } from '@meterline/instrumentation-kit';
import { AgentMetrics } from '../src/agent-metrics.js';

const providers: MeterProvider[] = [];
afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.shutdown()));
});

function setup() {
  const reader = new InMemoryMetricReader();
  const provider = new MeterProvider({ readers: [reader] });
  providers.push(provider);
  return { reader, metrics: new AgentMetrics(provider.getMeter('storage-agent')) };
}

async function collect(reader: InMemoryMetricReader): Promise<Map<string, MetricData>> {
  const { resourceMetrics } = await reader.collect();
  return new Map(
    resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]),
  );
}

function byLabels(metric: MetricData | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const point of metric?.dataPoints ?? []) {
    const key = `${String(point.attributes.operation)}/${String(point.attributes.backend)}`;
    out[key] =
      metric!.dataPointType === DataPointType.HISTOGRAM
        ? (point as DataPoint<Histogram>).value.count
        : (point.value as number);
  }
  return out;
}

describe('AgentMetrics', () => {
  it('creates the seed instruments with their units and second-scale buckets', async () => {
    const { reader, metrics } = setup();
    metrics.messageReceived(0.002);
    metrics.storageOperation('put', 'local', 0.003);
    metrics.observePeers(() => 4);
    const all = await collect(reader);
    expect([...all.keys()].sort()).toEqual([
      'agent_peers_connected',
      'message_processing_duration_seconds',
      'messages_received',
      'storage_operation_duration_seconds',
      'storage_operations',
    ]);
    expect(all.get('messages_received')!.dataPointType).toBe(DataPointType.SUM);
    const duration = all.get('message_processing_duration_seconds')!;
    expect(duration.descriptor.unit).toBe('s');
    const point = duration.dataPoints[0] as DataPoint<Histogram>;
    expect(point.value.buckets.boundaries).toEqual(LATENCY_1MS_10S_BUCKETS);
    expect(point.value.sum).toBe(0.002);
    expect(all.get('agent_peers_connected')!.dataPoints[0]!.value).toBe(4);
  });

  it('counts storage operations by operation and backend', async () => {
    const { reader, metrics } = setup();
    for (let i = 0; i < 3; i++) metrics.storageOperation('put', 'local', 0.001);
    for (let i = 0; i < 2; i++) metrics.storageOperation('get', 'redis', 0.001);
    metrics.storageOperation('delete', 'redis', 0.001);
    const all = await collect(reader);
    const expected = { 'put/local': 3, 'get/redis': 2, 'delete/redis': 1 };
    expect(byLabels(all.get('storage_operations'))).toEqual(expected);
    expect(byLabels(all.get('storage_operation_duration_seconds'))).toEqual(expected);
  });

  it('times an operation that fails and rethrows its error', async () => {
    const { reader, metrics } = setup();
    await expect(
      metrics.timeStorageOperation('get', 'redis', () => Promise.reject(new Error('down'))),
    ).rejects.toThrow('down');
    await expect(
      metrics.timeStorageOperation('put', 'redis', () => Promise.resolve(7)),
    ).resolves.toBe(7);
    const all = await collect(reader);
    expect(byLabels(all.get('storage_operations'))).toEqual({ 'get/redis': 1, 'put/redis': 1 });
    expect(byLabels(all.get('storage_operation_errors'))).toEqual({ 'get/redis': 1 });
  });

  it('starts every error series of a backend at zero', async () => {
    const { reader, metrics } = setup();
    metrics.initializeBackend('local');
    const all = await collect(reader);
    expect(byLabels(all.get('storage_operation_errors'))).toEqual({
      'get/local': 0,
      'put/local': 0,
      'delete/local': 0,
    });
  });

  it('keeps counts exact under 10,000 concurrent operations', async () => {
    const { reader, metrics } = setup();
    const ops = ['get', 'put', 'delete'] as const;
    let next = 0;
    const worker = async () => {
      while (next < 10_000) {
        const i = next++;
        await metrics.timeStorageOperation(ops[i % 3]!, i % 2 ? 'redis' : 'local', async () => {
          await Promise.resolve();
          metrics.messageReceived(0.0001);
        });
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    const all = await collect(reader);
    const counts = byLabels(all.get('storage_operations'));
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(counts['get/local']).toBe(1667);
    expect(counts['put/redis']).toBe(1667);
    expect(byLabels(all.get('storage_operation_duration_seconds'))).toEqual(counts);
    expect(all.get('messages_received')!.dataPoints[0]!.value).toBe(10_000);
  });

  it('refuses a second peer-count source', () => {
    const { metrics } = setup();
    metrics.observePeers(() => 1);
    expect(() => metrics.observePeers(() => 2)).toThrow('observePeers() was already called');
  });
});
