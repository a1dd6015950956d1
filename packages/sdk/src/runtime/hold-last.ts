import type {
  Attributes,
  BatchObservableCallback,
  BatchObservableResult,
  Meter,
  MeterProvider,
  Observable,
} from '@opentelemetry/api';
import { wrapMeters } from '../wrap-meters.js';

/**
 * A provider whose batch observable callbacks re-report, for an observable they skipped this time,
 * what they reported last. For instrumentations that observe only when they have new data:
 * `instrumentation-runtime-node` reports `nodejs.eventloop.delay.*` only after 5 samples of its
 * event-loop histogram since the previous collection (50 ms at Meterline's 10 ms precision), so two
 * scrapes close together (two Prometheus servers, a scrape racing an OTLP push) would see those
 * gauges vanish and come back. The engine exports only what a callback reports (the spec's rule),
 * so the hold lives here, for the instrumentations that need it.
 */
export function holdLastObservations(provider: MeterProvider): MeterProvider {
  return wrapMeters(provider, holdingMeter);
}

function holdingMeter(meter: Meter): Meter {
  const wrapped = new Map<BatchObservableCallback, BatchObservableCallback>();
  const holding: Meter = Object.create(meter) as Meter;
  holding.addBatchObservableCallback = (callback, observables) => {
    const last = new Map<Observable, [number, Attributes | undefined][]>();
    // Synchronous when `callback` is (the runtime collectors are): no promise for the collection
    // to await, so no timeout armed for it; a callback returning a promise is awaited as before.
    const hold: BatchObservableCallback = (result) => {
      const now = new Map<Observable, [number, Attributes | undefined][]>();
      const recording: BatchObservableResult = {
        observe(observable, value, attributes) {
          let list = now.get(observable);
          if (list === undefined) now.set(observable, (list = []));
          list.push([value, attributes]);
          result.observe(observable, value, attributes);
        },
      };
      const replay = () => {
        for (const observable of observables) {
          const seen = now.get(observable);
          if (seen !== undefined) last.set(observable, seen);
          else
            for (const [value, attributes] of last.get(observable) ?? [])
              result.observe(observable, value, attributes);
        }
      };
      const done: unknown = callback(recording);
      if (isThenable(done)) return Promise.resolve(done).then(replay);
      replay();
    };
    wrapped.set(callback, hold);
    meter.addBatchObservableCallback(hold, observables);
  };
  holding.removeBatchObservableCallback = (callback, observables) => {
    meter.removeBatchObservableCallback(wrapped.get(callback) ?? callback, observables);
    wrapped.delete(callback);
  };
  return holding;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
