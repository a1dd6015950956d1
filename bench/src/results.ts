// The shape of one suite run (written as results.json and rendered into docs/performance.md).
import type { ProfileSummary } from './profile-summary.js';
import type { Spread } from './stats.js';
import type { Machine } from './machine.js';

export interface RecordingRow {
  readonly case: string;
  /** ns per call, per implementation. */
  readonly ns: Record<string, Spread>;
}

export interface ScrapeRow {
  readonly kind: 'counter' | 'histogram';
  readonly series: number;
  readonly impl: string;
  readonly plainMs: Spread;
  readonly prometheusMs: Spread;
  readonly plainBlockMs: Spread;
  readonly prometheusBlockMs: Spread;
  /**
   * The longest garbage-collection pause during each plain request, and the first process's kind
   * of it (absent from results recorded before December 2026).
   */
  readonly plainGcPauseMs?: Spread;
  readonly plainGcPauseKinds?: readonly string[];
  readonly plainBytes: number;
  readonly plainGzipBytes: number;
  readonly prometheusWireBytes: number;
  readonly prometheusEncoding: string;
  readonly prometheusContentType: string;
  readonly samples: number;
  /** The exposition alone: text 0.0.4 produced in process from the recorded state. */
  readonly bodyMs: Spread;
  readonly bodyBlockMs: Spread;
  readonly bodyBytes: number;
  /** Meterline only: the same body from a collection that builds every point at once. */
  readonly bodyAllPointsMs?: Spread;
}

export interface HeapRow {
  readonly kind: 'counter' | 'histogram';
  readonly series: number;
  readonly impl: string;
  readonly bytesPerSeries: Spread;
}

/**
 * Section 4: one service variant under one load. Per process, every figure is the median over its
 * phases (or pairs of phases); the spreads are over processes.
 */
export interface ServiceRow {
  readonly variant: string;
  readonly mode: 'saturation' | 'fixed';
  /** Requests/s the service served in the phases with recording on. */
  readonly throughput: Spread;
  /** CPU µs per request with recording switched off: the process's standing cost. */
  readonly offMicrosPerRequest: Spread;
  /** CPU µs per request with recording on. */
  readonly onMicrosPerRequest: Spread;
  /** Median over pairs of (on − off) CPU µs per request, in the same process: the added cost. */
  readonly addedMicrosPerRequest: Spread;
  /** Median over pairs of 1 − (requests/s on) / (requests/s off), %. */
  readonly throughputDropPercent: Spread;
  /** Service CPU in % of one core in the phases with recording on. */
  readonly cpuPercent: Spread;
  /** p99 the load generator saw over the whole run (both states), ms. */
  readonly latencyP99Ms: Spread;
  /** How the run was phased: pairs of phases, seconds per phase, load streams (fixed rate). */
  readonly pairs: number;
  readonly phaseSeconds: number;
  readonly streams: number;
  /** Pairs left out per process (a phase without the load it should have had). */
  readonly skippedPairs: readonly number[];
  /** The raw figures: per process, per kept pair, on − off CPU µs per request. */
  readonly addedPerPair: readonly (readonly number[])[];
}

/** Section 8: a service's own p99 alone and under a storm on its scrape path. */
export interface StormRow {
  readonly storm: 'scrape' | 'bad-auth';
  /** What answered on the scrape path: Meterline's server or a bare static body. */
  readonly server: 'meterline' | 'bare';
  /** Concurrent storm connections. */
  readonly connections: number;
  readonly p99WithoutMs: Spread;
  readonly p99WithMs: Spread;
  /** p99 stormed / p99 alone, per repetition. */
  readonly ratio: Spread;
  /** Probe requests answered under the storm (of about rate × seconds sent). */
  readonly answeredWith: Spread;
}

export interface OtlpRow {
  readonly kind: 'counter' | 'histogram';
  readonly series: number;
  readonly collectMs: Spread;
  readonly protobufMs: Spread;
  readonly protobufBytes: number;
  readonly protobufGzipBytes: number;
  readonly jsonMs: Spread;
  readonly jsonBytes: number;
  readonly jsonGzipBytes: number;
  readonly prometheusTextMs: Spread;
  readonly prometheusTextBytes: number;
}

export interface ColdStartRow {
  readonly impl: string;
  readonly listeningMs: Spread;
  readonly firstScrapeMs: Spread;
}

export interface ProfileRow {
  readonly case: string;
  /** ns per call measured by the same process (under the profiler). */
  readonly measuredNsPerOp: number;
  /** Calls the profiled process made inside benchLoop (what ns per call is divided by). */
  readonly calls: number;
  readonly summary: ProfileSummary;
  /** Where the .cpuprofile was kept. */
  readonly file: string;
}

/** Section 10: one primary aggregating a `node:cluster` service's workers on one endpoint. */
export interface ClusterRow {
  readonly impl: string;
  readonly workers: number;
  /** Series per worker (the same in each). */
  readonly series: number;
  /** Timed scrapes per service. */
  readonly scrapes: number;
  /** Share of the series every worker changed before each scrape. */
  readonly changed: number;
  readonly scrapeMs: Spread;
  readonly primaryCpuMs: Spread;
  /** Samples the last scrape served (checked equal to `series`). */
  readonly samples: number;
}

/** Section 9: one implementation and format serving the 10k-histogram workload. */
export interface NativeRow {
  readonly impl: string;
  readonly format: string;
  readonly series: number;
  /** What the histograms are: exponential (Meterline) or classic 12-bucket (the peers). */
  readonly workload: string;
  readonly ms: Spread;
  readonly blockMs: Spread;
  readonly wireBytes: number;
  readonly rawBytes: number;
  readonly contentType: string;
}

/** Section 11: one implementation on one data set of the summary section. */
export interface SummaryRow {
  readonly impl: string;
  readonly dataset: string;
  readonly values: number;
  /** Recording cost per observation, ns, one value per fresh process. */
  readonly ns: Spread;
  /** Summaries only: per objective, over the processes. */
  readonly accuracy: readonly {
    readonly quantile: number;
    readonly allowed: number;
    readonly rankError: Spread;
    readonly valueError: Spread;
  }[];
}

export interface SuiteResults {
  readonly smoke: boolean;
  readonly command: string;
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly machine: Machine;
  readonly recording?: readonly RecordingRow[];
  readonly scrape?: readonly ScrapeRow[];
  readonly heap?: readonly HeapRow[];
  readonly service?: readonly ServiceRow[];
  readonly otlp?: readonly OtlpRow[];
  readonly storm?: readonly StormRow[];
  readonly native?: readonly NativeRow[];
  readonly cluster?: readonly ClusterRow[];
  readonly summary?: readonly SummaryRow[];
  readonly coldStart?: readonly ColdStartRow[];
  readonly profile?: readonly ProfileRow[];
  /** ns per isolated step of the recording path, per step name. */
  readonly components?: Record<string, Spread>;
}
