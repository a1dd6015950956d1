/**
 * How the primary combines one gauge's value across workers:
 * - `sum`: the service total (connections open, queue depth, memory in use);
 * - `min` / `max`: the lowest / highest worker (free space, event-loop delay);
 * - `last`: the value of the worker that reported most recently;
 * - `per-worker`: no merge; one series per worker with a `worker` attribute naming it.
 *
 * Gauges (and up-down counters, which are levels too) are kept per worker; a worker that exits
 * stops counting: its level went with it.
 */
export type GaugePolicy = 'sum' | 'min' | 'max' | 'last' | 'per-worker';

/** Every policy, for validation. */
export const GAUGE_POLICIES: readonly GaugePolicy[] = ['sum', 'min', 'max', 'last', 'per-worker'];

/** The policy when an instrument has none of its own. @default 'sum' (as prom-client's cluster aggregation) */
export const DEFAULT_GAUGE_POLICY: GaugePolicy = 'sum';

/** One worker's current value of one gauge series. */
export interface SourceValue {
  readonly value: number;
  /** Order of arrival at the primary, for `last`. */
  readonly stamp: number;
}

/** Combines the workers' values of one series (non-empty) by `policy` (not `per-worker`). */
export function combine(policy: Exclude<GaugePolicy, 'per-worker'>, values: SourceValue[]): number {
  switch (policy) {
    case 'sum':
      return values.reduce((total, v) => total + v.value, 0);
    case 'min':
      return Math.min(...values.map((v) => v.value));
    case 'max':
      return Math.max(...values.map((v) => v.value));
    case 'last':
      return values.reduce((latest, v) => (v.stamp > latest.stamp ? v : latest)).value;
  }
}
