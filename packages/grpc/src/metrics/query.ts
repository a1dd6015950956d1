import { status } from '@grpc/grpc-js';
import type { QueryRequest__Output } from '../generated/meterline/metrics/v1/QueryRequest.js';
import type { QueryResponse } from '../generated/meterline/metrics/v1/QueryResponse.js';
import { selectMetrics, millisToTimestamp, type SeriesMetric } from '../query/convert.js';
import { cumulativeMetrics, deltaMetrics, snapshotOf, type Snapshot } from '../query/delta.js';
import { compileMatchers, type CompiledMatcher } from '../query/matchers.js';
import type { GrpcSources } from '../sources.js';
import { GrpcStatusError, instrumentNotFound, invalidArgument } from '../status.js';

/** A query after validation. */
export interface ValidQuery {
  readonly instrument: string;
  readonly matchers: readonly CompiledMatcher[];
  readonly delta: boolean;
  readonly cursor: string;
}

/**
 * Checks a query; `field` prefixes the names in messages (`query.` inside a WatchRequest).
 * @throws GrpcStatusError INVALID_ARGUMENT naming the field.
 */
export function validateQuery(
  q: QueryRequest__Output | null,
  field: string,
  needsCursor: boolean,
): ValidQuery {
  if (q === null) throw invalidArgument(field.replace(/\.$/, '') || 'query', 'must be set');
  if (q.instrument === '') throw invalidArgument(`${field}instrument`, 'must not be empty');
  if (q.instrument.length > 255) {
    throw invalidArgument(`${field}instrument`, 'must be at most 255 characters');
  }
  const matchers = compileMatchers(q.matchers, `${field}matchers`);
  const delta = q.temporality === 'TEMPORALITY_DELTA';
  if (delta && needsCursor && (q.cursor.length < 1 || q.cursor.length > 128)) {
    throw invalidArgument(`${field}cursor`, 'a delta query needs a cursor of 1 to 128 characters');
  }
  return { instrument: q.instrument, matchers, delta, cursor: q.cursor };
}

/**
 * Collects and selects the queried instrument's streams.
 * @throws GrpcStatusError NOT_FOUND when no instrument or stream has that name, UNAVAILABLE before
 *   telemetry has started.
 */
export async function collectQuery(
  sources: GrpcSources,
  query: ValidQuery,
  timeoutMillis: number,
  field: string,
): Promise<{ metrics: SeriesMetric[]; timeMillis: number }> {
  if (!sources.ready()) {
    throw new GrpcStatusError(status.UNAVAILABLE, 'telemetry is starting; retry shortly');
  }
  const timeMillis = Date.now();
  const { resourceMetrics } = await sources.collect(timeoutMillis);
  const metrics = selectMetrics(resourceMetrics, query.instrument, query.matchers);
  if (metrics.length === 0) {
    // An instrument with no exported stream (disabled, or nothing recorded yet) still exists.
    const known = sources
      .admin()
      ?.instruments()
      .some((i) => i.name === query.instrument);
    if (!known) throw instrumentNotFound(`${field}instrument`, query.instrument);
  }
  return { metrics, timeMillis };
}

/** The answer to a query, cumulative or as deltas against `previous`. */
export function answer(
  query: ValidQuery,
  metrics: readonly SeriesMetric[],
  timeMillis: number,
  previous: Snapshot | undefined,
): { response: QueryResponse; snapshot: Snapshot } {
  const response: QueryResponse = query.delta
    ? {
        metrics: deltaMetrics(metrics, previous),
        time: millisToTimestamp(timeMillis),
        temporality: 'TEMPORALITY_DELTA',
        ...(previous ? { previousTime: millisToTimestamp(previous.timeMillis) } : {}),
      }
    : {
        metrics: cumulativeMetrics(metrics),
        time: millisToTimestamp(timeMillis),
        temporality: 'TEMPORALITY_CUMULATIVE',
      };
  return { response, snapshot: snapshotOf(metrics, timeMillis) };
}
