import { status, type ServerWritableStream } from '@grpc/grpc-js';
import type { WatchRequest__Output } from '../generated/meterline/metrics/v1/WatchRequest.js';
import type { WatchUpdate } from '../generated/meterline/metrics/v1/WatchUpdate.js';
import type { Snapshot } from '../query/delta.js';
import type { GrpcSources } from '../sources.js';
import { GrpcStatusError, toServiceError } from '../status.js';
import { answer, collectQuery, validateQuery } from './query.js';

/** Options of {@link Watches}. */
export interface WatchesOptions {
  /** Interval when the request gives none. */
  readonly defaultIntervalMillis: number;
  /** Shortest interval; shorter requests are raised to it. */
  readonly minIntervalMillis: number;
  /** Watches open at once; more are refused with RESOURCE_EXHAUSTED. */
  readonly maxWatches: number;
  /** Bound on each collection. */
  readonly collectTimeoutMillis: number;
}

type WatchCall = ServerWritableStream<WatchRequest__Output, WatchUpdate>;

/**
 * The open `Watch` streams. Each runs a chain of timers (the next update is scheduled once the
 * previous one was handed to the transport, so a slow reader never piles up updates) and ends
 * when the client cancels, `max_updates` were sent, or {@link Watches.closeAll} is called.
 */
export class Watches {
  private readonly open = new Set<() => void>();

  constructor(
    private readonly sources: GrpcSources,
    private readonly options: WatchesOptions,
    /** Charges the caller for starting a watch; throws RESOURCE_EXHAUSTED when it may not. */
    private readonly charge: (call: WatchCall) => void = () => {},
  ) {}

  /** Streams open now. */
  get size(): number {
    return this.open.size;
  }

  /** The grpc-js handler of `Watch`. */
  readonly handle = (call: WatchCall): void => {
    let query;
    try {
      this.charge(call);
      query = validateQuery(call.request.query, 'query.', false);
      if (this.open.size >= this.options.maxWatches) {
        throw new GrpcStatusError(
          status.RESOURCE_EXHAUSTED,
          `too many open watches (limit ${this.options.maxWatches}); retry later`,
        );
      }
    } catch (error) {
      call.emit('error', toServiceError(error));
      return;
    }
    const requested = call.request.intervalMs || this.options.defaultIntervalMillis;
    const interval = Math.max(requested, this.options.minIntervalMillis);
    const maxUpdates = call.request.maxUpdates;
    let sequence = 0;
    let previous: Snapshot | undefined;
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (error?: GrpcStatusError): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.open.delete(stop);
      if (call.cancelled) return;
      if (error) call.emit('error', toServiceError(error));
      else call.end();
    };
    const stop = (): void =>
      finish(new GrpcStatusError(status.UNAVAILABLE, 'the server is shutting down'));
    this.open.add(stop);
    call.on('cancelled', () => finish());
    const tick = async (): Promise<void> => {
      try {
        const { metrics, timeMillis } = await collectQuery(
          this.sources,
          query,
          this.options.collectTimeoutMillis,
          'query.',
        );
        if (done) return;
        const result = answer(query, metrics, timeMillis, previous);
        previous = result.snapshot;
        sequence += 1;
        await new Promise<void>((resolve) =>
          call.write({ sequence, result: result.response }, () => resolve()),
        );
      } catch (error) {
        finish(
          error instanceof GrpcStatusError
            ? error
            : new GrpcStatusError(status.INTERNAL, String(error)),
        );
        return;
      }
      if (done) return;
      if (maxUpdates > 0 && sequence >= maxUpdates) finish();
      else timer = setTimeout(() => void tick(), interval);
    };
    void tick();
  };

  /** Ends every open watch with UNAVAILABLE (server shutdown). */
  closeAll(): void {
    for (const stop of [...this.open]) stop();
  }
}
