/* global URL, performance */
// One Prometheus endpoint and one OTLP push for a service on several cores.
//
//   node examples/cluster/service.mjs            # node:cluster, 4 worker processes
//   node examples/cluster/service.mjs --threads  # worker_threads, 4 threads
//   THREADS_PER_WORKER=2 node examples/cluster/service.mjs   # a mix: 4 processes x 2 threads
//
// Every worker records through the OpenTelemetry API as usual and serves no metrics itself; the
// primary (main thread) merges their deltas and serves them at the one endpoint it prints.
// Environment: WORKERS (4), PORT of the service (0: any), OTEL_EXPORTER_PROMETHEUS_PORT (0: any),
// OTEL_EXPORTER_OTLP_ENDPOINT to push too, COLLECT_TIMEOUT_MS (2000), THREADS_PER_WORKER (0).
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { isMainThread, parentPort, threadId, Worker } from 'node:worker_threads';
import { metrics } from '@opentelemetry/api';
import { otlpExporter } from '@meterline/exporter-otlp';
import { prometheusExporter } from '@meterline/exporter-prometheus';
import { startTelemetry } from '@meterline/sdk';

const threads = process.argv.includes('--threads');
const workers = Number(process.env.WORKERS ?? 4);
const threadsPerWorker = Number(process.env.THREADS_PER_WORKER ?? 0);

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
  if (isMainThread) return `pid-${process.pid}`;
  // A thread of a cluster worker (a mix) names its process too.
  return threads ? `thread-${threadId}` : `pid-${process.pid}/thread-${threadId}`;
}

/** `size` worker threads, each connected to this telemetry; `run(route)` picks the next one. */
function threadPool(size) {
  const pool = [];
  const waiting = new Map();
  let next = 0;
  let ids = 0;
  const spawn = (slot) => {
    const worker = new Worker(new URL(import.meta.url), { argv: process.argv.slice(2) });
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
  for (let i = 0; i < size; i++) spawn(i);
  return {
    run: (route) =>
      new Promise((resolve) => {
        const id = ++ids;
        waiting.set(id, resolve);
        pool[next++ % pool.length].postMessage({ id, route });
      }),
    // Terminates thread 0 abruptly (the thread analogue of kill -9) and starts another.
    async replaceFirst() {
      const old = pool[0];
      const id = old.threadId; // -1 once the thread is gone
      await old.terminate();
      console.log(`thread ${id} terminated; starting a replacement`);
      spawn(0);
    },
    stop: () => Promise.all(pool.map((w) => w.terminate())),
  };
}

/** An HTTP server answering each request with who did the work. */
function serve(handle) {
  return createServer((req, res) => {
    const route = new URL(req.url, 'http://x').searchParams.get('route') ?? 'none';
    void Promise.resolve(handle(route)).then((who) => res.end(who));
  });
}

const stop = async () => {
  await telemetry.shutdown();
  process.exit(0);
};

if (!isMainThread) {
  // A worker thread (of the --threads main thread, or of a cluster worker).
  const recorder = instruments();
  parentPort.on('message', (m) => {
    if (m?.route !== undefined)
      parentPort.postMessage({ id: m.id, answer: work(recorder, m.route) });
  });
  parentPort.postMessage({ ready: true });
} else if (!threads && cluster.isPrimary) {
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
} else {
  // A cluster worker (work here, or on its own threads), or the main thread of --threads.
  const size = threads ? workers : threadsPerWorker;
  const pool = size > 0 ? threadPool(size) : undefined;
  const recorder = instruments();
  const server = serve((route) => (pool ? pool.run(route) : work(recorder, route)));
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    if (cluster.isWorker) process.send({ ready: true });
    else console.log(`service: http://127.0.0.1:${server.address().port}`);
  });
  if (cluster.isWorker) {
    process.on('message', (m) => {
      // Graceful: stop taking requests, then shutdown sends the last delta to the primary.
      if (m?.stop) server.close(() => void (pool ? pool.stop() : Promise.resolve()).then(stop));
    });
  } else {
    for (const e of telemetry.endpoints) console.log(`threads ${e.exporter} metrics: ${e.url}`);
    process.on('SIGUSR2', () => void pool.replaceFirst());
    const shutdown = async () => {
      server.close();
      await pool.stop();
      await stop();
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  }
}
