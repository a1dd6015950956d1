import {
  ValueType,
  type Attributes,
  type BatchObservableCallback,
  type BatchObservableResult,
  type Observable,
  type ObservableCallback,
  type ObservableResult,
} from '@opentelemetry/api';
import { attributesKey, validAttributes } from './attributes.js';
import { ObservableInstrument, type CallbackRegistry } from './instruments.js';
import type { AsyncStorage, Observations } from './storage/async-storage.js';

/** Everything one collection's callbacks observed, per storage (one per matching view). */
export type Observed = Map<AsyncStorage, Observations>;

/** Records what callbacks observe, with the same value and attribute checks as recordings. */
function observe(
  into: Observed,
  instrument: ObservableInstrument,
  value: number,
  attributes: Attributes = {},
): void {
  if (typeof value !== 'number') {
    instrument.rejections.add('not-a-number', `observed ${typeof value}`, true);
    return;
  }
  if (value - value !== 0) {
    instrument.rejections.add('not-finite', `observed ${value}`, true);
    return;
  }
  if (instrument.descriptor.valueType === ValueType.INT) value = Math.trunc(value);
  if (instrument.limitAttributes !== undefined) attributes = instrument.limitAttributes(attributes);
  let key = attributesKey(attributes);
  if (key === undefined) {
    instrument.rejections.add('invalid-attribute', 'the attribute was left out of the series');
    attributes = validAttributes(attributes);
    key = attributesKey(attributes)!;
  }
  for (const storage of instrument.storages) {
    let observations = into.get(storage);
    if (observations === undefined) {
      observations = new Map();
      into.set(storage, observations);
    }
    observations.set(key, { attributes, value });
  }
}

/**
 * Rejects `remaining` ms from now (the caller's deadline, measured from before the callback ran);
 * only for a callback that returned a promise: a synchronous one has finished when it returns, and
 * arming a timer for it would cost each callback of each collection a timer and a promise.
 */
function timeout(
  millis: number,
  remaining: number,
  what: () => string,
): { promise: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        // The SDK's own TimeoutError, which readers and the Prometheus handler recognise; its
        // package loads here, at the first timeout, not on every service's start path (sdk-enums.ts).
        import('@opentelemetry/sdk-metrics').then(
          ({ TimeoutError }) =>
            reject(new TimeoutError(`${what()} did not finish within ${millis} ms`)),
          reject,
        );
      },
      Math.max(1, remaining),
    );
    timer.unref();
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * The callbacks of one meter: per instrument and batch. At each collection they all run, each
 * bounded by the collection's timeout; a callback that throws, rejects or times out is reported as
 * a collection error and its instruments' observations from that run are discarded (what it had
 * observed before failing is not exported half-done).
 */
export class ObservableRegistry implements CallbackRegistry {
  private readonly callbacks: { instrument: ObservableInstrument; callback: ObservableCallback }[] =
    [];
  private readonly batches: {
    callback: BatchObservableCallback;
    instruments: ObservableInstrument[];
  }[] = [];

  add(instrument: ObservableInstrument, callback: ObservableCallback): void {
    if (this.callbacks.some((c) => c.instrument === instrument && c.callback === callback)) return;
    this.callbacks.push({ instrument, callback });
  }

  remove(instrument: ObservableInstrument, callback: ObservableCallback): void {
    const index = this.callbacks.findIndex(
      (c) => c.instrument === instrument && c.callback === callback,
    );
    if (index >= 0) this.callbacks.splice(index, 1);
  }

  addBatch(callback: BatchObservableCallback, observables: Observable[]): void {
    const instruments = observables.filter((o): o is ObservableInstrument => isOurs(o));
    if (instruments.length === 0) return;
    if (this.batches.some((b) => b.callback === callback && sameSet(b.instruments, instruments))) {
      return;
    }
    this.batches.push({ callback, instruments });
  }

  removeBatch(callback: BatchObservableCallback, observables: Observable[]): void {
    const instruments = observables.filter((o): o is ObservableInstrument => isOurs(o));
    const index = this.batches.findIndex(
      (b) => b.callback === callback && sameSet(b.instruments, instruments),
    );
    if (index >= 0) this.batches.splice(index, 1);
  }

  get isEmpty(): boolean {
    return this.callbacks.length === 0 && this.batches.length === 0;
  }

  /** Runs every callback; resolves with what they observed and the errors of those that failed. */
  async observe(
    timeoutMillis: number | undefined,
  ): Promise<{ observed: Observed; errors: unknown[] }> {
    const observed: Observed = new Map();
    const errors: unknown[] = [];
    const run = async (
      call: () => unknown,
      what: () => string,
      commit: () => void,
    ): Promise<void> => {
      let limit: ReturnType<typeof timeout> | undefined;
      try {
        const started = timeoutMillis === undefined ? 0 : performance.now();
        const result = call();
        if (isThenable(result)) {
          if (timeoutMillis !== undefined) {
            limit = timeout(timeoutMillis, timeoutMillis - (performance.now() - started), what);
          }
          await (limit ? Promise.race([Promise.resolve(result), limit.promise]) : result);
        }
        commit();
      } catch (error) {
        errors.push(error);
      } finally {
        limit?.cancel();
      }
    };
    await Promise.all([
      // A switched-off instrument's callbacks are not run: disabling is how an operator stops an
      // expensive or runaway callback.
      ...this.callbacks.map(({ instrument, callback }) => {
        if (instrument.disabled) return Promise.resolve();
        const local: Observed = new Map();
        const result: ObservableResult = {
          observe: (value, attributes) => observe(local, instrument, value, attributes),
        };
        return run(
          () => callback(result),
          () => `the callback of ${JSON.stringify(instrument.descriptor.name)}`,
          () => merge(observed, local),
        );
      }),
      ...this.batches.map(({ callback, instruments }) => {
        if (instruments.every((i) => i.disabled)) return Promise.resolve();
        const local: Observed = new Map();
        const result: BatchObservableResult = {
          observe: (observable, value, attributes) => {
            if (isOurs(observable) && instruments.includes(observable)) {
              observe(local, observable, value, attributes);
            }
          },
        };
        return run(
          () => callback(result),
          () =>
            `a batch callback of ${instruments.map((i) => JSON.stringify(i.descriptor.name)).join(', ')}`,
          () => merge(observed, local),
        );
      }),
    ]);
    return { observed, errors };
  }
}

function merge(into: Observed, from: Observed): void {
  for (const [storage, observations] of from) {
    const existing = into.get(storage);
    if (existing === undefined) into.set(storage, observations);
    else for (const [key, entry] of observations) existing.set(key, entry);
  }
}

function isOurs(observable: unknown): observable is ObservableInstrument {
  return observable instanceof ObservableInstrument;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
