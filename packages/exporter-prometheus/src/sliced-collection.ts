import type { HrTime } from '@opentelemetry/api';
import { millisToHrTime, type InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { CollectionResult, MetricData, ScopeMetrics } from '@opentelemetry/sdk-metrics';

// The parts of @opentelemetry/sdk-metrics (checked against 2.12 and 3.1) this module drives. They are not exported, so each
// one is checked before use (see `slicedCollection`); the catalog pins the SDK version, and
// test/sliced-collection.test.ts fails when an upgrade changes any of them.

/** `MetricStorage`: one instrument (per view) of one meter. */
interface StorageInternals {
  collect(collector: unknown, collectionTime: HrTime): MetricData | undefined | null;
}

/** `MeterSharedState`: one meter (instrumentation scope). */
interface MeterInternals {
  readonly observableRegistry: {
    observe(collectionTime: HrTime, timeoutMillis?: number): Promise<unknown[]>;
  };
  readonly metricStorageRegistry: { getStorages(collector: unknown): StorageInternals[] };
  readonly _instrumentationScope: InstrumentationScope;
}

/** `MetricCollector`, the producer a `MeterProvider` binds to each reader. */
interface ProducerInternals {
  readonly _sharedState: {
    readonly resource: Resource;
    readonly meterSharedStates: Map<string, MeterInternals>;
  };
}

/** Collects like `MetricReader.collect()`, yielding to the event loop between instruments. */
export type SlicedCollect = (timeoutMillis: number, sliceMs: number) => Promise<CollectionResult>;

function isFunction(value: unknown): boolean {
  return typeof value === 'function';
}

function isMeter(value: unknown): value is MeterInternals {
  const meter = value as Partial<MeterInternals> | undefined;
  return (
    isFunction(meter?.observableRegistry?.observe) &&
    isFunction(meter?.metricStorageRegistry?.getStorages) &&
    typeof meter?._instrumentationScope?.name === 'string'
  );
}

/**
 * Why the SDK's producer cannot be collected in slices, or undefined when it can: every field and
 * method used below is present with the expected type.
 */
export function unsupportedProducer(producer: unknown): string | undefined {
  const shared = (producer as Partial<ProducerInternals> | undefined)?._sharedState;
  if (!shared) return 'the metric producer has no _sharedState';
  if (!(shared.meterSharedStates instanceof Map)) return 'meterSharedStates is not a Map';
  if (typeof shared.resource?.attributes !== 'object') return 'the shared state has no resource';
  for (const meter of shared.meterSharedStates.values()) {
    if (!isMeter(meter)) return 'a meter lacks observableRegistry, metricStorageRegistry or scope';
  }
  return undefined;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A collection over the SDK's own per-meter state that does what `MetricReader.collect()` does
 * (run every observable callback under the timeout, then collect every instrument's storage at
 * one collection time) but gives the event loop a turn whenever `sliceMs` of storage collection
 * has passed. The SDK collects every instrument of every meter in one synchronous pass, which
 * blocks the loop for as long as all series take; here the longest block is one instrument's
 * storage, whose size its cardinality limit bounds.
 *
 * Each instrument is still collected atomically; two instruments may be collected a few
 * milliseconds apart, so a recording made in between shows in the later one only (as with any
 * Prometheus client that collects metric by metric).
 *
 * Returns undefined when the producer is not shaped as expected (see {@link unsupportedProducer}).
 */
export function slicedCollection(producer: unknown): SlicedCollect | undefined {
  if (unsupportedProducer(producer) !== undefined) return undefined;
  const shared = (producer as ProducerInternals)._sharedState;
  return async (timeoutMillis, sliceMs) => {
    const collectionTime = millisToHrTime(Date.now());
    const meters = [...shared.meterSharedStates.values()];
    if (!meters.every(isMeter)) {
      throw new Error('a meter of the SDK changed shape; cannot collect');
    }
    const observed = await Promise.all(
      meters.map((meter) => meter.observableRegistry.observe(collectionTime, timeoutMillis)),
    );
    const scopeMetrics: ScopeMetrics[] = [];
    let sliceStart = performance.now();
    for (const meter of meters) {
      const metrics: MetricData[] = [];
      for (const storage of meter.metricStorageRegistry.getStorages(producer)) {
        const data = storage.collect(producer, collectionTime);
        if (data != null) metrics.push(data);
        if (performance.now() - sliceStart >= sliceMs) {
          await turn();
          sliceStart = performance.now();
        }
      }
      if (metrics.length > 0) scopeMetrics.push({ scope: meter._instrumentationScope, metrics });
    }
    return {
      resourceMetrics: { resource: shared.resource, scopeMetrics },
      errors: observed.flat(),
    };
  };
}
