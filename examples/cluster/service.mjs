/* global URL, performance */
// One Prometheus endpoint and one OTLP push for a service on several cores.
//
//   node examples/cluster/service.mjs            # node:cluster, 4 worker processes
//   node examples/cluster/service.mjs --threads  # worker_threads, 4 threads
//
// Every worker records through the OpenTelemetry API as usual and serves no metrics itself; the
// primary (main thread) merges their deltas and serves them at the one endpoint it prints.
// Environment: WORKERS (4), PORT of the service (0: any), OTEL_EXPORTER_PROMETHEUS_PORT (0: any),
// OTEL_EXPORTER_OTLP_ENDPOINT to push too, COLLECT_TIMEOUT_MS (2000).
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { isMainThread, parentPort, threadId, Worker } from 'node:worker_threads';
import { metrics } from '@opentelemetry/api';
import { otlpExporter } from '@meterline/exporter-otlp';
import { prometheusExporter } from '@meterline/exporter-prometheus';
import { startTelemetry } from '@meterline/sdk';

const threads = process.argv.includes('--threads') || process.env.EXAMPLE_THREADS === '1';
const workers = Number(process.env.WORKERS ?? 4);

// Every process and thread starts telemetry first, the same way: the role is detected.
const telemetry = await startTelemetry({
  plugins: [prometheusExporter, otlpExporter],
  config: { resource: { detect: false } },
  cluster: { role: 'auto', collectTimeoutMillis: Number(process.env.COLLECT_TIMEOUT_MS ?? 2000) },
});

/** The service's own instruments, as any instrumented code would take them. */
function instruments() {
  const meter = metrics.getMeter('example-service');
  return {
    requests: meter.createCounter('example.requests', { description: 'Requests served' }),
    duration: meter.createHistogram('example.request.duration', { unit: 's' }),
  };
}

/** One unit of work, recorded; returns who did it. */
function work(recorder, route) {
  const started = performance.now();
  recorder.requests.add(1, { route });
  recorder.duration.record((performance.now() - started) / 1000, { route });
  return threads ? `thread-${threadId}` : `pid-${process.pid}`;
}

const stop = async () => {
  await telemetry.shutdown();
  process.exit(0);
};

if (!threads && cluster.isPrimary) {
  for (const e of telemetry.endpoints) console.log(`cluster ${e.exporter} metrics: ${e.url}`);
  let stopping = false;
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (m) => {
      if (m?.ready) console.log(`worker ${worker.id} pid ${worker.process.pid} ready`);
    });
  };
  cluster.once('listening', (_worker, address) =>
    console.log(`service: http://127.0.0.1:${address.port}`),
  );
  // A worker that dies is replaced; the totals it recorded stay in the primary's sums.
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.log(`worker ${worker.id} exited (${signal ?? code}); forking a replacement`);
    fork();
  });
  for (let i = 0; i < workers; i++) fork();
  const shutdown = async () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers)) worker.send({ stop: true });
    await Promise.all(
      Object.values(cluster.workers).map((w) => new Promise((r) => w.once('exit', r))),
    );
    await stop();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} else if (!threads) {
  const recorder = instruments();
  const server = createServer((req, res) => {
    const route = new URL(req.url, 'http://x').searchParams.get('route') ?? 'none';
    res.end(work(recorder, route));
  });
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => process.send({ ready: true }));
  process.on('message', (m) => {
    // Graceful: stop taking requests, then shutdown sends the last delta to the primary.
    if (m?.stop) server.close(() => void stop());
  });
} else if (isMainThread) {
  for (const e of telemetry.endpoints) console.log(`threads ${e.exporter} metrics: ${e.url}`);
  const pool = [];
  const waiting = new Map();
  let next = 0;
  let ids = 0;
  const spawn = (slot) => {
    const worker = new Worker(new URL(import.meta.url), { argv: ['--threads'] });
    telemetry.cluster.attach(worker);
    worker.on('message', (m) => {
      if (m?.ready) console.log(`thread ${worker.threadId} ready`);
      if (m?.answer !== undefined) {
        waiting.get(m.id)?.(m.answer);
        waiting.delete(m.id);
      }
    });
    pool[slot] = worker;
  };
  for (let i = 0; i < workers; i++) spawn(i);
  const server = createServer((req, res) => {
    const route = new URL(req.url, 'http://x').searchParams.get('route') ?? 'none';
    const id = ++ids;
    waiting.set(id, (answer) => res.end(answer));
    pool[next++ % pool.length].postMessage({ id, route });
  });
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () =>
    console.log(`service: http://127.0.0.1:${server.address().port}`),
  );
  // SIGUSR2 terminates thread 0 abruptly (the thread analogue of kill -9) and starts another.
  process.on('SIGUSR2', () => {
    const old = pool[0];
    void old.terminate().then(() => {
      console.log(`thread ${old.threadId} terminated; starting a replacement`);
      spawn(0);
    });
  });
  const shutdown = async () => {
    server.close();
    await Promise.all(pool.map((w) => w.terminate()));
    await stop();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} else {
  const recorder = instruments();
  parentPort.on('message', (m) => {
    if (m?.route !== undefined)
      parentPort.postMessage({ id: m.id, answer: work(recorder, m.route) });
  });
  parentPort.postMessage({ ready: true });
}
