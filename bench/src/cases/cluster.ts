// Child: one `node:cluster` service, `workers` workers each holding the same `series` series of
// one counter, and its primary serving them merged on one endpoint, with Meterline
// (`startTelemetry({ cluster })`, deltas over IPC) or prom-client (`AggregatorRegistry`, whole
// registries over IPC). Before each timed scrape every worker increments the first `changed` share
// of the series (1: every series changed since the last scrape, the most a delta has to carry);
// the scrape is timed to its last byte, with the primary's CPU time over it, and its sum checked
// against what was recorded.
import cluster, { type Worker } from 'node:cluster';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics } from '@opentelemetry/api';
import { prometheusExporter } from '@meterline/exporter-prometheus';
import { silentLogger, startTelemetry } from '@meterline/sdk';
import { AggregatorRegistry, Counter } from 'prom-client';
import type { ClusterArgs, ClusterResult } from '../case-types.js';
import { emitResult, readArgs, runChild } from '../child-io.js';
import { countSamples, sumSamples } from '../exposition.js';
import { PLAIN_HEADERS, timedGet } from '../http-get.js';
import { median } from '../stats.js';

const NAME = 'bench_cluster_ops_total';
/** Series incremented before each scrape (at least one). */
const touched = () => Math.max(1, Math.round(args.series * args.changed));
const args = readArgs<ClusterArgs>();
const config = {
  resource: { detect: false },
  metrics: { runtime: { enabled: false }, cardinalityLimit: args.series + 10 },
};

/** Every worker message the primary waits for, by kind. */
function waitAll(workers: Worker[], kind: string): Promise<void> {
  return Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          const on = (m: { kind?: string }) => {
            if (m?.kind !== kind) return;
            w.off('message', on);
            resolve();
          };
          w.on('message', on);
        }),
    ),
  ).then(() => undefined);
}

async function startPrimary(): Promise<string> {
  if (args.impl === 'meterline') {
    const telemetry = await startTelemetry({
      plugins: [prometheusExporter],
      logger: silentLogger,
      env: {},
      config: { ...config, exporters: { prometheus: { port: 0, scrapeTimeoutSeconds: 120 } } },
      cluster: { role: 'primary', collectTimeoutMillis: 120_000 },
    });
    return telemetry.endpoints[0]!.url;
  }
  const registry = new AggregatorRegistry();
  const server = createServer((_req, res) => {
    registry.clusterMetrics().then(
      (text) => res.end(text),
      (error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

async function startWorker(): Promise<void> {
  let add: (k: number) => void;
  if (args.impl === 'meterline') {
    await startTelemetry({ plugins: [], logger: silentLogger, env: {}, config, cluster: {} });
    const counter = metrics.getMeter('bench').createCounter('bench.cluster.ops');
    const attributes = Array.from({ length: args.series }, (_, k) => ({ k: String(k) }));
    add = (k) => counter.add(1, attributes[k]);
  } else {
    // As prom-client's documentation has it: constructed in the workers too, which is what
    // makes them answer the primary's requests (with the global registry).
    new AggregatorRegistry();
    const counter = new Counter({ name: NAME, help: 'ops', labelNames: ['k'] });
    add = (k) => counter.inc({ k: String(k) });
  }
  for (let k = 0; k < args.series; k++) add(k);
  process.on('message', (m: { kind?: string }) => {
    if (m?.kind !== 'touch') return;
    for (let k = 0; k < touched(); k++) add(k);
    process.send!({ kind: 'touched' });
  });
  process.send!({ kind: 'ready' });
}

if (cluster.isPrimary) {
  runChild(async () => {
    const url = await startPrimary();
    const workers = Array.from({ length: args.workers }, () => cluster.fork());
    await waitAll(workers, 'ready');
    const scrapeMs: number[] = [];
    const cpuMs: number[] = [];
    let samples = 0;
    for (let i = 0; i < args.scrapes; i++) {
      const acked = waitAll(workers, 'touched');
      for (const w of workers) w.send({ kind: 'touch' });
      await acked;
      const cpu = process.cpuUsage();
      const response = await timedGet(url, PLAIN_HEADERS);
      const used = process.cpuUsage(cpu);
      if (response.status !== 200) {
        throw new Error(`scrape answered ${response.status}: ${response.body().slice(0, 300)}`);
      }
      const body = response.body();
      // Each worker recorded every series once at start, then the touched ones once per touch.
      const expected = args.workers * (args.series + touched() * (i + 1));
      const sum = sumSamples(body, NAME);
      if (sum !== expected) throw new Error(`scrape ${i}: sum ${sum}, expected ${expected}`);
      samples = countSamples(body, `${NAME}{`);
      if (samples !== args.series)
        throw new Error(`expected ${args.series} samples, got ${samples}`);
      scrapeMs.push(response.ms);
      cpuMs.push((used.user + used.system) / 1000);
    }
    for (const w of workers) w.process.kill('SIGKILL');
    const result: ClusterResult = {
      scrapeMs: median(scrapeMs),
      primaryCpuMs: median(cpuMs),
      samples,
    };
    emitResult(result);
  });
} else {
  startWorker().catch((error: unknown) => {
    process.stderr.write(`worker: ${String(error)}\n`);
    process.exit(1);
  });
}
