import type { Cluster } from 'node:cluster';
import { DEFAULT_GAUGE_POLICY, GAUGE_POLICIES, type GaugePolicy } from './gauge-policy.js';

// `node:cluster`'s CommonJS object is its `default` export of the types.
const cluster = process.getBuiltinModule('node:cluster') as unknown as Cluster;
const { isMainThread } = process.getBuiltinModule('node:worker_threads');

/**
 * `startTelemetry({ cluster })`: one Prometheus endpoint and one OTLP push for a service that runs
 * on several processes (`node:cluster`) or threads (`worker_threads`).
 */
export interface ClusterOptions {
  /**
   * `auto`: a `node:cluster` worker or a worker thread is a `worker`; anything else (the cluster
   * primary, the main thread) is the `primary`. A `worker` starts no exporter (no listener, no
   * push) and sends deltas of what it records to the primary; the `primary` merges them with its
   * own and serves them through its exporters. @default 'auto'
   */
  readonly role?: 'auto' | 'primary' | 'worker';
  /**
   * Primary: longest wait for the workers' deltas in one collection (also capped by the scrape
   * or export timeout). A worker that misses it is logged and counted, and the collection reports
   * an error naming it (the endpoint's `errorHandling` says what the scrape answers). @default 5000
   */
  readonly collectTimeoutMillis?: number;
  /** Primary: gauge policy per instrument name (see {@link GaugePolicy}). @default {} */
  readonly gaugePolicies?: Readonly<Record<string, GaugePolicy>>;
  /** Primary: the policy of gauges not in `gaugePolicies`. @default 'sum' */
  readonly defaultGaugePolicy?: GaugePolicy;
  /** Primary: the attribute naming the worker under the `per-worker` policy. @default 'worker' */
  readonly workerAttribute?: string;
  /**
   * Worker: also push a delta this often unasked, so less is lost when the worker is killed
   * (what it recorded since its last delta dies with it). 0: only when the primary asks.
   * @default 0
   */
  readonly pushIntervalMillis?: number;
}

/** The options with defaults applied. */
export interface ResolvedClusterOptions {
  readonly role: 'primary' | 'cluster-worker' | 'thread-worker';
  readonly collectTimeoutMillis: number;
  readonly gaugePolicy: (instrument: string) => GaugePolicy;
  readonly workerAttribute: string;
  readonly pushIntervalMillis: number;
}

/**
 * Validates `options` and settles the role from where this code runs.
 * @throws {Error} naming the `cluster.*` option that is invalid.
 */
export function resolveClusterOptions(options: ClusterOptions): ResolvedClusterOptions {
  const role = options.role ?? 'auto';
  if (!['auto', 'primary', 'worker'].includes(role)) {
    throw new Error(
      `cluster.role: expected 'auto', 'primary' or 'worker', got ${JSON.stringify(role)}`,
    );
  }
  const timeout = options.collectTimeoutMillis ?? 5000;
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 300_000) {
    throw new Error(
      `cluster.collectTimeoutMillis: expected milliseconds in (0, 300000], got ${timeout}`,
    );
  }
  const push = options.pushIntervalMillis ?? 0;
  if (!Number.isFinite(push) || push < 0 || push > 2_147_483_647) {
    throw new Error(`cluster.pushIntervalMillis: expected milliseconds >= 0 (0: off), got ${push}`);
  }
  const fallback = options.defaultGaugePolicy ?? DEFAULT_GAUGE_POLICY;
  const policies = options.gaugePolicies ?? {};
  for (const [name, policy] of [['(default)', fallback], ...Object.entries(policies)]) {
    if (!GAUGE_POLICIES.includes(policy as GaugePolicy)) {
      throw new Error(
        `cluster.gaugePolicies: ${name}: expected one of ${GAUGE_POLICIES.join(', ')}, got ${JSON.stringify(policy)}`,
      );
    }
  }
  const inWorker = !isMainThread
    ? 'thread-worker'
    : cluster.isWorker
      ? 'cluster-worker'
      : undefined;
  let resolved: ResolvedClusterOptions['role'];
  if (role === 'primary') resolved = 'primary';
  else if (role === 'worker') {
    if (!inWorker)
      throw new Error(
        'cluster.role: worker, but this is neither a cluster worker nor a worker thread',
      );
    resolved = inWorker;
  } else resolved = inWorker ?? 'primary';
  return {
    role: resolved,
    collectTimeoutMillis: timeout,
    gaugePolicy: (name) => policies[name] ?? fallback,
    workerAttribute: options.workerAttribute ?? 'worker',
    pushIntervalMillis: push,
  };
}
