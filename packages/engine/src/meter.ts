import {
  ValueType,
  type Attributes,
  type BatchObservableCallback,
  type Counter,
  type Gauge,
  type Histogram,
  type Meter,
  type MetricOptions,
  type Observable,
  type ObservableCounter,
  type ObservableGauge,
  type ObservableUpDownCounter,
  type UpDownCounter,
} from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { IAttributesProcessor } from '@opentelemetry/sdk-metrics';
import { aggregationKey, resolveAggregation, type ResolvedAggregation } from './aggregation.js';
import type { AggregationTemporality } from './descriptor.js';
import {
  InstrumentType,
  isValidInstrumentName,
  sameIdentity,
  type InstrumentDescriptor,
} from './descriptor.js';
import { limitAttributes, type AttributeLimits } from './attribute-limits.js';
import { CutReporter, Rejections, type EngineLogger } from './diagnostics.js';
import type { ExemplarFilter } from './exemplars.js';
import {
  CounterInstrument,
  FanOut,
  GaugeInstrument,
  HistogramInstrument,
  ObservableInstrument,
  UpDownCounterInstrument,
  type Recorder,
} from './instruments.js';
import { ObservableRegistry, type Observed } from './observables.js';
import { AsyncStorage } from './storage/async-storage.js';
import { DropStorage } from './storage/drop.js';
import { ExponentialHistogramStorage } from './storage/exponential.js';
import { HistogramStorage } from './storage/histogram.js';
import { SummaryStorage } from './storage/summary-storage.js';
import { LastValueStorage } from './storage/last-value.js';
import { SumStorage } from './storage/sum.js';
import type { SyncStorage, SyncStorageOptions } from './storage/sync-storage.js';
import type { View } from './views.js';
import type { MetricData } from '@opentelemetry/sdk-metrics';

/** What a meter needs from its provider. */
export interface MeterContext {
  readonly views: readonly View[];
  /** Per reader (by index): temporality, default aggregation and series limit per kind. */
  readonly readers: readonly ReaderPolicy[];
  readonly logger: EngineLogger;
  readonly staleMillis: number;
  readonly attributeLimits: AttributeLimits | undefined;
  /** What an administrator changed at runtime, shared by every meter of the provider. */
  readonly settings: EngineSettings;
}

/**
 * The runtime state `EngineAdmin` changes, applied to the streams that exist and consulted when a
 * stream is created later (an instrument of that name in another meter, say). Names lower-case.
 */
export interface EngineSettings {
  exemplarFilter: ExemplarFilter;
  readonly limits: Map<string, number>;
  readonly disabled: Set<string>;
  /** Instruments registered so far, across meters: the next one's creation number. */
  registered: number;
}

/** A storage of either kind, as the administration sees it. */
export type AnyStorage = SyncStorage<unknown, unknown> | AsyncStorage;

/** One instrument as created (before views), with every storage it feeds. */
export interface InstrumentRecord {
  readonly descriptor: InstrumentDescriptor;
  /** Creation number across the provider's meters. */
  readonly seq: number;
  readonly storages: AnyStorage[];
}

export interface ReaderPolicy {
  temporality(type: InstrumentType): AggregationTemporality;
  aggregation(type: InstrumentType): Parameters<typeof resolveAggregation>[0];
  cardinalityLimit(type: InstrumentType): number;
}

/** One metric stream of this meter, in creation order. */
export type Stream =
  | {
      readonly sync: true;
      readonly storage: SyncStorage<unknown, unknown>;
      readonly group: string;
      readonly rejections: Rejections;
    }
  | {
      readonly sync: false;
      readonly storage: AsyncStorage;
      readonly group: string;
      readonly rejections: Rejections;
    };

interface StreamPlan {
  readonly descriptor: InstrumentDescriptor;
  readonly aggregation: ResolvedAggregation;
  readonly readers: ReadonlyMap<number, AggregationTemporality>;
  readonly cardinalityLimit: number;
  readonly processor: IAttributesProcessor | undefined;
  /** Streams with the same group and identity share a storage. */
  readonly group: string;
}

/** Data points built between two checks of the collection's time slice. */
const POINTS_PER_CHECK = 256;

/** A meter of the engine: creates instruments and keeps their streams for collection. */
export class EngineMeter implements Meter {
  readonly streams: Stream[] = [];
  readonly observables = new ObservableRegistry();
  /** Instruments by identity, in creation order (a second creation of one joins its record). */
  readonly instruments: InstrumentRecord[] = [];

  constructor(
    readonly scope: InstrumentationScope,
    private readonly context: MeterContext,
  ) {}

  createCounter(name: string, options?: MetricOptions): Counter {
    const d = this.descriptor(name, InstrumentType.COUNTER, options);
    const { target, rejections } = this.syncTarget(d);
    return new CounterInstrument(d, target, rejections);
  }

  createUpDownCounter(name: string, options?: MetricOptions): UpDownCounter {
    const d = this.descriptor(name, InstrumentType.UP_DOWN_COUNTER, options);
    const { target, rejections } = this.syncTarget(d);
    return new UpDownCounterInstrument(d, target, rejections);
  }

  createHistogram(name: string, options?: MetricOptions): Histogram {
    const d = this.descriptor(name, InstrumentType.HISTOGRAM, options);
    const { target, rejections } = this.syncTarget(d);
    return new HistogramInstrument(d, target, rejections);
  }

  createGauge(name: string, options?: MetricOptions): Gauge {
    const d = this.descriptor(name, InstrumentType.GAUGE, options);
    const { target, rejections } = this.syncTarget(d);
    return new GaugeInstrument(d, target, rejections);
  }

  createObservableCounter(name: string, options?: MetricOptions): ObservableCounter {
    return this.observable(this.descriptor(name, InstrumentType.OBSERVABLE_COUNTER, options));
  }

  createObservableUpDownCounter(name: string, options?: MetricOptions): ObservableUpDownCounter {
    return this.observable(
      this.descriptor(name, InstrumentType.OBSERVABLE_UP_DOWN_COUNTER, options),
    );
  }

  createObservableGauge(name: string, options?: MetricOptions): ObservableGauge {
    return this.observable(this.descriptor(name, InstrumentType.OBSERVABLE_GAUGE, options));
  }

  addBatchObservableCallback(callback: BatchObservableCallback, observables: Observable[]): void {
    this.observables.addBatch(callback, observables);
  }

  removeBatchObservableCallback(
    callback: BatchObservableCallback,
    observables: Observable[],
  ): void {
    this.observables.removeBatch(callback, observables);
  }

  /**
   * This meter's data for a reader, one stream at a time: `between` runs after each stream, and
   * every {@link POINTS_PER_CHECK} points while a synchronous stream's points are built. With
   * `deferPoints`, synchronous streams' points are left to be built when read (`deferredPoints`).
   */
  async collect(
    reader: number,
    time: number,
    observed: Observed | undefined,
    between: () => Promise<void> | undefined,
    deferPoints = false,
  ): Promise<MetricData[]> {
    const metrics: MetricData[] = [];
    for (const stream of this.streams) {
      if (!stream.sync) {
        const data = stream.storage.collect(reader, time, observed?.get(stream.storage));
        if (data !== undefined) metrics.push(data);
        const pause = between();
        if (pause) await pause;
        continue;
      }
      // A synchronous instrument's values are taken atomically; its points are built in slices.
      const snapshot = stream.storage.snapshot(reader, time);
      if (snapshot !== undefined && deferPoints) {
        metrics.push(snapshot.deferred());
      } else if (snapshot !== undefined) {
        while (!snapshot.build(POINTS_PER_CHECK)) {
          const pause = between();
          if (pause) await pause;
        }
        metrics.push(snapshot.result());
      }
      const pause = between();
      if (pause) await pause;
    }
    return metrics;
  }

  private descriptor(
    name: string,
    type: InstrumentType,
    options?: MetricOptions,
  ): InstrumentDescriptor {
    if (!isValidInstrumentName(name)) {
      this.context.logger.warn(
        `invalid instrument name ${JSON.stringify(name)} (meter ${JSON.stringify(this.scope.name)}): ` +
          'a name starts with a letter and has at most 255 of A-Z, a-z, 0-9, _ . - /',
      );
    }
    return {
      name,
      type,
      description: options?.description ?? '',
      unit: options?.unit ?? '',
      valueType: options?.valueType ?? ValueType.DOUBLE,
      advice: options?.advice ?? {},
    };
  }

  /** The streams an instrument feeds: one per matching view, else one per group of readers. */
  private plans(descriptor: InstrumentDescriptor): StreamPlan[] {
    const warn = (message: string) => this.context.logger.warn(message);
    const all = new Map<number, AggregationTemporality>();
    this.context.readers.forEach((r, i) => all.set(i, r.temporality(descriptor.type)));
    const views = this.context.views.filter((v) => v.matches(descriptor, this.scope));
    if (views.length > 0) {
      return views.map((view, index) => {
        const streamDescriptor = {
          ...descriptor,
          name: view.name ?? descriptor.name,
          description: view.description ?? descriptor.description,
        };
        const limits = this.context.readers.map((r) => r.cardinalityLimit(descriptor.type));
        return {
          descriptor: streamDescriptor,
          aggregation: resolveAggregation(view.aggregation, streamDescriptor, warn),
          readers: all,
          cardinalityLimit: view.cardinalityLimit ?? (limits.length ? Math.min(...limits) : 2000),
          processor: view.processor,
          group: `view:${this.context.views.indexOf(view)}:${index}`,
        };
      });
    }
    const groups = new Map<string, StreamPlan & { readers: Map<number, AggregationTemporality> }>();
    this.context.readers.forEach((reader, i) => {
      const aggregation = resolveAggregation(reader.aggregation(descriptor.type), descriptor, warn);
      const limit = reader.cardinalityLimit(descriptor.type);
      const group = `default:${aggregationKey(aggregation)}:${limit}`;
      const existing = groups.get(group);
      if (existing) existing.readers.set(i, all.get(i)!);
      else {
        groups.set(group, {
          descriptor,
          aggregation,
          readers: new Map([[i, all.get(i)!]]),
          cardinalityLimit: limit,
          processor: undefined,
          group,
        });
      }
    });
    return [...groups.values()];
  }

  /**
   * An existing stream of the same identity and group (the second instrument shares it), or
   * undefined; warns once when a stream of that name exists with another identity.
   */
  private existing(plan: StreamPlan): Stream | undefined {
    const name = plan.descriptor.name.toLowerCase();
    let conflict: InstrumentDescriptor | undefined;
    for (const stream of this.streams) {
      const d = stream.storage.descriptor;
      if (d.name.toLowerCase() !== name) continue;
      if (sameIdentity(d, plan.descriptor)) {
        if (stream.group === plan.group) return stream;
      } else {
        conflict ??= d;
      }
    }
    if (conflict !== undefined) {
      this.context.logger.warn(
        `instrument ${JSON.stringify(plan.descriptor.name)} (meter ${JSON.stringify(this.scope.name)}) ` +
          `was already created as a ${conflict.type} with unit ${JSON.stringify(conflict.unit)}; ` +
          `now as a ${plan.descriptor.type} with unit ${JSON.stringify(plan.descriptor.unit)}: both are exported, ` +
          'which a Prometheus scrape may reject. Give one of them another name, or a view renaming it.',
      );
    }
    return undefined;
  }

  private syncTarget(descriptor: InstrumentDescriptor): {
    target: Recorder;
    rejections: Rejections;
  } {
    const rejections = new Rejections(descriptor.name, this.context.logger);
    const targets: Recorder[] = [];
    for (const plan of this.plans(descriptor)) {
      if (plan.aggregation.kind === 'drop') continue;
      const found = this.existing(plan);
      if (found?.sync) {
        targets.push(found.storage as unknown as Recorder);
        continue;
      }
      const storage = this.administered(this.syncStorage(plan, rejections), descriptor);
      this.streams.push({ sync: true, storage, group: plan.group, rejections });
      targets.push(storage as unknown as Recorder);
    }
    this.register(descriptor, targets as unknown as AnyStorage[]);
    const target =
      targets.length === 0
        ? new DropStorage()
        : targets.length === 1
          ? targets[0]!
          : new FanOut(targets);
    return { target, rejections };
  }

  private syncStorage(plan: StreamPlan, rejections: Rejections): SyncStorage<unknown, unknown> {
    const options: SyncStorageOptions = {
      descriptor: plan.descriptor,
      cardinalityLimit: plan.cardinalityLimit,
      processor: plan.processor,
      readers: plan.readers,
      rejections,
      staleMillis: this.context.staleMillis,
      exemplarFilter: this.context.settings.exemplarFilter,
      limitAttributes: this.limiter(plan.descriptor.name),
      attributeLimits: this.context.attributeLimits,
    };
    const a = plan.aggregation;
    let storage: unknown;
    switch (a.kind) {
      case 'sum':
        storage = new SumStorage(a.monotonic, options);
        break;
      case 'last-value':
        storage = new LastValueStorage(options);
        break;
      case 'histogram':
        storage = new HistogramStorage(a.boundaries, a.recordMinMax, options);
        break;
      case 'exponential':
        storage = new ExponentialHistogramStorage(a.maxSize, a.recordMinMax, options);
        break;
      case 'summary':
        storage = new SummaryStorage(a, options);
        break;
      default:
        throw new Error(`no storage for aggregation ${a.kind}`);
    }
    return storage as SyncStorage<unknown, unknown>;
  }

  /** Applies what an administrator set for the instrument's name to a new storage. */
  private administered<S extends AnyStorage>(storage: S, instrument: InstrumentDescriptor): S {
    const name = instrument.name.toLowerCase();
    const limit = this.context.settings.limits.get(name);
    if (limit !== undefined) storage.setLimit(limit);
    if (this.context.settings.disabled.has(name)) storage.setDisabled(true);
    return storage;
  }

  /** Adds the storages to the instrument's record (created at its first creation). */
  private register(descriptor: InstrumentDescriptor, storages: readonly AnyStorage[]): void {
    let record = this.instruments.find((r) => sameIdentity(r.descriptor, descriptor));
    if (record === undefined) {
      record = { descriptor, seq: this.context.settings.registered++, storages: [] };
      this.instruments.push(record);
    }
    for (const storage of storages) {
      if (!record.storages.includes(storage)) record.storages.push(storage);
    }
  }

  /** The attribute limiter of one instrument, or undefined without limits. */
  private limiter(name: string): ((attributes: Attributes) => Attributes) | undefined {
    const limits = this.context.attributeLimits;
    if (limits === undefined) return undefined;
    const report = new CutReporter(name, this.context.logger, limits).report;
    return (attributes) => limitAttributes(attributes, limits, report);
  }

  private observable(descriptor: InstrumentDescriptor): ObservableInstrument {
    const rejections = new Rejections(descriptor.name, this.context.logger);
    const storages: AsyncStorage[] = [];
    for (const plan of this.plans(descriptor)) {
      const a = plan.aggregation;
      if (a.kind !== 'sum' && a.kind !== 'last-value') continue;
      const found = this.existing(plan);
      if (found && !found.sync) {
        storages.push(found.storage);
        continue;
      }
      const storage = new AsyncStorage({
        descriptor: plan.descriptor,
        kind: a.kind,
        monotonic: a.kind === 'sum' && a.monotonic,
        cardinalityLimit: plan.cardinalityLimit,
        processor: plan.processor,
        readers: plan.readers,
        rejections,
      });
      this.administered(storage, descriptor);
      const stream: Stream = { sync: false, storage, group: plan.group, rejections };
      this.streams.push(stream);
      storages.push(storage);
    }
    this.register(descriptor, storages);
    return new ObservableInstrument(
      descriptor,
      storages,
      rejections,
      this.observables,
      this.limiter(descriptor.name),
    );
  }
}
