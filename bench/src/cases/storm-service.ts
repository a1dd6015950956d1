// Child: a service with its own `node:http` route (`/hello` answers `ok`) and, on a second port,
// the scrape path: Meterline's standalone server (optionally with basic auth), or a bare
// `node:http` server answering a static body of as many lines. Both on free loopback ports; it
// prints `LISTENING <json urls>` and runs until the suite kills it (bounded to 10 minutes).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import bcrypt from 'bcryptjs';
import { createPrometheusReader, startMetricsServer } from '@meterline/exporter-prometheus';
import type { StormServiceArgs, StormServiceUrls } from '../case-types.js';
import { LISTENING_PREFIX, readArgs, runChild } from '../child-io.js';

/** The user the bad-auth storm never guesses right. */
export const STORM_USER = 'prometheus';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function scrapePath(args: StormServiceArgs): Promise<string> {
  if (args.server === 'bare') {
    const lines = Array.from({ length: args.series }, (_, i) => `storm_total{i="${i}"} ${i}\n`);
    const body = Buffer.from(`# TYPE storm_total counter\n${lines.join('')}`);
    const bare = createServer((_req, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4; charset=utf-8');
      res.end(body);
    });
    return `http://127.0.0.1:${await listen(bare)}/metrics`;
  }
  const { reader, handler } = createPrometheusReader();
  const provider = new MeterProvider({ readers: [reader] });
  const counter = provider.getMeter('storm').createCounter('storm');
  for (let i = 0; i < args.series; i++) counter.add(i, { i: String(i) });
  const users = args.basicAuth
    ? new Map([[STORM_USER, bcrypt.hashSync('right-password', 10)]])
    : new Map<string, string>();
  const server = await startMetricsServer({
    handler,
    port: 0,
    webConfig: { users, headers: {} },
  });
  return server.url;
}

runChild(async () => {
  // A clean exit on SIGTERM, so `node --cpu-prof` writes its profile when profiling by hand.
  process.once('SIGTERM', () => process.exit(0));
  const args = readArgs<StormServiceArgs>();
  const service = createServer((_req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end('ok\n');
  });
  const urls: StormServiceUrls = {
    service: `http://127.0.0.1:${await listen(service)}/hello`,
    metrics: await scrapePath(args),
  };
  process.stdout.write(`${LISTENING_PREFIX}${JSON.stringify(urls)}\n`);
  await new Promise((resolve) => setTimeout(resolve, 600_000));
});
