import type { Meter, MeterProvider, MetricAdvice, MetricOptions } from '@opentelemetry/api';
import { resolveBuckets, type BucketPresetName } from './buckets.js';
import { wrapMeters } from './wrap-meters.js';

/**
 * Wraps a meter provider so every histogram created without bucket advice gets the buckets of its
 * unit (`s` -> seconds latency buckets, `By` -> byte sizes, …). Advice is the right depth for this:
 * the SDK uses it only when no view sets an aggregation, so per-instrument view overrides still win
 * and the instrumentation's own advice (a seed's exact buckets) is never replaced.
 *
 * Only instrument creation goes through the wrapper; recording calls go straight to the SDK.
 */
export function withUnitBuckets(
  provider: MeterProvider,
  unitBuckets: Readonly<Record<string, BucketPresetName | readonly number[]>>,
): MeterProvider {
  const byUnit = new Map<string, number[]>();
  for (const [unit, spec] of Object.entries(unitBuckets)) byUnit.set(unit, resolveBuckets(spec));
  return wrapMeters(provider, (meter) => wrapMeter(meter, byUnit));
}

function wrapMeter(meter: Meter, byUnit: ReadonlyMap<string, number[]>): Meter {
  return {
    createHistogram(name: string, options?: MetricOptions) {
      return meter.createHistogram(name, withAdvice(options, byUnit));
    },
    createCounter: (name, options) => meter.createCounter(name, options),
    createUpDownCounter: (name, options) => meter.createUpDownCounter(name, options),
    createGauge: (name, options) => meter.createGauge(name, options),
    createObservableGauge: (name, options) => meter.createObservableGauge(name, options),
    createObservableCounter: (name, options) => meter.createObservableCounter(name, options),
    createObservableUpDownCounter: (name, options) =>
      meter.createObservableUpDownCounter(name, options),
    addBatchObservableCallback: (callback, observables) =>
      meter.addBatchObservableCallback(callback, observables),
    removeBatchObservableCallback: (callback, observables) =>
      meter.removeBatchObservableCallback(callback, observables),
  } as Meter;
}

function withAdvice(
  options: MetricOptions | undefined,
  byUnit: ReadonlyMap<string, number[]>,
): MetricOptions | undefined {
  if (options?.advice?.explicitBucketBoundaries || options?.unit === undefined) return options;
  const boundaries = byUnit.get(options.unit);
  if (!boundaries) return options;
  const advice: MetricAdvice = { ...options.advice, explicitBucketBoundaries: boundaries };
  return { ...options, advice };
}
