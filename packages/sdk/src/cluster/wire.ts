import type { MessagePort } from 'node:worker_threads';
import type { ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { DataPointType } from '@opentelemetry/sdk-metrics';

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
  readonly data: string;
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

/**
 * Encodes delta metric data as JSON text. Non-finite numbers (a histogram's ±Infinity min/max, a
 * NaN gauge) survive, which plain JSON (the cluster IPC default) would turn into null; the
 * resource is left out (the primary exports under its own).
 */
export function encodeMetrics(scopes: readonly ScopeMetrics[]): string {
  return JSON.stringify(scopes, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? { $n: String(value) } : value,
  );
}

/**
 * Decodes {@link encodeMetrics} output, checking the shape the merge relies on.
 * @throws {Error} naming the first malformed part.
 */
export function decodeMetrics(text: string): ScopeMetrics[] {
  const parsed: unknown = JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'object' && value !== null && '$n' in value
      ? Number((value as { $n: string }).$n)
      : value,
  );
  if (!Array.isArray(parsed)) throw new Error('delta data is not a list of scopes');
  for (const [i, scope] of (parsed as ScopeMetrics[]).entries()) {
    if (typeof scope?.scope?.name !== 'string' || !Array.isArray(scope.metrics)) {
      throw new Error(`delta scope #${i} lacks a name or a metric list`);
    }
    for (const metric of scope.metrics) {
      const name = metric?.descriptor?.name;
      if (typeof name !== 'string')
        throw new Error(`a metric of scope ${scope.scope.name} has no name`);
      if (!(metric.dataPointType in DataPointType) || !Array.isArray(metric.dataPoints)) {
        throw new Error(`metric ${name} has no known point type or no point list`);
      }
    }
  }
  return parsed as ScopeMetrics[];
}
