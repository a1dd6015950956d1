import cluster from 'node:cluster';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { printEndpoints } from '@meterline/demo-service';
import { METRICS_PATH } from './api.js';
import type { JobServerConfig } from './config.js';
import { startJobServerTelemetry } from './telemetry.js';

/**
 * The primary of a clustered job server (`JOB_SERVER_WORKERS` > 1): forks the workers (each a
 * whole job server with its own queue and registry, sharing the API port, as `node:cluster` runs
 * a stateful service), replaces any that dies, and serves every worker's metrics merged at
 * `/api/v1/metrics` on its own port (`JOB_SERVER_METRICS_PORT`): the API port belongs to the
 * workers. The OTLP push, when configured, runs here too.
 */
export async function runClusterPrimary(config: JobServerConfig): Promise<void> {
  const { telemetry, metricsHandler } = await startJobServerTelemetry(process.env, {
    clustered: true,
    naming: config.naming,
  });
  const server = createServer((req, res) => {
    if (metricsHandler && new URL(req.url ?? '/', 'http://x').pathname === METRICS_PATH) {
      metricsHandler(req, res);
      return;
    }
    res.statusCode = 404;
    res.end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.metricsPort, config.host, resolve);
  });
  const metricsUrl = `http://${config.host}:${(server.address() as AddressInfo).port}${METRICS_PATH}`;

  let stopping = false;
  let ready = 0;
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: { jobServerReady?: string }) => {
      if (!message?.jobServerReady) return;
      if (++ready !== config.workers) return;
      // Once, when the first generation is up.
      if (metricsHandler) process.stdout.write(`job-server metrics: ${metricsUrl}\n`);
      printEndpoints('job-server', telemetry.endpoints);
      process.stdout.write(`job-server api: ${message.jobServerReady}/api/v1\n`);
      process.stdout.write(`job-server: ${config.workers} worker processes\n`);
      process.stdout.write('job-server ready\n');
    });
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    process.stderr.write(
      `job-server: worker ${worker.id} exited (${signal ?? code}); replacing it\n`,
    );
    fork();
  });
  for (let i = 0; i < config.workers; i++) fork();

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`job-server: ${signal} received, stopping workers and flushing metrics\n`);
    setTimeout(() => {
      process.stderr.write('job-server: shutdown took longer than 10 s, exiting\n');
      process.exit(1);
    }, 10_000).unref();
    // Each worker's own shutdown sends its last delta before it exits.
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    await Promise.all(
      workers.map((w) => {
        const exited = new Promise((resolve) => w.once('exit', resolve));
        w.process.kill('SIGTERM');
        return exited;
      }),
    );
    server.close();
    await telemetry.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
