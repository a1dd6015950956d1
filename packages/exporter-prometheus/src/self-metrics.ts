import { metrics, type Histogram, type MeterProvider } from '@opentelemetry/api';
import { joinSelfMetrics, type EndpointTotals } from './self-metrics-instruments.js';

/**
 * Every name the self-metrics are served under (families and samples, whatever the translation
 * strategy): only their own scope may take one (see `protectedNames` and `protectedScope` of the
 * serializer), so no instrument of the service can serve a family twice or pass for them.
 */
export const SELF_METRIC_NAMES: readonly string[] = [
  ...['scrapes', 'collection_errors', 'dropped_streams', 'response_bytes'].flatMap((n) => [
    `meterline_prometheus_${n}`,
    `meterline_prometheus_${n}_total`,
    `meterline_prometheus_${n}_created`,
  ]),
  ...['', '_bucket', '_sum', '_count', '_created'].map(
    (s) => `meterline_prometheus_scrape_duration_seconds${s}`,
  ),
  'meterline_prometheus_series',
  'meterline_prometheus_scrapes_in_flight',
];

/** Durations kept for the histogram while no meter provider is there yet (start-up). */
const MAX_PENDING_DURATIONS = 1024;

/** Options of {@link SelfMetrics}. */
export interface SelfMetricsOptions {
  /**
   * Where the instruments are created. @default the global meter provider, looked up at each scrape
   */
  readonly meterProvider?: MeterProvider;
  /**
   * True once the endpoint's reader has joined a meter provider: before that (a scrape racing
   * start-up) `meterProvider` may still hand out no-op meters, so nothing is taken from it.
   */
  readonly ready: () => boolean;
}

/**
 * The endpoint's own metrics, as engine instruments of the meter `@meterline/exporter-prometheus`
 * (collected and served like every other instrument, and pushed by any push exporter of the same
 * provider), backed by plain totals that callers can read without a collection:
 *
 * - `meterline_prometheus_scrapes_total{code}`: scrapes answered, by HTTP status;
 * - `meterline_prometheus_scrape_duration_seconds`: histogram of time to answer;
 * - `meterline_prometheus_collection_errors_total`: collections that reported errors or timed out;
 * - `meterline_prometheus_dropped_streams_total`: streams (or series) left out: name collisions,
 *   counter values the format cannot carry (NaN, negative);
 * - `meterline_prometheus_response_bytes_total`: bytes sent (after compression);
 * - `meterline_prometheus_series`: series in the last served exposition;
 * - `meterline_prometheus_scrapes_in_flight`: scrapes being answered now.
 *
 * A scrape is counted when it ends, so a body shows what happened up to the collection it
 * serves: a scrape's own duration, bytes, dropped streams and collection error show from the next
 * one. Everything but the histogram is observed from the totals at each collection, so scrapes
 * answered before the meter provider existed are counted too; their durations are recorded once
 * it does (at most 1024 of them).
 *
 * Instruments are taken lazily, once the reader has joined a meter provider and the provider
 * hands out real meters, and taken again if the global provider changes (when none is given). Not thread-safe by design: Node runs the
 * handler on one thread.
 */
export class SelfMetrics implements EndpointTotals {
  private static served = 0;
  private readonly byCode = new Map<number, number>();
  private errors = 0;
  private dropped = 0;
  private bytes = 0;
  private running = 0;
  private series = 0;
  private servedAt = 0;
  private joined: { provider: MeterProvider; duration: Histogram } | undefined;
  private pending: number[] | undefined = [];

  constructor(private readonly options: SelfMetricsOptions) {}

  /** A scrape is being answered (counted in flight until {@link scrapeEnded}). */
  scrapeStarted(): void {
    this.running++;
    this.instruments();
  }

  /** The scrape begun with {@link scrapeStarted} was answered with `code` after `seconds`. */
  scrapeEnded(code: number, seconds: number): void {
    this.running--;
    this.scrapeAnswered(code, seconds);
  }

  /** Records one scrape answered at once, never in flight (a 503 beyond the in-flight cap). */
  scrapeAnswered(code: number, seconds: number): void {
    this.byCode.set(code, (this.byCode.get(code) ?? 0) + 1);
    const duration = this.instruments();
    if (duration) duration.record(seconds);
    else if (this.pending && this.pending.length < MAX_PENDING_DURATIONS)
      this.pending.push(seconds);
  }

  /** A collection reported errors or timed out. */
  collectionFailed(): void {
    this.errors++;
  }

  /** An exposition was served with `series` series, leaving `dropped` streams or series out. */
  served(series: number, dropped: number): void {
    this.series = series;
    this.dropped += dropped;
    this.servedAt = ++SelfMetrics.served;
  }

  /** Bytes handed to the client (after compression). */
  sent(bytes: number): void {
    this.bytes += bytes;
  }

  /** Scrapes answered with `code` so far. */
  scrapes(code: number): number {
    return this.byCode.get(code) ?? 0;
  }

  get scrapesByCode(): ReadonlyMap<number, number> {
    return this.byCode;
  }
  get collectionErrors(): number {
    return this.errors;
  }
  get droppedStreams(): number {
    return this.dropped;
  }
  get responseBytes(): number {
    return this.bytes;
  }
  get inFlight(): number {
    return this.running;
  }
  get lastSeries(): number {
    return this.series;
  }
  get lastServed(): number {
    return this.servedAt;
  }

  /** The histogram of the provider in force, joining it first; undefined while there is none. */
  private instruments(): Histogram | undefined {
    if (!this.options.ready()) return undefined;
    const provider = this.options.meterProvider ?? metrics.getMeterProvider();
    if (this.joined?.provider !== provider) {
      const duration = joinSelfMetrics(provider, this);
      if (!duration) return undefined;
      this.joined = { provider, duration };
      for (const seconds of this.pending ?? []) duration.record(seconds);
      this.pending = undefined;
    }
    return this.joined.duration;
  }
}
