import { status } from '@grpc/grpc-js';
import type { MetricsServiceHandlers } from '../generated/meterline/metrics/v1/MetricsService.js';
import { CursorStore } from '../query/cursor-store.js';
import { Recorder, RECORD_METER } from '../record/recorder.js';
import type { GrpcSources } from '../sources.js';
import { GrpcStatusError } from '../status.js';
import { peerAddress, TokenBuckets } from '../token-buckets.js';
import { unary } from '../unary.js';
import { listInstruments } from './instruments.js';
import { answer, collectQuery, validateQuery } from './query.js';
import { Watches, type WatchesOptions } from './watches.js';

/** Options of {@link createMetricsService}. */
export interface MetricsServiceOptions extends WatchesOptions {
  /** Measurements one peer address may record in a burst. */
  readonly recordBurst: number;
  /** Measurements per second a peer address regains. */
  readonly recordPerSecond: number;
  /** Reads one peer address may make in a burst (each collects every instrument). */
  readonly readBurst: number;
  /** Reads per second a peer address regains. */
  readonly readPerSecond: number;
  /** Instruments `Record` may create. */
  readonly recordMaxInstruments: number;
  /** Delta cursors kept at once. */
  readonly maxCursors: number;
  /** A delta cursor unused this long is forgotten. */
  readonly cursorTtlMillis: number;
}

/** The `MetricsService` handlers, and the watches to end at shutdown. */
export function createMetricsService(
  sources: GrpcSources,
  options: MetricsServiceOptions,
): { handlers: MetricsServiceHandlers; watches: Watches } {
  const cursors = new CursorStore({
    maxCursors: options.maxCursors,
    ttlMillis: options.cursorTtlMillis,
  });
  const buckets = new TokenBuckets({
    burst: options.recordBurst,
    perSecond: options.recordPerSecond,
  });
  const recorder = new Recorder({
    meter: () => sources.meter(RECORD_METER),
    admin: () => sources.admin(),
    maxInstruments: options.recordMaxInstruments,
  });
  const reads = new TokenBuckets({ burst: options.readBurst, perSecond: options.readPerSecond });
  /** Spends one read of the caller's address, or refuses the call. */
  const read = (call: { getPeer(): string }): void => {
    const peer = peerAddress(call.getPeer());
    if (!reads.take(peer)) {
      throw new GrpcStatusError(
        status.RESOURCE_EXHAUSTED,
        `rate limit: ${peer} may make ${options.readPerSecond} reads per second ` +
          `(bursts of ${options.readBurst}); retry later`,
      );
    }
  };
  const watches = new Watches(sources, options, read);
  const handlers: MetricsServiceHandlers = {
    ListInstruments: unary(async (call) => {
      read(call);
      const all = await listInstruments(sources, options.collectTimeoutMillis);
      const prefix = call.request.namePrefix;
      return { instruments: all.filter((i) => i.name!.startsWith(prefix)) };
    }),
    Query: unary(async (call) => {
      read(call);
      const query = validateQuery(call.request, '', true);
      const { metrics, timeMillis } = await collectQuery(
        sources,
        query,
        options.collectTimeoutMillis,
        '',
      );
      const previous = query.delta ? cursors.get(query.cursor, query.instrument) : undefined;
      const result = answer(query, metrics, timeMillis, previous);
      if (query.delta) cursors.set(query.cursor, query.instrument, result.snapshot);
      return result.response;
    }),
    Watch: watches.handle,
    Record: unary((call) => {
      if (!sources.ready()) {
        throw new GrpcStatusError(status.UNAVAILABLE, 'telemetry is starting; retry shortly');
      }
      const peer = peerAddress(call.getPeer());
      const n = Math.max(1, call.request.measurements.length);
      if (!buckets.take(peer, n)) {
        throw new GrpcStatusError(
          status.RESOURCE_EXHAUSTED,
          `rate limit: ${peer} may record ${options.recordPerSecond} measurements per second ` +
            `(bursts of ${options.recordBurst}); retry later`,
        );
      }
      const created = recorder.record(call.request.measurements);
      return { recorded: call.request.measurements.length, created };
    }),
  };
  return { handlers, watches };
}
