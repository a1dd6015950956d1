import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { ClusterAggregator, PartialCollectionError } from '../../src/cluster/aggregator.js';
import { DeltaReader } from '../../src/cluster/delta-reader.js';
import { MergeStore } from '../../src/cluster/merge-store.js';
import { WorkerAgent } from '../../src/cluster/worker-agent.js';
import type { ClusterMessage, CollectMessage } from '../../src/cluster/wire.js';
import { silentLogger } from '@meterline/plugin';

/** A worker in this process: its own provider and agent, linked to `aggregator` by id. */
function worker(aggregator: ClusterAggregator, id: string) {
  const reader = new DeltaReader();
  const provider = new MeterProvider({ readers: [reader] });
  const counter = provider.getMeter('svc').createCounter('jobs');
  let answering = true;
  const held: CollectMessage[] = [];
  let toWorker: ((message: unknown) => void) | undefined;
  const agent = new WorkerAgent({
    reader,
    logger: silentLogger,
    channel: {
      send(message: ClusterMessage) {
        if (message.type === 'hello') {
          aggregator.connect({
            id,
            send(request) {
              if (answering) toWorker?.(request);
              else held.push(request);
              return true;
            },
          });
        } else if (message.type === 'delta') {
          aggregator.receive(id, message);
        }
      },
      listen(listener) {
        toWorker = listener;
        return () => (toWorker = undefined);
      },
    },
  });
  agent.start();
  return {
    counter,
    agent,
    stall: () => (answering = false),
    resume() {
      answering = true;
      for (const request of held.splice(0)) toWorker?.(request);
    },
  };
}

function total(result: Awaited<ReturnType<ClusterAggregator['collect']>>): number {
  const metric = result.resourceMetrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .find((m) => m.descriptor.name === 'jobs');
  return (metric?.dataPoints ?? []).reduce((sum, p) => sum + (p.value as number), 0);
}

const logs: string[] = [];
const logger = { ...silentLogger, warn: (m: string) => logs.push(m) };

describe('ClusterAggregator', () => {
  it('waits for every connected worker and returns their merged totals', async () => {
    const aggregator = new ClusterAggregator({
      store: new MergeStore(),
      collectTimeoutMillis: 1000,
      logger,
    });
    const a = worker(aggregator, 'w1');
    const b = worker(aggregator, 'w2');
    a.counter.add(3);
    b.counter.add(4);
    const result = await aggregator.collect();
    expect(result.errors).toEqual([]);
    expect(total(result)).toBe(7);
    b.counter.add(1);
    expect(total(await aggregator.collect())).toBe(8);
  });

  it('reports a worker that misses the timeout, and merges its late answer into the next collection', async () => {
    const aggregator = new ClusterAggregator({
      store: new MergeStore(),
      collectTimeoutMillis: 50,
      logger,
    });
    const a = worker(aggregator, 'w1');
    const b = worker(aggregator, 'w2');
    a.counter.add(3);
    b.counter.add(4);
    b.stall();
    const partial = await aggregator.collect();
    expect(total(partial)).toBe(3);
    expect(partial.errors).toHaveLength(1);
    expect(partial.errors[0]).toBeInstanceOf(PartialCollectionError);
    expect((partial.errors[0] as PartialCollectionError).missing).toEqual(['w2']);
    expect(logs.at(-1)).toMatch(/partial: w2 did not answer within 50 ms/);
    b.resume();
    const whole = await aggregator.collect();
    expect(whole.errors).toEqual([]);
    expect(total(whole)).toBe(7);
  });

  it('caps its wait at the caller timeout (the scrape timeout)', async () => {
    const aggregator = new ClusterAggregator({
      store: new MergeStore(),
      collectTimeoutMillis: 60_000,
      logger,
    });
    worker(aggregator, 'w1').stall();
    const result = await aggregator.collect({ timeoutMillis: 30 });
    expect(String(result.errors[0])).toMatch(/within 30 ms/);
  });

  it('does not wait for a worker that left, and keeps its totals', async () => {
    const aggregator = new ClusterAggregator({
      store: new MergeStore(),
      collectTimeoutMillis: 1000,
      logger,
    });
    const a = worker(aggregator, 'w1');
    const b = worker(aggregator, 'w2');
    a.counter.add(2);
    b.counter.add(5);
    expect(total(await aggregator.collect())).toBe(7);
    b.stall();
    aggregator.disconnect('w2');
    const result = await aggregator.collect();
    expect(result.errors).toEqual([]);
    expect(total(result)).toBe(7);
    expect(aggregator.connected).toBe(1);
  });

  it('names an unreadable delta in the next collection instead of dropping it silently', async () => {
    const aggregator = new ClusterAggregator({
      store: new MergeStore(),
      collectTimeoutMillis: 1000,
      logger,
    });
    aggregator.receive('w9', {
      '@meterline/cluster': 1,
      type: 'delta',
      id: 0,
      data: { not: 'a list' } as never,
    });
    const result = await aggregator.collect();
    expect(String(result.errors[0])).toMatch(
      /w9: unreadable delta: delta data is not a list of scopes/,
    );
  });

  it('builds the merged snapshot in slices, giving the event loop turns, with the same data', async () => {
    const reader = new DeltaReader();
    const provider = new MeterProvider({ readers: [reader] });
    const meter = provider.getMeter('svc');
    for (let i = 0; i < 300; i++) meter.createCounter(`c${i}`).add(i + 1, { n: String(i) });
    const store = new MergeStore();
    for (const scope of (await reader.collectDelta()).scopes) {
      for (const metric of scope.metrics) store.apply('w1', scope.scope, metric);
    }
    const expected = store.snapshot([0, 0]);

    const turnsDuring = async (sliceMs: number) => {
      const aggregator = new ClusterAggregator({
        store,
        collectTimeoutMillis: 1000,
        logger,
        sliceMs,
      });
      let turns = 0;
      let done = false;
      const spin = () => {
        if (done) return;
        turns++;
        setImmediate(spin);
      };
      setImmediate(spin);
      const result = await aggregator.collect();
      done = true;
      return { turns, result };
    };
    const sliced = await turnsDuring(0);
    // One turn per instrument with a zero slice; with a huge slice none beyond the queue's own.
    expect(sliced.turns).toBeGreaterThanOrEqual(300);
    expect((await turnsDuring(1e9)).turns).toBeLessThan(5);
    const metrics = sliced.result.resourceMetrics.scopeMetrics.flatMap((sm) => sm.metrics);
    expect(metrics.map((m) => m.descriptor.name)).toEqual(
      expected.flatMap((sm) => sm.metrics).map((m) => m.descriptor.name),
    );
    expect(metrics.reduce((sum, m) => sum + (m.dataPoints[0]!.value as number), 0)).toBe(
      (300 * 301) / 2,
    );
  });

  it('merges unasked deltas (a worker flushing before it exits)', async () => {
    const aggregator = new ClusterAggregator({
      store: new MergeStore(),
      collectTimeoutMillis: 1000,
      logger,
    });
    const a = worker(aggregator, 'w1');
    a.counter.add(6);
    await a.agent.push();
    a.stall();
    aggregator.disconnect('w1');
    expect(total(await aggregator.collect())).toBe(6);
  });
});
