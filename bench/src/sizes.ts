/** How much of everything one run does: the full suite, or the smoke mode of the test suite. */
export interface Sizes {
  readonly recording: { processes: number; warmupMs: number; batchMs: number; batches: number };
  /** Per series count: fresh processes and timed scrapes per process (0: the first scrapes). */
  readonly scrape: readonly {
    series: number;
    processes: number;
    histogramProcesses: number;
    scrapes: number;
    /** In-process expositions timed per process, after the scrapes. */
    bodies: number;
  }[];
  readonly heap: readonly { series: number; processes: number; histogramProcesses: number }[];
  /** Section 4: fresh processes per variant; in each, paired off/on phases under one load. */
  readonly service: {
    processes: number;
    warmupSeconds: number;
    connections: number;
    pipelining: number;
    saturation: { pairs: number; phaseSeconds: number };
    fixedRate: number;
    fixedConnections: number;
    /** Phases: whole multiples of 1 / streams s (autocannon paces its connections per second). */
    fixed: { pairs: number; phaseSeconds: number; streams: number };
  };
  readonly otlp: { series: number; processes: number; repeats: number };
  /** Section 8: the service's p99 at `rate` req/s, alone and under each storm. */
  readonly storm: {
    processes: number;
    seconds: number;
    rate: number;
    probeConnections: number;
    scrapeConnections: number;
    authConnections: number;
    series: number;
  };
  readonly coldStart: { processes: number };
  /** Section 9: exponential histograms over protobuf and both text formats. */
  readonly native: { series: number; processes: number; scrapes: number };
  /** Section 11: values per data set, and fresh processes per implementation and data set. */
  readonly summary: { values: readonly number[]; processes: number };
  /** Section 10: fresh cluster services per implementation, and timed scrapes in each. */
  readonly cluster: {
    processes: number;
    workers: number;
    series: number;
    scrapes: number;
    /** Shares of the series changed before each scrape, one regime each. */
    changed: readonly number[];
  };
  readonly profile: { warmupMs: number; batchMs: number; batches: number };
  readonly components: { processes: number; batchMs: number; batches: number };
}

/** The full suite: about 10 minutes on 2 cores. */
export const FULL: Sizes = {
  recording: { processes: 5, warmupMs: 300, batchMs: 100, batches: 5 },
  scrape: [
    { series: 1_000, processes: 5, histogramProcesses: 5, scrapes: 5, bodies: 15 },
    { series: 10_000, processes: 5, histogramProcesses: 5, scrapes: 2, bodies: 3 },
    { series: 100_000, processes: 3, histogramProcesses: 2, scrapes: 0, bodies: 1 },
  ],
  heap: [
    { series: 10_000, processes: 3, histogramProcesses: 3 },
    { series: 100_000, processes: 3, histogramProcesses: 2 },
  ],
  service: {
    processes: 3,
    warmupSeconds: 1,
    connections: 16,
    pipelining: 10,
    saturation: { pairs: 4, phaseSeconds: 0.5 },
    fixedRate: 5_000,
    fixedConnections: 20,
    fixed: { pairs: 10, phaseSeconds: 0.4, streams: 20 },
  },
  otlp: { series: 10_000, processes: 5, repeats: 3 },
  storm: {
    processes: 5,
    seconds: 3,
    rate: 500,
    probeConnections: 10,
    scrapeConnections: 500,
    authConnections: 50,
    series: 1_000,
  },
  // 15 rounds of every service in turn: a child starts in 100-250 ms and five gave medians that
  // moved by a tenth between runs.
  coldStart: { processes: 15 },
  native: { series: 10_000, processes: 3, scrapes: 3 },
  summary: { values: [100_000, 1_000_000], processes: 3 },
  cluster: { processes: 3, workers: 4, series: 10_000, scrapes: 5, changed: [1, 0.01] },
  profile: { warmupMs: 300, batchMs: 200, batches: 8 },
  components: { processes: 3, batchMs: 40, batches: 5 },
};

/** Smoke mode: every benchmark once, tiny, to prove the suite still runs (seconds). */
export const SMOKE: Sizes = {
  recording: { processes: 1, warmupMs: 5, batchMs: 5, batches: 2 },
  scrape: [{ series: 100, processes: 1, histogramProcesses: 1, scrapes: 1, bodies: 2 }],
  heap: [{ series: 100, processes: 1, histogramProcesses: 1 }],
  service: {
    processes: 1,
    warmupSeconds: 0,
    connections: 4,
    pipelining: 1,
    saturation: { pairs: 1, phaseSeconds: 0.1 },
    fixedRate: 1_000,
    fixedConnections: 4,
    // Two pairs, of which one must hold the rate: with no warm-up, the first phase can take the
    // load generator's start-up burst (771 requests where 500 were due, in a CI run on Node 22), and
    // with a single pair that failed the whole smoke run.
    fixed: { pairs: 2, phaseSeconds: 0.5, streams: 2 },
  },
  otlp: { series: 100, processes: 1, repeats: 1 },
  storm: {
    processes: 1,
    seconds: 1,
    rate: 500,
    probeConnections: 10,
    scrapeConnections: 500,
    authConnections: 50,
    series: 100,
  },
  coldStart: { processes: 1 },
  native: { series: 100, processes: 1, scrapes: 1 },
  summary: { values: [2_000], processes: 1 },
  cluster: { processes: 1, workers: 2, series: 100, scrapes: 1, changed: [1] },
  // Batches are wall-clock time: on a loaded machine (CI runs the smoke suite beside other test
  // files) 20 ms batches gave 15 samples in the loop, too few to find every step in.
  profile: { warmupMs: 20, batchMs: 100, batches: 2 },
  components: { processes: 1, batchMs: 2, batches: 1 },
};
