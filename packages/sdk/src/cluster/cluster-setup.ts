import type { MeterProvider as ApiMeterProvider } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { MetricProducer, MetricReader } from '@opentelemetry/sdk-metrics';
import type { Worker } from 'node:worker_threads';
import type { Logger } from '@meterline/plugin';
import { ClusterAggregator } from './aggregator.js';
import { processChannel, watchClusterWorkers } from './cluster-links.js';
import type { ClusterOptions } from './cluster-options.js';
import { resolveClusterOptions } from './cluster-options.js';
import { DeltaReader } from './delta-reader.js';
import { MergeStore } from './merge-store.js';
import { attachThread, threadChannel } from './thread-links.js';
import { ThreadRelay } from './thread-relay.js';
import { WorkerAgent } from './worker-agent.js';

/** What `startTelemetry` hands back about the cluster, on `TelemetryHandle.cluster`. */
export interface ClusterHandle {
  /** The role this process or thread took. */
  readonly role: 'primary' | 'worker';
  /**
   * Connects a `worker_threads` Worker (call right after `new Worker(…)`): its telemetry then
   * reports here. On the primary its data is merged; in a `node:cluster` worker (a mixed service)
   * it is relayed to the primary with the worker's own. `node:cluster` workers need no call.
   * Returns how to detach.
   * @throws {Error} in a worker thread.
   */
  attach(worker: Worker): () => void;
}

/** The cluster's part of one telemetry: its readers, producers and lifecycle. */
export interface ClusterSetup extends ClusterHandle {
  /** The one reader of the service's meter provider. */
  readonly reader: MetricReader;
  /** Primary: the merged data, for the exporters' readers. Worker: none. */
  readonly metricProducers: readonly MetricProducer[];
  /** Once the service's meter provider exists: self-metrics, watching workers, hello. */
  start(meterProvider: ApiMeterProvider): void;
  /** After the service's meter provider shut down (a worker's last delta is sent by then). */
  stop(): void;
}

/** Builds the cluster side of a telemetry from `options`, for the role this code runs in. */
export function setupCluster(
  options: ClusterOptions,
  context: {
    readonly logger: Logger;
    readonly cardinalityLimit: number;
    readonly resource: Resource;
  },
): ClusterSetup {
  const resolved = resolveClusterOptions(options);
  if (resolved.role !== 'primary') {
    // The reader's flush pushes through the agent, which needs the reader: tied after both exist.
    const flush: { agent?: WorkerAgent } = {};
    const reader = new DeltaReader({
      cardinalityLimit: context.cardinalityLimit,
      onFlush: () => flush.agent?.push(0) ?? Promise.resolve(),
    });
    const channel = resolved.role === 'cluster-worker' ? processChannel() : threadChannel();
    // A cluster worker may run worker threads of its own: it relays their deltas.
    const relay = resolved.role === 'cluster-worker' ? new ThreadRelay() : undefined;
    const agent = (flush.agent = new WorkerAgent({
      reader,
      channel,
      logger: context.logger,
      pushIntervalMillis: resolved.pushIntervalMillis,
      relay,
    }));
    return {
      role: 'worker',
      reader,
      metricProducers: [],
      attach: (worker) => {
        if (!relay) throw new Error('cluster.attach(): a worker thread cannot attach threads');
        return attachThread(relay, worker);
      },
      start: () => agent.start(),
      stop: () => agent.stop(),
    };
  }
  const reader = new DeltaReader({ cardinalityLimit: context.cardinalityLimit });
  const aggregator = new ClusterAggregator({
    store: new MergeStore({
      cardinalityLimit: context.cardinalityLimit,
      gaugePolicy: resolved.gaugePolicy,
      workerAttribute: resolved.workerAttribute,
    }),
    collectTimeoutMillis: resolved.collectTimeoutMillis,
    logger: context.logger,
    local: reader,
    resource: context.resource,
  });
  let unwatch: (() => void) | undefined;
  return {
    role: 'primary',
    reader,
    metricProducers: [aggregator],
    attach: (worker) => attachThread(aggregator, worker),
    start(meterProvider) {
      aggregator.observe(meterProvider.getMeter('@meterline/sdk'));
      unwatch = watchClusterWorkers(aggregator);
    },
    stop: () => unwatch?.(),
  };
}
