import type { Counter, Histogram, Meter, ObservableGauge, UpDownCounter } from '@opentelemetry/api';

/**
 * One instrument's declaration. `name` is the name Prometheus should show, without the `_total`
 * of counters (the exporter appends it to monotonic sums) and with the unit word when there is a
 * unit (`…_seconds`, `…_bytes`; the exporter does not append it twice).
 */
export interface InstrumentSpec {
  readonly name: string;
  /** Served as `# HELP`. */
  readonly description: string;
  /** UCUM unit (`s`, `By`, `%`, `1`). @default none */
  readonly unit?: string;
}

/** A histogram's declaration: its bucket boundaries are part of it. */
export interface HistogramSpec extends InstrumentSpec {
  /** Upper bounds, ascending (a preset of `buckets.ts`, or the seed's own list). */
  readonly buckets: readonly number[];
}

function options(spec: InstrumentSpec): { description: string; unit?: string } {
  return spec.unit === undefined
    ? { description: spec.description }
    : { description: spec.description, unit: spec.unit };
}

/**
 * A counter. @throws {Error} when `name` ends in `_total`: the exporter appends it, and a name
 * that already has it would be served as `…_total` only by accident of the naming rules.
 */
export function counter(meter: Meter, spec: InstrumentSpec): Counter {
  if (spec.name.endsWith('_total')) {
    throw new Error(`counter ${spec.name}: declare it without _total (the exporter appends it)`);
  }
  return meter.createCounter(spec.name, options(spec));
}

/** An up-down counter (a gauge that is added to rather than set). */
export function upDownCounter(meter: Meter, spec: InstrumentSpec): UpDownCounter {
  return meter.createUpDownCounter(spec.name, options(spec));
}

/** A histogram with its buckets given as advice. */
export function histogram(meter: Meter, spec: HistogramSpec): Histogram {
  return meter.createHistogram(spec.name, {
    ...options(spec),
    advice: { explicitBucketBoundaries: [...spec.buckets] },
  });
}

/** A histogram of durations in seconds (`unit: 's'`; the name should end in `_seconds`). */
export function secondsHistogram(
  meter: Meter,
  name: string,
  description: string,
  buckets: readonly number[],
): Histogram {
  return histogram(meter, { name, description, unit: 's', buckets });
}

/** An observable gauge whose one value is `read()` at each collection. */
export function gauge(meter: Meter, spec: InstrumentSpec, read: () => number): ObservableGauge {
  const instrument = meter.createObservableGauge(spec.name, options(spec));
  instrument.addCallback((result) => result.observe(read()));
  return instrument;
}
