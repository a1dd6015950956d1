import type { Logger } from '@meterline/plugin';
import type { DeltaReader } from './delta-reader.js';
import type { ThreadRelay } from './thread-relay.js';
import { isClusterMessage, PROTOCOL, TAG, type ClusterMessage } from './wire.js';
import { encodeMetrics } from './wire-format.js';

/** A worker's end of its channel to the primary (cluster IPC or a MessagePort). */
export interface PrimaryChannel {
  send(message: ClusterMessage): void;
  /** Calls `listener` for every message from the primary; returns how to stop listening. */
  listen(listener: (message: unknown) => void): () => void;
}

/** Options of {@link WorkerAgent}. */
export interface WorkerAgentOptions {
  readonly reader: DeltaReader;
  readonly channel: PrimaryChannel;
  readonly logger: Logger;
  /** Also push a delta this often, unasked (0: only when the primary asks). @default 0 */
  readonly pushIntervalMillis?: number;
  /** Timeout of observable callbacks in one collection. @default 10000 */
  readonly collectTimeoutMillis?: number;
  /** This worker's own worker threads, relayed with its deltas (a mixed service). */
  readonly relay?: ThreadRelay;
}

/**
 * The worker side of the cluster protocol: says hello, then answers every `collect` request with
 * the delta of its meter provider since its previous delta. `push()` sends one unasked (a
 * periodic push, the last flush before exit). Deltas leave one at a time, in order.
 */
export class WorkerAgent {
  private chain: Promise<void> = Promise.resolve();
  private stopListening: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Summaries already reported as kept out of the merge (warned once each). */
  private readonly summariesReported = new Set<string>();

  constructor(private readonly options: WorkerAgentOptions) {}

  /** Starts listening and says hello to the primary. */
  start(): void {
    this.stopListening = this.options.channel.listen((message) => {
      if (!isClusterMessage(message) || message.type !== 'collect') return;
      void this.push(message.id, message.timeoutMillis);
    });
    this.send({ [TAG]: PROTOCOL, type: 'hello', pid: process.pid });
    const interval = this.options.pushIntervalMillis ?? 0;
    if (interval > 0) {
      this.timer = setInterval(() => void this.push(0), interval);
      this.timer.unref();
    }
  }

  /**
   * Collects the delta and sends it, in answer to request `id` (0: unasked). An answer is sent
   * even when empty, so the primary stops waiting; an unasked empty delta is not.
   */
  push(id = 0, timeoutMillis?: number): Promise<void> {
    this.chain = this.chain.then(async () => {
      try {
        const relay = this.options.relay;
        // Threads get most of the primary's wait, so their answer still makes it in time.
        const threadWait = Math.max(1, Math.floor((timeoutMillis ?? 5000) * 0.8));
        const [{ scopes, errors }, relayed] = await Promise.all([
          this.options.reader.collectDelta(this.options.collectTimeoutMillis ?? 10_000),
          relay ? (id === 0 ? relay.drain() : relay.collect(threadWait)) : undefined,
        ]);
        const allErrors = [
          ...errors.map((e) => (e instanceof Error ? e.message : String(e))),
          ...(relayed?.errors ?? []),
        ];
        const quiet = !relayed || (relayed.parts.length === 0 && relayed.gone.length === 0);
        if (id === 0 && scopes.length === 0 && allErrors.length === 0 && quiet) return;
        this.send({
          [TAG]: PROTOCOL,
          type: 'delta',
          id,
          data: encodeMetrics(scopes, (name) => {
            if (this.summariesReported.has(name)) return;
            this.summariesReported.add(name);
            this.options.logger.warn(
              `cluster: summary ${JSON.stringify(name)} is not sent to the primary (quantiles over a window cannot be merged across workers); use a histogram view for it in cluster mode`,
            );
          }),
          errors: allErrors,
          ...(relayed && !quiet ? { parts: relayed.parts, gone: relayed.gone } : {}),
        });
      } catch (error) {
        this.options.logger.error(`cluster: collecting the delta failed: ${String(error)}`);
      }
    });
    return this.chain;
  }

  /** Stops listening and pushing (the final flush is the reader's shutdown, before this). */
  stop(): void {
    clearInterval(this.timer);
    this.stopListening?.();
  }

  private send(message: ClusterMessage): void {
    try {
      this.options.channel.send(message);
    } catch (error) {
      this.options.logger.warn(`cluster: cannot reach the primary: ${String(error)}`);
    }
  }
}
