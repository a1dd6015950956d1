// What every implementation records, so the comparison is like for like: the same names, the same
// three attributes, the same histogram buckets and the same values.

/** The implementations compared side by side. */
export const IMPLS = ['meterline', 'prom-client', 'otel'] as const;
export type Impl = (typeof IMPLS)[number];

/** How each implementation is named in tables. */
export const IMPL_LABEL: Record<Impl, string> = {
  meterline: 'Meterline',
  'prom-client': 'prom-client',
  otel: 'stock OTel',
};

/** The counter, as named through the OTel API (exposed as `bench_requests_total`). */
export const COUNTER = 'bench_requests';
/** The counter as prom-client names it, and as both expose it. */
export const COUNTER_EXPOSED = 'bench_requests_total';
/** The histogram, in seconds. */
export const HISTOGRAM = 'bench_latency_seconds';
/**
 * The service's in-flight requests: an up-down counter through the OTel API, a Gauge in
 * prom-client; both expose it under this name.
 */
export const IN_FLIGHT = 'bench_in_flight_requests';
/** Its attributes: a request's status code is not known when it starts. */
export const IN_FLIGHT_LABEL_NAMES = ['method', 'route'] as const;
/** Attribute (label) names, in the order prom-client declares them. */
export const LABEL_NAMES = ['method', 'route', 'status_code'] as const;

/**
 * Bucket boundaries every implementation uses: Meterline's `latency` preset for unit `s`, given to
 * the OTel SDK as advice and to prom-client as `buckets`.
 */
export const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The attributes the "reused" cases pass on every call (the same object). */
export const FIXED_ATTRIBUTES = Object.freeze({
  method: 'GET',
  route: '/api/items',
  status_code: '200',
});

/** Values the "built per call" case cycles through: 4 methods x 2 status codes = 8 series. */
export const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
export const STATUS_CODES = ['200', '404'] as const;

/** 1,024 latencies in seconds, log-spread over 0.2 ms … 20 s, deterministic (a fixed LCG). */
export const LATENCIES: readonly number[] = (() => {
  const values: number[] = [];
  let seed = 42;
  for (let i = 0; i < 1024; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    values.push(0.0002 * 10 ** ((seed / 2 ** 31) * 5));
  }
  return values;
})();

/** The attributes of series number `j` in the scrape, heap and OTLP cases: all distinct. */
export function seriesAttributes(j: number): Record<(typeof LABEL_NAMES)[number], string> {
  return { method: METHODS[j & 3]!, route: `/api/v1/items/${j >> 2}`, status_code: '200' };
}

/** How many metrics `series` series are spread over (10, fewer for tiny sizes). */
export function metricCount(series: number): number {
  return Math.max(1, Math.min(10, Math.floor(series / 10)));
}
