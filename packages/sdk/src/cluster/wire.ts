import type { MessagePort } from 'node:worker_threads';
import type { WireMetrics } from './wire-format.js';

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
  /** How long the primary waits; a worker relaying its threads waits for them less. */
  readonly timeoutMillis?: number;
}
/**
 * Worker to primary: the delta since the worker's previous delta, in answer to request `id`
 * (or unsolicited, `id` 0: a periodic push or the final flush before exit). `data` is
 * `encodeMetrics` output (see `wire-format.ts`).
 */
export interface DeltaMessage {
  readonly [TAG]: typeof PROTOCOL;
  readonly type: 'delta';
  readonly id: number;
  readonly data: WireMetrics;
  /** Errors of the worker's collection (a throwing observable callback), as messages. */
  readonly errors?: readonly string[];
  /** Deltas of the worker's own worker threads, each under its own name (`thread-2`). */
  readonly parts?: readonly { readonly source: string; readonly data: WireMetrics }[];
  /** The worker's threads that exited since its previous delta: their levels go. */
  readonly gone?: readonly string[];
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
