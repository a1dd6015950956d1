import type { MessagePort } from 'node:worker_threads';
import { DataPointType, type MetricData, type ScopeMetrics } from '@opentelemetry/sdk-metrics';

/** Tag of every message of the protocol, so a service's own IPC messages are left alone. */
export const TAG = '@meterline/cluster';
/** Protocol version; a peer speaking another is refused with a log line naming both. */
export const PROTOCOL = 1;

/** Worker to primary: telemetry started here, send collection requests. */
export interface HelloMessage {
  readonly [TAG]: typeof PROTOCOL;
  readonly type: 'hello';
  readonly pid: number;
}
/** Primary to worker: send what was recorded since your last delta, answering `id`. */
export interface CollectMessage {
  readonly [TAG]: typeof PROTOCOL;
  readonly type: 'collect';
  readonly id: number;
}
/**
 * Worker to primary: the delta since the worker's previous delta, in answer to request `id`
 * (or unsolicited, `id` 0: a periodic push or the final flush before exit). `data` is
 * {@link encodeMetrics} output.
 */
export interface DeltaMessage {
  readonly [TAG]: typeof PROTOCOL;
  readonly type: 'delta';
  readonly id: number;
  readonly data: WireMetrics;
  /** Errors of the worker's collection (a throwing observable callback), as messages. */
  readonly errors?: readonly string[];
}
/** Worker thread to main thread, on `parentPort`: the private port the rest travels on. */
export interface PortMessage {
  readonly [TAG]: typeof PROTOCOL;
  readonly type: 'port';
  readonly port: MessagePort;
}
export type ClusterMessage = HelloMessage | CollectMessage | DeltaMessage | PortMessage;

/** True for any message of this protocol (any version), false for the service's own. */
export function isClusterMessage(message: unknown): message is ClusterMessage {
  return typeof message === 'object' && message !== null && TAG in message;
}

/** Delta metric data as it travels: plain data, JSON- and structured-clone-safe. */
export type WireMetrics = ScopeMetrics[];

/**
 * Readies delta metric data for the channel: the resource is left out (the primary exports under
 * its own), and non-finite values, which the cluster IPC's JSON would turn into null, are
 * spelled out: a sum or gauge value as a string (`"NaN"`, `"Infinity"`), a histogram's min, max
 * or sum (only non-finite when the histogram is empty) dropped. Points are copied only when one
 * needs it.
 */
export function encodeMetrics(scopes: readonly ScopeMetrics[]): WireMetrics {
  return scopes.map((scope) => ({
    scope: scope.scope,
    metrics: scope.metrics.map((metric) => {
      if (!metric.dataPoints.some((p) => !finitePoint(p.value))) return metric;
      const dataPoints = metric.dataPoints.map((p) =>
        finitePoint(p.value) ? p : { ...p, value: spelledOut(p.value) },
      );
      return { ...metric, dataPoints } as MetricData;
    }),
  }));
}

function finitePoint(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  const h = value as { min?: number; max?: number; sum?: number };
  return [h.min, h.max, h.sum].every((v) => v === undefined || Number.isFinite(v));
}

function spelledOut(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  const h = { ...(value as { min?: number; max?: number; sum?: number }) };
  for (const key of ['min', 'max', 'sum'] as const) {
    if (h[key] !== undefined && !Number.isFinite(h[key])) delete h[key];
  }
  return h;
}

/**
 * Checks delta metric data received from a worker for the shape the merge relies on, and turns
 * spelled-out values back into numbers (see {@link encodeMetrics}).
 * @throws {Error} naming the first malformed part.
 */
export function decodeMetrics(data: unknown): ScopeMetrics[] {
  if (!Array.isArray(data)) throw new Error('delta data is not a list of scopes');
  for (const [i, scope] of (data as ScopeMetrics[]).entries()) {
    if (typeof scope?.scope?.name !== 'string' || !Array.isArray(scope.metrics)) {
      throw new Error(`delta scope #${i} lacks a name or a metric list`);
    }
    for (const metric of scope.metrics) {
      const name = metric?.descriptor?.name;
      if (typeof name !== 'string') {
        throw new Error(`a metric of scope ${scope.scope.name} has no name`);
      }
      if (!(metric.dataPointType in DataPointType) || !Array.isArray(metric.dataPoints)) {
        throw new Error(`metric ${name} has no known point type or no point list`);
      }
      for (const point of metric.dataPoints as { value: unknown }[]) {
        if (typeof point.value === 'string') point.value = Number(point.value);
      }
    }
  }
  return data as ScopeMetrics[];
}
