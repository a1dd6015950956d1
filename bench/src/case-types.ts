// Arguments and results of the child processes, shared by the children and the suite. No side
// effects here: the suite imports this, and importing a case script would run it.
import type { Impl } from './workload.js';

/** The recording cases, as named in results. */
export const RECORDING_CASES = [
  'counter-0-attributes',
  'counter-3-attributes-reused',
  'counter-3-attributes-per-call',
  'histogram-3-attributes',
] as const;
export type RecordingCase = (typeof RECORDING_CASES)[number];

export interface RecordingArgs {
  readonly impl: Impl;
  readonly case: RecordingCase;
  readonly warmupMs: number;
  readonly batchMs: number;
  readonly batches: number;
}

export interface RecordingResult {
  /** Median over this process's batches. */
  readonly nsPerOp: number;
  readonly batchNsPerOp: readonly number[];
  /** Every call made, warm-up included. */
  readonly ops: number;
  /** What the exposition says was recorded: must equal `ops`. */
  readonly recorded: number;
}

export interface ScrapeArgs {
  readonly impl: Impl;
  readonly kind: 'counter' | 'histogram';
  readonly series: number;
  /** Timed scrapes per request kind (after one warm-up each). */
  readonly scrapes: number;
  /** Timed in-process expositions (no HTTP), after the scrapes. */
  readonly bodies: number;
  /**
   * Diagnosis only (the suite never sets it): run the HTTP client in the server's process, as the
   * suite did before, so its cost on the server's loop can be compared. @default false
   */
  readonly inProcessClient?: boolean;
}

/** One request kind (plain text, or what Prometheus sends) as seen by the client. */
export interface ScrapeVariantResult {
  /** Median time to the last byte, ms. */
  readonly ms: number;
  /** Median of each scrape's longest event-loop block, ms. */
  readonly blockMs: number;
  /** Median of each scrape's longest garbage-collection pause (V8's `gc` entries), ms. */
  readonly gcPauseMs: number;
  /** The kind of the first scrape's longest pause (`major`, `minor`, …; '' for none). */
  readonly gcPauseKind: string;
  readonly wireBytes: number;
  readonly encoding: string;
  readonly contentType: string;
}

export interface ScrapeResult {
  readonly plain: ScrapeVariantResult;
  readonly prometheus: ScrapeVariantResult;
  /** Sample lines of the benchmark's metrics in the plain body (at least `series`). */
  readonly samples: number;
  /** Plain body size, gzipped here with zlib defaults (the same for every implementation). */
  readonly plainGzipBytes: number;
  /** The exposition alone (text 0.0.4, in process, no HTTP, no gzip). */
  readonly body: {
    /** Median ms to produce the body from the recorded state. */
    readonly ms: number;
    /** Median of each production's longest event-loop block, ms. */
    readonly blockMs: number;
    readonly bytes: number;
    /**
     * Meterline only: median ms of the same body from a collection that builds every point at
     * once (`ScrapeTarget.allPointsBody`), timed right after each {@link ms} production.
     */
    readonly allPointsMs?: number;
  };
}

export interface HeapArgs {
  readonly impl: Impl;
  readonly kind: 'counter' | 'histogram';
  readonly series: number;
}

export interface HeapResult {
  /** Retained heap growth divided by the series count, after a scrape and full GCs. */
  readonly bytesPerSeries: number;
  readonly baselineBytes: number;
  readonly retainedBytes: number;
  /** Sample lines of the benchmark's metrics in the scrape (at least `series`). */
  readonly samples: number;
}

/** The service-overhead variants: the four services differ only in their metrics. */
export const SERVICE_VARIANTS = [
  'none',
  'meterline',
  'meterline-runtime',
  'prom-client',
  'otel',
] as const;
export type ServiceVariant = (typeof SERVICE_VARIANTS)[number];

export interface ServiceArgs {
  readonly variant: ServiceVariant;
}

/**
 * Path of the service's control endpoint: CPU time and request counts so far. `?record=on|off`
 * switches the per-request recording (after reading the marks, so the answer closes the phase
 * that ran in the previous state); `?check` adds what the service's own metrics say.
 */
export const MARK_PATH = '/__bench/mark';

/** What the control endpoint answers. */
export interface ServiceMark {
  /** process.cpuUsage(): user + system, µs. */
  readonly cpuMicros: number;
  /** Requests served so far (the control endpoint's own are not counted). */
  readonly requests: number;
  /** Of those, requests served while recording was switched on (`none` has nothing to record). */
  readonly recordedRequests: number;
  /** performance.now() in the service, ms. */
  readonly at: number;
  /** With `?check`: the request counter's total as the service's exposition shows it, else -1. */
  readonly recorded: number;
  /** With `?check`: the in-flight up-down counter's total (0 once every request ended), else -1. */
  readonly inFlight: number;
  /** With `?check`: sample lines of the in-flight up-down counter (≥ 1 once recorded), else -1. */
  readonly inFlightSeries: number;
}

/** One paired load run: alternating phases with recording off and on, under one load. */
export interface PairedLoadArgs {
  /** Pairs of phases (each pair: one off, one on; the order alternates from pair to pair). */
  readonly pairs: number;
  /** Length of each phase, s (at a fixed rate: a whole multiple of 1 / streams). */
  readonly phaseSeconds: number;
  /** At a fixed rate: autocannon instances sharing it, started 1 / streams s apart. @default 1 */
  readonly streams?: number;
}

export interface LoadgenArgs {
  /** Base URL of the service. */
  readonly url: string;
  /** Saturation load with recording on before anything is measured (JIT warm-up), s; 0: none. */
  readonly warmupSeconds: number;
  /** Connections of the saturation run, and requests in flight on each (HTTP pipelining). */
  readonly connections: number;
  readonly pipelining: number;
  readonly saturation: PairedLoadArgs;
  /** Requests per second of the fixed-rate run, and its connections. */
  readonly fixedRate: number;
  readonly fixedConnections: number;
  /** Phases of the fixed-rate run: whole seconds (autocannon paces each connection per second). */
  readonly fixed: PairedLoadArgs;
}

/** One phase as the service saw it: between two marks, recording in one state throughout. */
export interface LoadPhase {
  readonly recording: boolean;
  readonly requests: number;
  readonly cpuMicros: number;
  readonly ms: number;
}

/** One paired load run as seen by the load generator and the service. */
export interface LoadRun {
  /** The phases of the pairs kept, in order. */
  readonly phases: readonly LoadPhase[];
  /**
   * Pairs left out because a phase did not hold the load it should (at a fixed rate: outside
   * ±25 % of rate × length, a burst slipped across a switch; at saturation: no request).
   */
  readonly skippedPairs: number;
  /** Per pair: CPU µs per request with recording on minus with it off. */
  readonly addedMicrosPerRequest: readonly number[];
  /** Per pair: 1 − (requests/s on) / (requests/s off), in %. */
  readonly throughputDropPercent: readonly number[];
  /** Latency percentiles over the whole run (both states); the highest of the load streams. */
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  /** Requests the load generator completed over the whole run. */
  readonly requests: number;
}

export interface LoadgenResult {
  readonly saturation: LoadRun;
  readonly fixed: LoadRun;
  /** `?check` at the end (recording switched back on): counted, served, in flight. */
  readonly final: ServiceMark;
}

export interface OtlpArgs {
  readonly kind: 'counter' | 'histogram';
  readonly series: number;
  /** Timed repetitions of each step in the process (median reported). */
  readonly repeats: number;
}

export interface OtlpResult {
  /** MetricReader.collect(), ms. */
  readonly collectMs: number;
  readonly protobufMs: number;
  readonly protobufBytes: number;
  readonly protobufGzipBytes: number;
  readonly jsonMs: number;
  readonly jsonBytes: number;
  readonly jsonGzipBytes: number;
  /** The same ResourceMetrics through the stock Prometheus text serializer, for scale. */
  readonly prometheusTextMs: number;
  readonly prometheusTextBytes: number;
  /** Data points in the collected ResourceMetrics (must equal `series`). */
  readonly dataPoints: number;
}

/** The minimal services of the cold-start case. */
/** The minimal services of section 6; `prom-client-defaults` is the like-for-like companion row. */
export const COLD_START_SERVICES = [
  'meterline',
  'prom-client',
  'otel',
  'prom-client-defaults',
] as const;

export interface ComponentsArgs {
  readonly batchMs: number;
  readonly batches: number;
}

/** ns per call of each isolated step of the OTel SDK's recording path. */
export type ComponentsResult = Record<string, number>;

/** What answers on the scrape path in the storm section: Meterline's server, or a static body. */
export const STORM_SERVERS = ['meterline', 'bare'] as const;
export type StormServer = (typeof STORM_SERVERS)[number];

/** The storms: many concurrent scrapes, or a flood of requests with wrong basic-auth credentials. */
export const STORMS = ['scrape', 'bad-auth'] as const;
export type Storm = (typeof STORMS)[number];

export interface StormServiceArgs {
  readonly server: StormServer;
  /** Meterline only: require basic auth (one bcrypt user, cost 10), as a web config would. */
  readonly basicAuth: boolean;
  /** Counter series recorded (the bare server serves a static body with as many lines). */
  readonly series: number;
}

/** What a storm service prints after `LISTENING `: both of its URLs, as JSON. */
export interface StormServiceUrls {
  /** The service's own route (`/hello`), on its own port. */
  readonly service: string;
  /** The scrape path (Meterline's endpoint or the bare server's static body), on another port. */
  readonly metrics: string;
}

export interface StormClientsArgs {
  readonly url: string;
  readonly connections: number;
  /** Sent as `Authorization: Basic …` on every request when set (the bad-auth storm). */
  readonly credentials?: string;
}

export interface LatencyProbeArgs {
  /** The service route, a loopback URL. */
  readonly url: string;
  /** Requests per second, and connections they are spread over. */
  readonly rate: number;
  readonly connections: number;
  readonly seconds: number;
  /** A request not answered within this long counts as failed. */
  readonly timeoutSeconds: number;
}

export interface LatencyProbeResult {
  readonly p50Ms: number;
  /**
   * p99 of answered requests; when more than 1 % failed or timed out, or fewer than half of
   * `rate × seconds` were answered, the timeout instead (a lower bound: the true p99 is at least that).
   */
  readonly p99Ms: number;
  /** Requests answered with a 2xx. */
  readonly answered: number;
  /** Requests that failed or were not answered within the timeout. */
  readonly failed: number;
}

/** Section 10: the implementations aggregating a `node:cluster` service on its primary. */
export const CLUSTER_IMPLS = ['meterline', 'prom-client'] as const;
export type ClusterImpl = (typeof CLUSTER_IMPLS)[number];

export interface ClusterArgs {
  readonly impl: ClusterImpl;
  readonly workers: number;
  /** Series of one counter in every worker (the same series in each: the primary sums them). */
  readonly series: number;
  /** Timed scrapes of the primary. */
  readonly scrapes: number;
  /** Series each worker increments before each scrape, as a share of all (1: every one). */
  readonly changed: number;
}

export interface ClusterResult {
  /** Median time to the last byte of a scrape of the primary's endpoint, ms. */
  readonly scrapeMs: number;
  /** Median CPU time of the primary process over one scrape (user + system), ms. */
  readonly primaryCpuMs: number;
  /** Samples of the counter in the last scrape (checked: one per series). */
  readonly samples: number;
}

/** The formats of the native-histogram section, as Meterline negotiates them. */
export const NATIVE_FORMATS = ['protobuf', 'openmetrics', 'text'] as const;
export type NativeFormat = (typeof NATIVE_FORMATS)[number];

export interface NativeArgs {
  readonly impl: Impl;
  readonly series: number;
  /** Timed scrapes per format (after one warm-up each). */
  readonly scrapes: number;
}

/** One format's scrapes, gzipped as Prometheus asks. */
export interface NativeFormatResult {
  readonly format: NativeFormat;
  /** Median time to the last byte, ms. */
  readonly ms: number;
  /** Median of each scrape's longest event-loop block, ms. */
  readonly blockMs: number;
  /** Bytes on the wire, gzipped. */
  readonly wireBytes: number;
  /** The same body uncompressed. */
  readonly rawBytes: number;
  readonly contentType: string;
  /** Histogram series the body carried (checked: at least the series recorded). */
  readonly histograms: number;
}

export interface NativeResult {
  readonly formats: readonly NativeFormatResult[];
}

/** Section 11: the data sets the summary section draws from. */
export const SUMMARY_DATASETS = ['uniform', 'log-normal', 'bimodal'] as const;
export type SummaryDataset = (typeof SUMMARY_DATASETS)[number];
/** What records: Meterline's summary view, prom-client's Summary, Meterline's default histogram. */
export const SUMMARY_IMPLS = [
  'meterline-summary',
  'prom-client-summary',
  'meterline-histogram',
] as const;
export type SummaryImpl = (typeof SUMMARY_IMPLS)[number];

export interface SummaryArgs {
  readonly impl: SummaryImpl;
  readonly dataset: SummaryDataset;
  /** Values recorded (timed), after as many again as warm-up into another series. */
  readonly values: number;
  /** Seed of the data (the same for every implementation of a round). */
  readonly seed: number;
}

/** One objective's accuracy against the exact quantile of the same values. */
export interface SummaryAccuracy {
  readonly quantile: number;
  /** The objective's allowed rank error. */
  readonly allowed: number;
  readonly estimate: number;
  /** Nearest-rank quantile of the data. */
  readonly exact: number;
  /** |rank of the estimate - q·n| / n, 0 when the estimate's ranks include q·n. */
  readonly rankError: number;
  /** |estimate - exact| / |exact|. */
  readonly valueError: number;
}

export interface SummaryResult {
  /** Recording cost, ns per observation (through the instrument, one attribute set). */
  readonly nsPerObservation: number;
  /** Summaries only: each objective's accuracy. */
  readonly accuracy: readonly SummaryAccuracy[];
}
