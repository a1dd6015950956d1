import type {
  Attributes,
  BatchObservableCallback,
  BatchObservableResult,
  Meter,
  MeterProvider,
  Observable,
  ObservableCallback,
  ObservableResult,
} from '@opentelemetry/api';
import type { Logger } from '@meterline/plugin';
import { wrapMeters } from './wrap-meters.js';
import { limitAttributes, type AttributeLimits } from '@meterline/engine';

export { limitAttributes, type AttributeLimits };

/**
 * Wraps a meter provider so every measurement's attributes respect `limits` before they reach
 * aggregation, for synchronous instruments and observable (also batch) callbacks alike: one
 * 1 MB label value would otherwise be stored in a series and written into every scrape and
 * export. Attributes within the limits pass through as the same object (no copy); an instrument
 * whose attributes had to be cut is reported once through `logger`, naming the key, never the value.
 */
export function withAttributeLimits(
  provider: MeterProvider,
  limits: AttributeLimits,
  logger: Logger,
): MeterProvider {
  return wrapMeters(provider, (meter) => limitMeter(meter, limits, logger));
}

function limitMeter(meter: Meter, limits: AttributeLimits, logger: Logger): Meter {
  // Wrapped observables stand for the SDK's own in batch callbacks.
  const inner = new WeakMap<Observable, Observable>();
  const batchWrappers = new WeakMap<BatchObservableCallback, BatchObservableCallback>();
  const reporter = (name: string) => {
    let reported = false;
    return (key: string) => {
      if (reported) return;
      reported = true;
      logger.warn(
        `instrument ${name}: attributes cut to the limits (values to ${limits.valueLength} ` +
          `characters, at most ${limits.count} attributes), first at key "${key.slice(0, 100)}"; ` +
          'set metrics.attributeLimits or OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT / OTEL_ATTRIBUTE_COUNT_LIMIT to change them',
      );
    };
  };
  const limitFor = (name: string) => {
    const report = reporter(name);
    return (a: Attributes | undefined) =>
      a === undefined ? a : limitAttributes(a, limits, report);
  };
  const observable = <T extends Observable>(name: string, created: T): T => {
    const limit = limitFor(name);
    const wrappers = new WeakMap<ObservableCallback, ObservableCallback>();
    const wrapped = {
      addCallback(callback: ObservableCallback) {
        let w = wrappers.get(callback);
        if (!w) {
          w = (result: ObservableResult) =>
            callback({ observe: (value, attributes) => result.observe(value, limit(attributes)) });
          wrappers.set(callback, w);
        }
        created.addCallback(w);
      },
      removeCallback(callback: ObservableCallback) {
        const w = wrappers.get(callback);
        if (w) created.removeCallback(w);
      },
    } as T;
    inner.set(wrapped, created);
    return wrapped;
  };
  const unwrap = (observables: Observable[]) => observables.map((o) => inner.get(o) ?? o);

  return {
    createCounter(name, options) {
      const created = meter.createCounter(name, options);
      const limit = limitFor(name);
      return {
        add: (value, attributes, context) => created.add(value, limit(attributes), context),
      };
    },
    createUpDownCounter(name, options) {
      const created = meter.createUpDownCounter(name, options);
      const limit = limitFor(name);
      return {
        add: (value, attributes, context) => created.add(value, limit(attributes), context),
      };
    },
    createHistogram(name, options) {
      const created = meter.createHistogram(name, options);
      const limit = limitFor(name);
      return {
        record: (value, attributes, context) => created.record(value, limit(attributes), context),
      };
    },
    createGauge(name, options) {
      const created = meter.createGauge(name, options);
      const limit = limitFor(name);
      return {
        record: (value, attributes, context) => created.record(value, limit(attributes), context),
      };
    },
    createObservableGauge: (name, options) =>
      observable(name, meter.createObservableGauge(name, options)),
    createObservableCounter: (name, options) =>
      observable(name, meter.createObservableCounter(name, options)),
    createObservableUpDownCounter: (name, options) =>
      observable(name, meter.createObservableUpDownCounter(name, options)),
    addBatchObservableCallback(callback, observables) {
      let w = batchWrappers.get(callback);
      if (!w) {
        const limit = limitFor('(batch callback)');
        w = (result: BatchObservableResult) =>
          callback({
            observe: (o, value, attributes) =>
              result.observe(inner.get(o) ?? o, value, limit(attributes)),
          });
        batchWrappers.set(callback, w);
      }
      meter.addBatchObservableCallback(w, unwrap(observables));
    },
    removeBatchObservableCallback(callback, observables) {
      const w = batchWrappers.get(callback);
      if (w) meter.removeBatchObservableCallback(w, unwrap(observables));
    },
  } as Meter;
}
