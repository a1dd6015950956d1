import type { Counter, Meter } from '@opentelemetry/api';
import {
  AttributeCache,
  counter,
  gauge,
  TimedOperations,
  type InstrumentSpec,
} from '@meterline/instrumentation-kit';
import { DFS_LATENCY_BUCKETS, type OperationStatus } from './buckets.js';

/** A gauge of a component: its declaration and what it reads at each collection. */
export type ComponentGauge = readonly [spec: InstrumentSpec, read: () => number];

/** A {@link ComponentGauge}: `name`, `description`, what it reads, and its unit if any. */
export function componentGauge(
  name: string,
  description: string,
  read: () => number,
  unit?: string,
): ComponentGauge {
  return [unit === undefined ? { name, description } : { name, description, unit }, read];
}

/**
 * The skeleton every DFS component's metric set shares: the meter, reused attribute sets, the
 * state its gauges and health checks read (given once, by {@link observe}), and its timed
 * operations, counted by `{operation, status}` and timed by `{operation}` in the file system's
 * latency buckets. A component adds its own instruments, recording methods and health checks.
 */
export abstract class ComponentMetrics<State> {
  protected readonly attributes = new AttributeCache();
  protected state: State | undefined;

  protected constructor(
    protected readonly meter: Meter,
    /** The class name, for the error of a second `observe()`. */
    private readonly kind: string,
  ) {}

  /**
   * Reports the gauges from `state`, read at each collection. Call once.
   * @throws {Error} when called twice.
   */
  observe(state: State): void {
    if (this.state) throw new Error(`${this.kind}.observe() was already called`);
    this.state = state;
    for (const [spec, read] of this.gauges(state)) gauge(this.meter, spec, read);
  }

  /** The component's gauges over `state`, in the order they are created. */
  protected abstract gauges(state: State): readonly ComponentGauge[];

  /** A counter of this component (declared without `_total`, which the exporter appends). */
  protected counter(name: string, description: string, unit?: string): Counter {
    return counter(
      this.meter,
      unit === undefined ? { name, description } : { name, description, unit },
    );
  }

  /**
   * Operations of one kind (`what`: `metadata`, `chunk`, …): `count` by `{operation, status}`
   * ("Total <what> operations") and `duration` in seconds by `{operation}` ("<What> operation
   * duration"), in the file system's latency buckets.
   */
  protected timedOperations<Operation extends string>(
    what: string,
    count: string,
    duration: string,
  ): TimedOperations<Operation, OperationStatus> {
    const What = what.charAt(0).toUpperCase() + what.slice(1);
    return new TimedOperations(this.meter, {
      count: { name: count, description: `Total ${what} operations` },
      duration: {
        name: duration,
        description: `${What} operation duration`,
        unit: 's',
        buckets: DFS_LATENCY_BUCKETS,
      },
    });
  }
}
