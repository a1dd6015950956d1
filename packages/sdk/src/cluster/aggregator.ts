import type { Counter, Meter } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { emptyResource, millisToHrTime } from '@meterline/engine';
import type {
  CollectionResult,
  MetricCollectOptions,
  MetricProducer,
  ScopeMetrics,
} from '@opentelemetry/sdk-metrics';
import type { Logger } from '@meterline/plugin';
import type { DeltaReader } from './delta-reader.js';
import { ScopeGrouper, type MergeStore } from './merge-store.js';
import { PROTOCOL, TAG, type CollectMessage, type DeltaMessage } from './wire.js';
import { decodeMetrics } from './wire-format.js';
import { PartialCollectionError } from './partial-collection-error.js';

export { PartialCollectionError };

/** The primary's end of one worker's channel. */
export interface WorkerLink {
  /** Unique among the workers the primary ever had, for example `cluster-3` or `thread-2`. */
  readonly id: string;
  /** Sends a request; false when the channel is already closed (the worker is leaving). */
  send(message: CollectMessage): boolean;
}

/** What worker links report to: the primary's aggregator, or a cluster worker's thread relay. */
export interface WorkerSink {
  connect(link: WorkerLink): void;
  disconnect(id: string): void;
  receive(id: string, message: DeltaMessage): void;
}

/** Options of {@link ClusterAggregator}. */
export interface ClusterAggregatorOptions {
  readonly store: MergeStore;
  /** Longest wait for the workers' deltas in one collection (capped by the caller's timeout). */
  readonly collectTimeoutMillis: number;
  readonly logger: Logger;
  /** The primary's own recordings, merged like a worker's (source `primary`). */
  readonly local?: DeltaReader;
  /** The resource the merged data is exported under. @default empty (the reader adds its own) */
  readonly resource?: Resource;
  /** Give the event loop a turn after this much merge work. @default 5 */
  readonly sliceMs?: number;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The primary's view of the service: a standard `MetricProducer` (hand it to any reader's
 * `metricProducers`) whose `collect()` asks every connected worker for its delta, waits up to the
 * collect timeout, merges what arrived into the {@link MergeStore} and returns the cumulative
 * state. A worker that does not answer in time is logged, counted, and named in the result's
 * `errors` (so the reader's error policy decides what the scrape says); its answer is merged when
 * it comes, and shows in the next collection. Deltas are applied in arrival order, one at a time,
 * giving the event loop a turn every `sliceMs`.
 *
 * Only workers that said hello are waited for: one still booting, or one that runs no telemetry,
 * never makes a scrape partial.
 */
export class ClusterAggregator implements MetricProducer, WorkerSink {
  private readonly links = new Map<string, WorkerLink>();
  /** The threads each cluster worker relayed, by worker: dropped with it. */
  private readonly parts = new Map<string, Set<string>>();
  private readonly pending = new Map<string, () => void>();
  private readonly problems: Error[] = [];
  private queue: Promise<void> = Promise.resolve();
  private requestId = 0;
  private timeouts: Counter | undefined;

  constructor(private readonly options: ClusterAggregatorOptions) {}

  /** Workers currently connected (said hello, not yet gone). */
  get connected(): number {
    return this.links.size;
  }

  /** Records the aggregator's self-metrics on `meter` (call once). */
  observe(meter: Meter): void {
    this.timeouts = meter.createCounter('meterline.cluster.collect.timeouts', {
      description: 'Workers that did not answer a collection within the cluster collect timeout',
      unit: '{worker}',
    });
    meter
      .createObservableGauge('meterline.cluster.workers', {
        description: 'Workers connected to the primary (telemetry started, not exited)',
        unit: '{worker}',
      })
      .addCallback((result) => result.observe(this.links.size));
    meter
      .createObservableGauge('meterline.cluster.series', {
        description: 'Series the primary holds merged (bounded by the cardinality limit)',
        unit: '{series}',
      })
      .addCallback((result) => result.observe(this.options.store.seriesCount));
  }

  /** A worker said hello: it is waited for by every later collection. */
  connect(link: WorkerLink): void {
    this.links.set(link.id, link);
    this.options.logger.info(`cluster: ${link.id} connected (${this.links.size} workers)`);
  }

  /** A worker is gone: no longer waited for; its levels are dropped, its totals stay. */
  disconnect(id: string): void {
    if (!this.links.delete(id)) return;
    for (const [key, resolve] of this.pending) if (key.endsWith(`\u0000${id}`)) resolve();
    const parts = [...(this.parts.get(id) ?? [])];
    this.parts.delete(id);
    void this.enqueue(() => {
      this.options.store.removeSource(id);
      for (const part of parts) this.options.store.removeSource(part);
    });
    this.options.logger.info(`cluster: ${id} left; its totals stay (${this.links.size} workers)`);
  }

  /** A delta from worker `id`: merged in turn; answers the request it names, if still waited. */
  receive(id: string, message: DeltaMessage): void {
    if (message[TAG] !== PROTOCOL) {
      this.options.logger.error(
        `cluster: ${id} speaks protocol ${String(message[TAG])}, not ${PROTOCOL}`,
      );
      return;
    }
    for (const error of message.errors ?? []) this.problem(new Error(`${id}: ${error}`));
    const parts = message.parts ?? [];
    const gone = (message.gone ?? []).map((thread) => `${id}/${thread}`);
    if (parts.length > 0) {
      let known = this.parts.get(id);
      if (!known) this.parts.set(id, (known = new Set()));
      for (const part of parts) known.add(`${id}/${part.source}`);
      for (const thread of gone) known.delete(thread);
    }
    void this.enqueue(async () => {
      await this.merge(id, message.data);
      for (const part of parts) await this.merge(`${id}/${part.source}`, part.data);
      for (const thread of gone) this.options.store.removeSource(thread);
    }).then(() => {
      const key = `${message.id}\u0000${id}`;
      this.pending.get(key)?.();
      this.pending.delete(key);
    });
  }

  async collect(options?: MetricCollectOptions): Promise<CollectionResult> {
    const timeout = Math.min(this.options.collectTimeoutMillis, options?.timeoutMillis ?? Infinity);
    const missing = await this.requestAll(timeout);
    const errors: unknown[] = [];
    if (missing.length > 0) {
      const error = new PartialCollectionError(missing, timeout);
      this.options.logger.warn(error.message);
      this.timeouts?.add(missing.length);
      errors.push(error);
    }
    // The primary's own data last, so this collection's timeouts already count.
    if (this.options.local) {
      const local = await this.options.local.collectDelta(timeout);
      errors.push(...local.errors);
      await this.enqueue(() => this.mergeScopes('primary', local.scopes));
    }
    // In the queue, so no merge changes the store while the snapshot gives the loop its turns.
    let scopeMetrics: ScopeMetrics[] = [];
    await this.enqueue(async () => (scopeMetrics = await this.snapshot()));
    errors.push(...this.problems.splice(0));
    return {
      resourceMetrics: { resource: this.options.resource ?? emptyResource(), scopeMetrics },
      errors,
    };
  }

  /** The store's merged state, built one instrument at a time with a turn every `sliceMs`. */
  private async snapshot(): Promise<ScopeMetrics[]> {
    const sliceMs = this.options.sliceMs ?? 5;
    const scopes = new ScopeGrouper();
    let sliceStart = performance.now();
    for (const { scope, metric } of this.options.store.metrics(millisToHrTime(Date.now()))) {
      scopes.add(scope, metric);
      if (performance.now() - sliceStart >= sliceMs) {
        await turn();
        sliceStart = performance.now();
      }
    }
    return scopes.result();
  }

  /** Sends a request to every connected worker; resolves with those that missed the timeout. */
  private async requestAll(timeout: number): Promise<string[]> {
    const id = ++this.requestId;
    const waits: Promise<void>[] = [];
    const keys = new Map<string, string>();
    for (const link of this.links.values()) {
      const key = `${id}\u0000${link.id}`;
      waits.push(new Promise<void>((resolve) => this.pending.set(key, resolve)));
      keys.set(key, link.id);
      const request = { [TAG]: PROTOCOL, type: 'collect', id, timeoutMillis: timeout } as const;
      if (!link.send(request)) this.pending.get(key)!();
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(waits),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeout))),
    ]);
    clearTimeout(timer);
    const missing: string[] = [];
    for (const [key, worker] of keys) {
      // Resolved entries were deleted by `receive` (or `disconnect`, for a worker that left).
      if (this.pending.delete(key) && this.links.has(worker)) missing.push(worker);
    }
    return missing;
  }

  private enqueue(work: () => unknown): Promise<void> {
    this.queue = this.queue.then(work).then(
      () => undefined,
      (error: unknown) => this.problem(error instanceof Error ? error : new Error(String(error))),
    );
    return this.queue;
  }

  private merge(source: string, data: unknown): Promise<void> | undefined {
    let scopes: ScopeMetrics[];
    try {
      scopes = decodeMetrics(data);
    } catch (error) {
      this.problem(new Error(`${source}: unreadable delta: ${(error as Error).message}`));
      return undefined;
    }
    return this.mergeScopes(source, scopes);
  }

  private async mergeScopes(source: string, scopes: ScopeMetrics[]): Promise<void> {
    const sliceMs = this.options.sliceMs ?? 5;
    let sliceStart = performance.now();
    for (const scope of scopes) {
      for (const metric of scope.metrics) {
        try {
          this.options.store.apply(source, scope.scope, metric);
        } catch (error) {
          this.problem(new Error(`${source}: ${(error as Error).message}`));
        }
        if (performance.now() - sliceStart >= sliceMs) {
          await turn();
          sliceStart = performance.now();
        }
      }
    }
  }

  private problem(error: Error): void {
    this.options.logger.error(`cluster merge: ${error.message}`);
    // Bounded: a worker repeating one problem every collection does not grow memory.
    if (this.problems.length < 100) this.problems.push(error);
  }
}
