import type { Meter, MeterOptions, MeterProvider as ApiMeterProvider } from '@opentelemetry/api';
import { createNoopMeter } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { defaultResource } from './resource.js';
import type {
  CollectionResult,
  IMetricReader,
  MetricCollectOptions,
  MetricProducer,
  ScopeMetrics,
} from '@opentelemetry/sdk-metrics';
import { silentEngineLogger, type EngineLogger } from './diagnostics.js';
import type { AttributeLimits } from './attribute-limits.js';
import { contextWatch } from './context-watch.js';
import type { ExemplarFilter } from './exemplars.js';
import type { EngineAdmin } from './admin-types.js';
import { EngineAdministration } from './admin.js';
import { EngineMeter, type EngineSettings, type MeterContext, type ReaderPolicy } from './meter.js';
import { registerSelfMetrics } from './self-metrics.js';
import { compileViews, type EngineViewOptions } from './views.js';

/** Options of the engine's {@link MeterProvider}. */
export interface EngineMeterProviderOptions {
  /** The resource of every collection. @default the SDK's default resource */
  readonly resource?: Resource;
  /**
   * Views, as `@opentelemetry/sdk-metrics` takes them; a view's aggregation may also be the
   * engine's summary (`{ type: SUMMARY_AGGREGATION, options }`, histogram instruments only).
   */
  readonly views?: readonly EngineViewOptions[];
  /**
   * Readers, each bound to this provider: any `MetricReader` (Meterline's pull reader, the SDK's
   * `PeriodicExportingMetricReader` with any exporter). Each keeps its own temporality and state.
   */
  readonly readers?: readonly IMetricReader[];
  /** Where dropped values, conflicting instruments and failing callbacks are reported. */
  readonly logger?: EngineLogger;
  /**
   * Evict a series after this long without a recording (its next recording starts a new series,
   * with a new start time). 0 keeps every series (the SDK's behaviour). @default 0
   */
  readonly staleSeriesMillis?: number;
  /**
   * Which measurements may become exemplars: inside a sampled span (`trace_based`), all
   * (`always_on`) or none (`always_off`, and recording then pays nothing for them), as
   * `OTEL_METRICS_EXEMPLAR_FILTER` says. Explicit-bucket histograms keep the last measurement per
   * bucket, exponential histograms up to 20 and other aggregations one, sampled uniformly over the
   * interval; each collection takes them. @default 'trace_based'
   */
  readonly exemplarFilter?: ExemplarFilter;
  /**
   * Cut string values longer than `valueLength` characters and drop attributes past `count` (the
   * spec's attribute limits), reported once per instrument. Checked only when an attributes object
   * is not the one the previous recording passed. @default no limits
   */
  readonly attributeLimits?: AttributeLimits;
  /** Give the event loop a turn after this much collection work (checked between instruments). @default 5 */
  readonly sliceMs?: number;
  /**
   * Count overflowed and rejected measurements per instrument as the engine's own metrics
   * (`meterline.engine.measurements.overflowed`, `….rejected`), exported when non-zero. @default true
   */
  readonly selfMetrics?: boolean;
}

/** Options of one collection: the standard ones, plus the slice length. */
export interface SlicedCollectOptions extends MetricCollectOptions {
  /** Give the event loop a turn after this much collection work. @default the provider's `sliceMs` */
  readonly sliceMs?: number;
  /**
   * Leave synchronous instruments' points to be built as they are read (their values are still
   * taken at collection time): a consumer that reads them through `deferredPoints(metric)` builds
   * and drops one point at a time. For a consumer that writes the collection out point by point
   * (the Prometheus scrape handler); `dataPoints` stays a complete array for any other. @default false
   */
  readonly deferPoints?: boolean;
}

/** The producer the engine binds to each reader; collections run in slices. */
export interface SlicedMetricProducer extends MetricProducer {
  /** Marks a producer whose `collect()` already yields to the event loop between instruments. */
  readonly collectsInSlices: true;
  collect(options?: SlicedCollectOptions): Promise<CollectionResult>;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Meterline's meter provider: implements `@opentelemetry/api`'s `MeterProvider` with its own
 * recording and collection state, and feeds standard `MetricReader`s through the public
 * `setMetricProducer` contract, so every reader and exporter of the OpenTelemetry SDK works on its
 * data unchanged.
 */
export class MeterProvider implements ApiMeterProvider {
  /**
   * Runtime administration of this provider's instruments: list them, change a cardinality limit,
   * switch one off, change the exemplar filter, evict series. See the README's "Runtime
   * administration" for what each action does to what is exported.
   */
  readonly admin: EngineAdmin;
  private readonly meters = new Map<string, EngineMeter>();
  private readonly readers: readonly IMetricReader[];
  private readonly logger: EngineLogger;
  private readonly resource: Resource;
  private readonly sliceMs: number;
  /** What every meter shares: views, reader policies, limits and the runtime settings. */
  private readonly context: MeterContext;
  private closed = false;

  constructor(options: EngineMeterProviderOptions = {}) {
    this.resource = options.resource ?? defaultResource();
    this.logger = options.logger ?? silentEngineLogger;
    this.sliceMs = options.sliceMs ?? 5;
    this.readers = [...(options.readers ?? [])];
    const policies: ReaderPolicy[] = this.readers.map((reader) => ({
      temporality: (type) => reader.selectAggregationTemporality(type),
      aggregation: (type) => reader.selectAggregation(type),
      cardinalityLimit: (type) => reader.selectCardinalityLimit(type),
    }));
    const settings: EngineSettings = {
      exemplarFilter: options.exemplarFilter ?? 'trace_based',
      limits: new Map(),
      disabled: new Set(),
      registered: 0,
    };
    this.context = {
      views: compileViews(options.views ?? []),
      readers: policies,
      logger: this.logger,
      staleMillis: options.staleSeriesMillis ?? 0,
      attributeLimits: options.attributeLimits,
      settings,
    };
    contextWatch.acquire();
    this.admin = new EngineAdministration(() => this.meters.values(), settings, this.logger);
    if (options.selfMetrics ?? true) {
      registerSelfMetrics(this.getMeter('@meterline/engine'), () => this.meters.values());
    }
    this.readers.forEach((reader, index) => {
      const producer: SlicedMetricProducer = {
        collectsInSlices: true,
        collect: (collectOptions) => this.collect(index, collectOptions),
      };
      reader.setMetricProducer(producer);
    });
  }

  getMeter(name: string, version = '', options: MeterOptions = {}): Meter {
    if (this.closed) {
      this.logger.warn(`getMeter(${JSON.stringify(name)}) after shutdown: a no-op meter`);
      return createNoopMeter();
    }
    const id = `${name}\u0000${version}\u0000${options.schemaUrl ?? ''}`;
    let meter = this.meters.get(id);
    if (meter === undefined) {
      meter = new EngineMeter({ name, version, schemaUrl: options.schemaUrl }, this.context);
      this.meters.set(id, meter);
    }
    return meter;
  }

  /**
   * One reader's collection: every observable callback (bounded by `timeoutMillis`), then every
   * instrument at one collection time, yielding to the event loop every `sliceMs`. Each
   * instrument's values are taken atomically; its points are built from them in slices.
   */
  private async collect(reader: number, options?: SlicedCollectOptions): Promise<CollectionResult> {
    const sliceMs = options?.sliceMs ?? this.sliceMs;
    contextWatch.probe();
    const time = Date.now();
    const meters = [...this.meters.values()];
    const observations = await Promise.all(
      meters.map((m) =>
        m.observables.isEmpty
          ? Promise.resolve(undefined)
          : m.observables.observe(options?.timeoutMillis),
      ),
    );
    const errors = observations.flatMap((o) => o?.errors ?? []);
    let sliceStart = performance.now();
    const between = (): Promise<void> | undefined => {
      if (performance.now() - sliceStart < sliceMs) return undefined;
      return turn().then(() => {
        sliceStart = performance.now();
      });
    };
    const scopeMetrics: ScopeMetrics[] = [];
    for (let i = 0; i < meters.length; i++) {
      const meter = meters[i]!;
      const metrics = await meter.collect(
        reader,
        time,
        observations[i]?.observed,
        between,
        options?.deferPoints ?? false,
      );
      if (metrics.length > 0) scopeMetrics.push({ scope: meter.scope, metrics });
    }
    return { resourceMetrics: { resource: this.resource, scopeMetrics }, errors };
  }

  async forceFlush(options?: { timeoutMillis?: number }): Promise<void> {
    await Promise.all(this.readers.map((r) => r.forceFlush(options)));
  }

  async shutdown(options?: { timeoutMillis?: number }): Promise<void> {
    if (this.closed) {
      this.logger.warn('shutdown called twice; the second call does nothing');
      return;
    }
    this.closed = true;
    contextWatch.release();
    await Promise.all(this.readers.map((r) => r.shutdown(options)));
  }
}
