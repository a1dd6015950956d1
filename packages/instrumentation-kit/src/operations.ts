import type { Counter, Histogram, Meter } from '@opentelemetry/api';
import { AttributeCache } from './attribute-cache.js';
import { counter, histogram, type HistogramSpec, type InstrumentSpec } from './instruments.js';
import { timed } from './timing.js';

/** The two instruments of a set of timed operations. */
export interface TimedOperationsSpec {
  /** Counted per `{operation, status}`: `…_operations` (served `…_operations_total`). */
  readonly count: InstrumentSpec;
  /** Timed per `{operation}`, in seconds: `…_duration_seconds`. */
  readonly duration: HistogramSpec;
}

/**
 * The most common instrument group: operations counted by `operation` and `status`, and timed by
 * `operation`. Label values come from closed sets (`Operation`, `Status`), and attribute objects
 * are reused. Recording is a few synchronous SDK calls, safe from any async context.
 */
export class TimedOperations<Operation extends string, Status extends string> {
  private readonly count: Counter;
  private readonly duration: Histogram;
  private readonly attributes = new AttributeCache();

  constructor(meter: Meter, spec: TimedOperationsSpec) {
    this.count = counter(meter, spec.count);
    this.duration = histogram(meter, { unit: 's', ...spec.duration });
  }

  /** One operation finished with `status`, taking `seconds`. */
  record(operation: Operation, status: Status, seconds: number): void {
    this.count.add(1, this.attributes.get({ operation, status }));
    this.duration.record(seconds, this.attributes.get({ operation }));
  }

  /**
   * Runs one operation and records it: the status `statusOf` gives its result, or `failed` when it
   * throws (rethrown).
   */
  time<T>(
    operation: Operation,
    run: () => T | Promise<T>,
    statusOf: (result: T) => Status,
    failed: Status,
  ): Promise<T> {
    return timed(run, (seconds, outcome) =>
      this.record(operation, outcome.ok ? statusOf(outcome.result) : failed, seconds),
    );
  }
}
