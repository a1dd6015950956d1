import {
  createNoopMeter,
  type Histogram,
  type Meter,
  type MeterProvider,
} from '@opentelemetry/api';

/** The meter (instrumentation scope) of the endpoint's self-metrics. */
export const SELF_METRICS_SCOPE = '@meterline/exporter-prometheus';

/** Seconds: 5 ms … 10 s, the buckets `meterline_prometheus_scrape_duration_seconds` always had. */
export const SCRAPE_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What one endpoint has counted so far, read by the provider's callback at each collection. */
export interface EndpointTotals {
  /** Scrapes answered, by HTTP status code. */
  readonly scrapesByCode: ReadonlyMap<number, number>;
  readonly collectionErrors: number;
  readonly droppedStreams: number;
  readonly responseBytes: number;
  readonly inFlight: number;
  /** Series in this endpoint's last served exposition, and when it was served (a sequence number). */
  readonly lastSeries: number;
  readonly lastServed: number;
}

/** The instruments of one meter provider and the endpoints whose totals they report. */
interface Registration {
  readonly duration: Histogram;
  readonly endpoints: Set<EndpointTotals>;
}

const registrations = new WeakMap<MeterProvider, Registration>();

/**
 * Joins an endpoint to `provider`'s self-metrics and returns the histogram its scrape durations
 * go to, or undefined when `provider` hands out the API's no-op meter (no global provider
 * registered, or a stand-in whose provider does not exist yet): then nothing is joined, so nothing
 * keeps the endpoint alive, and the caller tries again at its next scrape. The instruments are created once per provider, under the scope `@meterline/exporter-prometheus`,
 * and one batch callback reports, at each collection, the totals of every endpoint joined to it:
 * counters summed (an endpoint that joined once stays counted, so no counter goes down), scrapes
 * in flight summed, series of the exposition served last. Names are given so that every
 * translation strategy serves them unchanged: counters end in `_total`, the histogram in
 * `_seconds` with unit `s`, and the other units are annotations.
 *
 * Idempotent per endpoint and provider. Node runs it on one thread; nothing here awaits.
 */
export function joinSelfMetrics(
  provider: MeterProvider,
  endpoint: EndpointTotals,
): Histogram | undefined {
  let registration = registrations.get(provider);
  if (!registration) {
    const meter = provider.getMeter(SELF_METRICS_SCOPE);
    if (meter === createNoopMeter()) return undefined;
    registration = register(meter);
    registrations.set(provider, registration);
  }
  registration.endpoints.add(endpoint);
  return registration.duration;
}

function register(meter: Meter): Registration {
  // Created in the order the families were always served in.
  const scrapes = meter.createObservableCounter('meterline_prometheus_scrapes_total', {
    description: 'Scrapes answered by the Prometheus endpoint, by HTTP status code.',
    unit: '{scrape}',
  });
  const duration = meter.createHistogram('meterline_prometheus_scrape_duration_seconds', {
    description: 'Time to answer a scrape, collection and serialization included.',
    unit: 's',
    advice: { explicitBucketBoundaries: SCRAPE_DURATION_BUCKETS },
  });
  const errors = meter.createObservableCounter('meterline_prometheus_collection_errors_total', {
    description: 'Collections that reported errors (a throwing callback) or timed out.',
    unit: '{collection}',
  });
  const dropped = meter.createObservableCounter('meterline_prometheus_dropped_streams_total', {
    description:
      'Metric streams (or single series) left out of an exposition: a name taken by another, or a value the format cannot carry.',
    unit: '{stream}',
  });
  const bytes = meter.createObservableCounter('meterline_prometheus_response_bytes_total', {
    description: 'Bytes sent in scrape responses.',
    // Not `By`: with a UTF-8 strategy and `totalSuffix: false` that would serve `…_total_bytes`.
    unit: '{byte}',
  });
  const series = meter.createObservableGauge('meterline_prometheus_series', {
    description: 'Series in the last served exposition.',
    unit: '{series}',
  });
  const inFlight = meter.createObservableGauge('meterline_prometheus_scrapes_in_flight', {
    description: 'Scrapes being answered now.',
    unit: '{scrape}',
  });
  const endpoints = new Set<EndpointTotals>();
  meter.addBatchObservableCallback(
    (result) => {
      const byCode = new Map<number, number>();
      let collectionErrors = 0;
      let droppedStreams = 0;
      let responseBytes = 0;
      let scrapesInFlight = 0;
      let last: EndpointTotals | undefined;
      for (const e of endpoints) {
        for (const [code, n] of e.scrapesByCode) byCode.set(code, (byCode.get(code) ?? 0) + n);
        collectionErrors += e.collectionErrors;
        droppedStreams += e.droppedStreams;
        responseBytes += e.responseBytes;
        scrapesInFlight += e.inFlight;
        if (!last || e.lastServed > last.lastServed) last = e;
      }
      for (const [code, n] of [...byCode].sort((a, b) => a[0] - b[0])) {
        result.observe(scrapes, n, { code: String(code) });
      }
      result.observe(errors, collectionErrors);
      result.observe(dropped, droppedStreams);
      result.observe(bytes, responseBytes);
      result.observe(series, last?.lastSeries ?? 0);
      result.observe(inFlight, scrapesInFlight);
    },
    [scrapes, errors, dropped, bytes, series, inFlight],
  );
  return { duration, endpoints };
}
