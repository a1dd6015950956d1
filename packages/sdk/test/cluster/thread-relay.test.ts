import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { ClusterAggregator, type WorkerSink } from '../../src/cluster/aggregator.js';
import { DeltaReader } from '../../src/cluster/delta-reader.js';
import { MergeStore } from '../../src/cluster/merge-store.js';
import { ThreadRelay } from '../../src/cluster/thread-relay.js';
import { WorkerAgent } from '../../src/cluster/worker-agent.js';
import type { ClusterMessage, CollectMessage } from '../../src/cluster/wire.js';
import { silentLogger } from '@meterline/plugin';

/** A process or thread with its own provider, its agent linked to `sink` as `id`. */
function node(sink: WorkerSink, id: string, relay?: ThreadRelay) {
  const reader = new DeltaReader();
  const provider = new MeterProvider({ readers: [reader] });
  const meter = provider.getMeter('svc');
  let answering = true;
  let toNode: ((message: unknown) => void) | undefined;
  const held: CollectMessage[] = [];
  const agent = new WorkerAgent({
    reader,
    relay,
    logger: silentLogger,
    channel: {
      send(message: ClusterMessage) {
        if (message.type === 'hello') {
          sink.connect({
            id,
            send(request) {
              if (answering) toNode?.(request);
              else held.push(request);
              return true;
            },
          });
        } else if (message.type === 'delta') sink.receive(id, message);
      },
      listen(listener) {
        toNode = listener;
        return () => (toNode = undefined);
      },
    },
  });
  agent.start();
  return {
    jobs: meter.createCounter('jobs'),
    busy: meter.createUpDownCounter('busy'),
    stall: () => (answering = false),
  };
}

async function values(aggregator: ClusterAggregator) {
  const result = await aggregator.collect();
  const of = (name: string) =>
    result.resourceMetrics.scopeMetrics
      .flatMap((s) => s.metrics)
      .find((m) => m.descriptor.name === name)
      ?.dataPoints.reduce((sum, p) => sum + (p.value as number), 0);
  return { jobs: of('jobs'), busy: of('busy'), errors: result.errors.map(String) };
}

describe('a cluster worker relaying its own worker threads (a mix)', () => {
  const setup = () => {
    const aggregator = new ClusterAggregator({
      store: new MergeStore(),
      collectTimeoutMillis: 500,
      logger: silentLogger,
    });
    const relay = new ThreadRelay();
    const worker = node(aggregator, 'cluster-1', relay);
    const threads = [node(relay, 'thread-1'), node(relay, 'thread-2')];
    return { aggregator, relay, worker, threads };
  };

  it("merges the threads' data with the worker's, each thread's levels apart", async () => {
    const { aggregator, worker, threads } = setup();
    worker.jobs.add(1);
    threads[0]!.jobs.add(10);
    threads[1]!.jobs.add(100);
    worker.busy.add(1);
    threads[0]!.busy.add(2);
    threads[1]!.busy.add(4);
    expect(await values(aggregator)).toEqual({ jobs: 111, busy: 7, errors: [] });
  });

  it("drops an exited thread's levels, keeps its totals", async () => {
    const { aggregator, relay, threads } = setup();
    threads[0]!.jobs.add(10);
    threads[0]!.busy.add(2);
    threads[1]!.busy.add(4);
    expect(await values(aggregator)).toMatchObject({ jobs: 10, busy: 6 });
    relay.disconnect('thread-1');
    expect(await values(aggregator)).toEqual({ jobs: 10, busy: 4, errors: [] });
  });

  it("drops every relayed thread's levels with their worker", async () => {
    const { aggregator, threads } = setup();
    threads[0]!.jobs.add(10);
    threads[1]!.busy.add(4);
    expect(await values(aggregator)).toMatchObject({ jobs: 10, busy: 4 });
    aggregator.disconnect('cluster-1');
    expect(await values(aggregator)).toEqual({ jobs: 10, busy: undefined, errors: [] });
  });

  it('names a thread that misses the wait in the collection errors', async () => {
    const { aggregator, threads } = setup();
    threads[1]!.jobs.add(5);
    threads[1]!.stall();
    const partial = await values(aggregator);
    expect(partial.errors).toEqual([
      expect.stringMatching(/cluster-1: thread-2 did not answer within 400 ms/),
    ]);
  });
});
