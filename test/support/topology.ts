import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Child } from './child.js';
import { startDemo, type RunningDemo } from './demo.js';
import { pollUntil } from './poll.js';
import { startPrometheus, type TestPrometheus } from './prometheus.js';
import {
  launchVictoriaBinary,
  startVictoriaMetrics,
  type TestVictoriaMetrics,
} from './victoria-metrics.js';

// Beyond one machine: demo services push OTLP to a real vmagent, which remote-writes to
// VictoriaMetrics through its on-disk queue, while a Prometheus 3.5 scrapes the same services.
//
//   job-server-1..N ─┐ OTLP http/protobuf            remote write (one queue per URL)
//   storage-agent-1 ─┼──────────────────▶ vmagent ─┬──────────────▶ store   (VictoriaMetrics)
//                    │                             └──────────────▶ mirror  (VictoriaMetrics)
//                    └◀──── scrape ──── Prometheus 3.5
//
// The mirror never goes down: what it holds is the reference the store is compared with, raw
// sample by raw sample, after the store's outages.

/** A real vmagent 1.145 with its OTLP receiver, remote-writing to `remoteWriteUrls`. */
export interface TestVmagent {
  readonly url: string;
  readonly port: number;
  /** `<url>/opentelemetry/v1/metrics` */
  readonly otlpUrl: string;
  /** The persistent queue's directory (`-remoteWrite.tmpDataPath`), kept across restarts. */
  readonly tmpDataPath: string;
  /** vmagent's own /metrics, as text. */
  metricsText(): Promise<string>;
  /** Sum of every sample of `name` in vmagent's own /metrics whose labels include `match`. */
  metric(name: string, match?: string): Promise<number>;
  /** `kill -9`: no flush of what it holds in memory. */
  kill9(): Promise<void>;
  /** SIGTERM: vmagent writes its in-memory blocks to the queue on disk before exiting. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same queue directory. */
  restart(): Promise<void>;
  /** Stops it if running and removes its queue directory. */
  remove(): Promise<void>;
  /** Everything it logged, across restarts. */
  log(): string;
}

/** The flags every vmagent of the tests runs with, beside listen address, URLs and queue dir. */
export const VMAGENT_TEST_FLAGS = [
  // OTLP names as Prometheus names (`_total`, unit suffixes), as the store's own receiver does.
  '-opentelemetry.usePrometheusNaming',
  // Small blocks, sent soon, retried soon: a test outage of seconds behaves like a long one.
  '-remoteWrite.flushInterval=100ms',
  '-remoteWrite.retryMinInterval=100ms',
  '-remoteWrite.retryMaxInterval=1s',
  '-remoteWrite.sendTimeout=5s',
  // What a kill -9 can lose is what vmagent holds in memory: one block in flight per queue, plus
  // up to max(2, memory.allowed / URLs / maxRowsPerBlock / 100) blocks not yet on disk (and
  // any block younger than ~5 s). 4 MiB and one queue keep that at 2 + 1 blocks per URL.
  '-memory.allowedBytes=4MiB',
  '-remoteWrite.queues=1',
  // Resource attributes as labels: only the identity of the process, not every host_*/process_*
  // attribute (which vmagent 1.145 promotes by default: a new series set at every restart).
  '-opentelemetry.promoteAllResourceAttributes=false',
  '-opentelemetry.promoteResourceAttributes=service.name,service.namespace,service.instance.id',
  '-loggerLevel=INFO',
];

/** Starts the provisioned vmagent on a free loopback port. */
export async function startVmagent(
  remoteWriteUrls: readonly string[],
  extraArgs: readonly string[] = [],
): Promise<TestVmagent> {
  const dir = mkdtempSync(join(tmpdir(), 'meterline-vmagent-'));
  const tmpDataPath = join(dir, 'queue');
  let child: Child | undefined;
  let logged = '';
  let port = 0;

  const launch = async (listenPort: number): Promise<number> => {
    try {
      const launched = await launchVictoriaBinary('vmagent', [
        `-httpListenAddr=127.0.0.1:${listenPort}`,
        ...remoteWriteUrls.map((u) => `-remoteWrite.url=${u}`),
        `-remoteWrite.tmpDataPath=${tmpDataPath}`,
        ...VMAGENT_TEST_FLAGS,
        ...extraArgs,
      ]);
      child = launched.child;
      return launched.port;
    } catch (error) {
      logged += error instanceof Error ? error.message : String(error);
      throw error;
    }
  };
  const retire = (running: Child) => {
    logged += running.stdout() + running.stderr();
  };

  try {
    port = await launch(0);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  const metricsText = async () => (await fetch(`${url}/metrics`)).text();

  const stop = async () => {
    const running = child;
    child = undefined;
    if (running) {
      const code = await running.stop('SIGTERM', 20_000);
      retire(running);
      if (code !== 0) throw new Error(`vmagent exited with ${code}:\n${running.stderr()}`);
    }
  };

  return {
    url,
    port,
    otlpUrl: `${url}/opentelemetry/v1/metrics`,
    tmpDataPath,
    metricsText,
    async metric(name, match = '') {
      let sum = 0;
      for (const line of (await metricsText()).split('\n')) {
        const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
        if (m && m[1] === name && (m[2] ?? '').includes(match)) sum += Number(m[3]);
      }
      return sum;
    },
    async kill9() {
      const running = child;
      child = undefined;
      if (!running) throw new Error('vmagent is not running');
      const code = await running.stop('SIGKILL');
      retire(running);
      if (code !== 'SIGKILL') throw new Error(`vmagent ended with ${code}, not SIGKILL`);
    },
    stop,
    async restart() {
      if (child) throw new Error('vmagent is still running');
      await pollUntil(async () => launch(port), {
        what: `vmagent restarting on port ${port}`,
        timeoutMs: 20_000,
        intervalMs: 200,
      });
    },
    async remove() {
      await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => logged + (child ? child.stdout() + child.stderr() : ''),
  };
}

/** Resident memory of a running process, from /proc (Linux), in bytes. */
export function rssBytes(pid: number): number {
  // /proc/<pid>/statm: size resident shared text lib data dt, in pages (4 KiB on the CI machines).
  const statm = readFileSync(`/proc/${pid}/statm`, 'utf8');
  return Number(statm.split(' ')[1]) * 4096;
}

/** One demo service of the topology: its process, where it serves, and what was sent to it. */
export interface TopologyService {
  /** `job-server-1`, …, `storage-agent-1`: its OTEL_SERVICE_NAME and its Prometheus job. */
  readonly name: string;
  readonly kind: 'job-server' | 'storage-agent';
  readonly demo: RunningDemo;
  /** Its Prometheus endpoint. */
  readonly metricsUrl: string;
  /** Requests sent and answered with success, by this harness. */
  sent: number;
  /** Client-side latency of each request, in milliseconds. */
  readonly latenciesMs: number[];
  /**
   * Sends one unit of load (a job for `tenant`, default `topology`; or a storage put) and records
   * its latency.
   */
  send(tenant?: string): Promise<void>;
}

/** Options of {@link startTopology}. */
export interface TopologyOptions {
  /** Job servers. @default 2 */
  readonly jobServers?: number;
  /** Storage agents. @default 1 */
  readonly storageAgents?: number;
  /** OTLP export interval of every service, in ms. @default 250 */
  readonly exportIntervalMs?: number;
  /** Extra vmagent flags. */
  readonly vmagentArgs?: readonly string[];
}

/** The running topology. Call `stop()` in `afterAll`. */
export interface Topology {
  /** The long-term store the tests take down. */
  readonly store: TestVictoriaMetrics;
  /** The second remote-write target, always up: the reference. */
  readonly mirror: TestVictoriaMetrics;
  readonly agent: TestVmagent;
  readonly prometheus: TestPrometheus;
  readonly services: TopologyService[];
  /** Adds a service to the running topology (a burst); Prometheus does not scrape it. */
  addService(kind: TopologyService['kind']): Promise<TopologyService>;
  /** Pauses (SIGSTOP) or resumes (SIGCONT) every service process: no recording, no export. */
  freeze(frozen: boolean): void;
  stop(): Promise<void>;
}

const JOB_SERVER_ENV = {
  JOB_SERVER_PORT: '0',
  DEMO_WORKLOAD: 'off',
  JOB_SERVER_HEARTBEAT_TIMEOUT_MS: '600000',
  JOB_SERVER_METRIC_NAMES: 'prometheus',
};
const STORAGE_AGENT_ENV = {
  OTEL_EXPORTER_PROMETHEUS_PORT: '0',
  AGENT_API_PORT: '0',
  AGENT_WORKLOAD: 'off',
  DEMO_WORKLOAD: 'off',
};

async function startService(
  kind: TopologyService['kind'],
  name: string,
  otlpUrl: string,
  exportIntervalMs: number,
): Promise<TopologyService> {
  const otel = {
    OTEL_SERVICE_NAME: name,
    OTEL_METRICS_EXPORTER: 'prometheus,otlp',
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: otlpUrl,
    OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
    OTEL_METRIC_EXPORT_INTERVAL: String(exportIntervalMs),
  };
  const latenciesMs: number[] = [];
  const timed = async (request: () => Promise<Response>, expected: number) => {
    const started = performance.now();
    const response = await request();
    await response.text();
    latenciesMs.push(performance.now() - started);
    if (response.status !== expected) {
      throw new Error(`${name}: expected ${expected}, got ${response.status}`);
    }
  };
  if (kind === 'job-server') {
    const demo = await startDemo(
      'demo-job-server',
      { ...JOB_SERVER_ENV, ...otel },
      /^job-server ready$/m,
    );
    const api = demo.child.stdout().match(/^job-server api: (\S+)$/m)![1]!;
    const post = (path: string, body: unknown) =>
      fetch(`${api}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    // One worker with room for everything: every job completes at once.
    const worker = await post('/workers', { id: 'w1', slots: 100_000 });
    if (worker.status !== 201) throw new Error(`${name}: worker registration ${worker.status}`);
    const service: TopologyService = {
      name,
      kind,
      demo,
      metricsUrl: demo.metrics.get('job-server')!,
      sent: 0,
      latenciesMs,
      async send(tenant = 'topology') {
        await timed(() => post('/jobs', { tenantId: tenant, durationMs: 0 }), 201);
        service.sent++;
      },
    };
    return service;
  }
  const demo = await startDemo(
    'demo-storage-agent',
    { ...STORAGE_AGENT_ENV, ...otel },
    /^storage-agent ready$/m,
  );
  const api = demo.child.stdout().match(/^storage-agent api: (\S+)$/m)![1]!;
  const service: TopologyService = {
    name,
    kind,
    demo,
    metricsUrl: demo.metrics.get('storage-agent')!,
    sent: 0,
    latenciesMs,
    async send() {
      const key = `k${service.sent}`;
      await timed(
        () =>
          fetch(api, {
            method: 'POST',
            body: JSON.stringify({ op: 'put', key, value: 'v' }),
            signal: AbortSignal.timeout(10_000),
          }),
        200,
      );
      service.sent++;
    },
  };
  return service;
}

/**
 * Starts store, mirror, vmagent, the services and a Prometheus 3.5 scraping the services (job name
 * = service name). Everything started is stopped again if a later part fails to start.
 */
export async function startTopology(options: TopologyOptions = {}): Promise<Topology> {
  const { jobServers = 2, storageAgents = 1, exportIntervalMs = 250, vmagentArgs = [] } = options;
  const started: { stop(): Promise<unknown> }[] = [];
  const services: TopologyService[] = [];
  const stopAll = async () => {
    for (const part of started.reverse()) await part.stop().catch(() => {});
  };
  try {
    const store = await startVictoriaMetrics();
    started.push({ stop: () => store.remove() });
    const mirror = await startVictoriaMetrics();
    started.push({ stop: () => mirror.remove() });
    const agent = await startVmagent(
      [`${store.url}/api/v1/write`, `${mirror.url}/api/v1/write`],
      vmagentArgs,
    );
    started.push({ stop: () => agent.remove() });
    const counts = { 'job-server': 0, 'storage-agent': 0 };
    const addService = async (kind: TopologyService['kind']) => {
      counts[kind]++;
      const service = await startService(
        kind,
        `${kind}-${counts[kind]}`,
        agent.otlpUrl,
        exportIntervalMs,
      );
      services.push(service);
      started.push({ stop: () => service.demo.child.stop('SIGKILL') });
      return service;
    };
    const kinds = [
      ...Array<'job-server'>(jobServers).fill('job-server'),
      ...Array<'storage-agent'>(storageAgents).fill('storage-agent'),
    ];
    await Promise.all(kinds.map((kind) => addService(kind)));
    services.sort((a, b) => a.name.localeCompare(b.name));
    const prometheus = await startPrometheus(
      services.map((s) => ({ job: s.name, url: s.metricsUrl })),
      { version: '3.5' },
    );
    started.push({ stop: () => prometheus.stop() });
    await prometheus.waitForTargetsUp(60_000);
    return {
      store,
      mirror,
      agent,
      prometheus,
      services,
      addService,
      freeze(frozen) {
        for (const s of services) s.demo.child.process.kill(frozen ? 'SIGSTOP' : 'SIGCONT');
      },
      async stop() {
        // A stopped (SIGSTOP) process ignores SIGKILL's exit bookkeeping until resumed.
        for (const s of services) s.demo.child.process.kill('SIGCONT');
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Steady load: `perSecond` requests per second spread over `services`, until `stop()`. */
export interface Load {
  /** Stops sending and waits for the requests in flight; rejects if any request failed. */
  stop(): Promise<void>;
}

export function startLoad(services: readonly TopologyService[], perSecond: number): Load {
  const inFlight = new Set<Promise<void>>();
  const errors: unknown[] = [];
  let next = 0;
  const tickMs = 50;
  const perTick = Math.max(1, Math.round((perSecond * tickMs) / 1000));
  const timer = setInterval(() => {
    for (let i = 0; i < perTick; i++) {
      const service = services[next++ % services.length]!;
      const request = service.send().catch((error: unknown) => void errors.push(error));
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
    }
  }, tickMs);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all([...inFlight]);
      if (errors.length > 0)
        throw new Error(`load: ${errors.length} requests failed: ${errors[0]}`);
    },
  };
}

/** One series as VictoriaMetrics' /api/v1/export returns it. */
export interface ExportedSeries {
  readonly metric: Record<string, string>;
  readonly values: number[];
  readonly timestamps: number[];
}

/**
 * Every raw sample of the series matching `match` between `startMs` and `endMs`, keyed by the
 * series' labels (sorted), after making what was ingested searchable.
 */
export async function exportRaw(
  vm: TestVictoriaMetrics,
  match: string,
  startMs: number,
  endMs: number,
): Promise<Map<string, ExportedSeries>> {
  await fetch(`${vm.url}/internal/force_flush`);
  const query = new URLSearchParams({
    'match[]': match,
    start: String(startMs / 1000),
    end: String(endMs / 1000),
  });
  const response = await fetch(`${vm.url}/api/v1/export?${query}`);
  if (!response.ok) throw new Error(`export ${match}: ${response.status} ${await response.text()}`);
  const series = new Map<string, ExportedSeries>();
  for (const line of (await response.text()).split('\n')) {
    if (line.trim() === '') continue;
    const s = JSON.parse(line) as ExportedSeries;
    series.set(seriesKey(s.metric), s);
  }
  return series;
}

/** `name{a="1",b="2"}` with labels sorted. */
export function seriesKey(metric: Record<string, string>): string {
  const { __name__: name, ...labels } = metric;
  const pairs = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `${name ?? ''}{${pairs.join(',')}}`;
}

/** Percentile `p` (0-100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
