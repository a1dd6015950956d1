// The scrape side of each implementation, mounted on a `node:http` server on a free loopback port.
// Meterline is measured only through its public handler, so the numbers follow whatever that
// handler negotiates (content type, compression). prom-client and the stock OTel serializer have no
// compression of their own: when the client accepts gzip they get it from zlib, as a service would
// add it (compression middleware).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Meter } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider, type MetricReader } from '@opentelemetry/sdk-metrics';
import { MeterProvider as EngineMeterProvider } from '@meterline/engine';
import { createPrometheusReader, serialize } from '@meterline/exporter-prometheus';
import { Counter, Histogram, Registry } from 'prom-client';
import {
  BUCKETS,
  LABEL_NAMES,
  LATENCIES,
  metricCount,
  seriesAttributes,
  type Impl,
} from './workload.js';

const gzipAsync = promisify(gzip);

/** Counters or histograms. */
export type SeriesKind = 'counter' | 'histogram';

/** One implementation holding `series` series, served over HTTP. */
export interface ScrapeTarget {
  /** `http://127.0.0.1:<port>/metrics` */
  readonly url: string;
  /**
   * Records `series` series in new metrics named `<prefix><m>` (`bench_series_` by default), with
   * the attribute sets `seriesAttributes(first)` to `seriesAttributes(first + series - 1)`.
   */
  populate(kind: SeriesKind, series: number, prefix?: string, first?: number): void;
  /**
   * The exposition alone, in process: what the endpoint would serve as text 0.0.4, produced from
   * the recorded state the way its handler does (collect + serialize, or `register.metrics()`),
   * without HTTP or gzip.
   */
  body(): Promise<string | readonly Buffer[]>;
  /**
   * Meterline only: the same body from a collection that builds every point at once (no
   * `deferPoints`), as a consumer of the standard `MetricData` gets it (the OTLP and file
   * exporters' collections).
   */
  allPointsBody?(): Promise<readonly Buffer[]>;
  /** Meterline only: the handler's collection alone (`deferPoints`), nothing serialized. */
  collection?(): Promise<void>;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Sends `body` as a peer's handler would, gzipped when the request accepts gzip. */
async function send(req: IncomingMessage, res: ServerResponse, body: string, type: string) {
  res.setHeader('content-type', type);
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    res.setHeader('content-encoding', 'gzip');
    res.end(await gzipAsync(body));
  } else {
    res.end(body);
  }
}

/** Metric name of metric number `m` of a kind. */
function metricName(kind: SeriesKind, m: number, prefix = 'bench_series_'): string {
  return kind === 'counter' ? `${prefix}${m}` : `${prefix}${m}_seconds`;
}

/** Populates an OTel meter: `series` series over `metricCount(series)` instruments. */
function populateOtel(meter: Meter, kind: SeriesKind, series: number, prefix?: string, first = 0) {
  const metrics = metricCount(series);
  for (let m = 0; m < metrics; m++) {
    const name = metricName(kind, m, prefix);
    const counter = kind === 'counter' ? meter.createCounter(name) : undefined;
    const histogram =
      kind === 'histogram'
        ? meter.createHistogram(name, { unit: 's', advice: { explicitBucketBoundaries: BUCKETS } })
        : undefined;
    for (let j = m; j < series; j += metrics) {
      const attributes = seriesAttributes(first + j);
      counter?.add(j + 1, attributes);
      histogram?.record(LATENCIES[j & 1023]!, attributes);
      histogram?.record(LATENCIES[(j + 1) & 1023]!, attributes);
    }
  }
}

/** The SDK caps each stream at 2,000 series by default; lift the cap so every series is kept. */
function uncapped(series: number) {
  return [{ instrumentName: '*', aggregationCardinalityLimit: series + 100 }];
}

function otelProvider(reader: MetricReader, series: number): MeterProvider {
  return new MeterProvider({ readers: [reader], views: uncapped(series) });
}

function promPopulate(
  registry: Registry,
  kind: SeriesKind,
  series: number,
  prefix?: string,
  first = 0,
) {
  const metrics = metricCount(series);
  for (let m = 0; m < metrics; m++) {
    const name = metricName(kind, m, prefix);
    const labelNames = [...LABEL_NAMES];
    const counter =
      kind === 'counter'
        ? new Counter({ name: `${name}_total`, help: name, labelNames, registers: [registry] })
        : undefined;
    const histogram =
      kind === 'histogram'
        ? new Histogram({ name, help: name, labelNames, buckets: BUCKETS, registers: [registry] })
        : undefined;
    for (let j = m; j < series; j += metrics) {
      const labels = seriesAttributes(first + j);
      counter?.inc(labels, j + 1);
      histogram?.observe(labels, LATENCIES[j & 1023]!);
      histogram?.observe(labels, LATENCIES[(j + 1) & 1023]!);
    }
  }
}

/** Starts `impl`'s scrape endpoint (empty until `populate`). */
export async function startScrapeTarget(impl: Impl, series: number): Promise<ScrapeTarget> {
  let handler: Handler;
  let populate: ScrapeTarget['populate'];
  let body: ScrapeTarget['body'];
  let allPointsBody: ScrapeTarget['allPointsBody'];
  let collection: ScrapeTarget['collection'];
  if (impl === 'meterline') {
    // What startTelemetry() builds: Meterline's engine feeding Meterline's reader.
    const meterline = createPrometheusReader();
    const provider = new EngineMeterProvider({
      readers: [meterline.reader],
      views: uncapped(series),
      selfMetrics: false,
    });
    handler = meterline.handler;
    const produce = async (deferPoints: boolean) => {
      const { resourceMetrics } = await meterline.reader.collectWithin(60_000, { deferPoints });
      // UTF-8 chunks, as the socket takes them (the peers' strings still need encoding).
      const chunks: Buffer[] = [];
      await serialize(resourceMetrics, { format: 'text' }, (chunk) => {
        chunks.push(chunk);
      });
      return chunks;
    };
    // As the handler collects (src/coalescing-collector.ts): points built as they are written.
    body = () => produce(true);
    allPointsBody = () => produce(false);
    collection = async () => {
      await meterline.reader.collectWithin(60_000, { deferPoints: true });
    };
    populate = (kind, n, prefix, first) =>
      populateOtel(provider.getMeter('bench'), kind, n, prefix, first);
  } else if (impl === 'otel') {
    const exporter = new PrometheusExporter({ preventServerStart: true });
    const provider = otelProvider(exporter, series);
    const serializer = new PrometheusSerializer();
    body = async () => serializer.serialize((await exporter.collect()).resourceMetrics);
    handler = (req, res) => {
      void exporter
        .collect()
        .then(({ resourceMetrics }) =>
          send(req, res, serializer.serialize(resourceMetrics), 'text/plain; version=0.0.4'),
        );
    };
    populate = (kind, n, prefix, first) =>
      populateOtel(provider.getMeter('bench'), kind, n, prefix, first);
  } else {
    const registry = new Registry();
    body = () => registry.metrics();
    handler = (req, res) => {
      void registry.metrics().then((body) => send(req, res, body, registry.contentType));
    };
    populate = (kind, n, prefix, first) => promPopulate(registry, kind, n, prefix, first);
  }
  const server = createServer((req, res) => handler(req, res));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    populate,
    body,
    ...(allPointsBody ? { allPointsBody } : {}),
    ...(collection ? { collection } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
