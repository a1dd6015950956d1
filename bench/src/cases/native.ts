// Child: 10k histograms served by one implementation, scraped over loopback HTTP with gzip as
// Prometheus asks, in every format it has. Meterline aggregates them as base-2 exponential
// histograms and serves protobuf (native histograms), OpenMetrics and text 0.0.4; prom-client and
// the stock OTel exporter have no protobuf and no exponential histograms, so they serve the nearest
// equivalent they have: classic histograms with the 12 `latency` buckets, in text.
import { createServer } from 'node:http';
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AggregationType, MeterProvider } from '@opentelemetry/sdk-metrics';
import { createPrometheusReader } from '@meterline/exporter-prometheus';
import protobuf from 'protobufjs';
import type { NativeArgs, NativeFormat, NativeFormatResult, NativeResult } from '../case-types.js';
import { emitResult, readArgs, runChild } from '../child-io.js';
import { timedGet, type TimedResponse } from '../http-get.js';
import { startLoopProbe } from '../loop-probe.js';
import { startScrapeTarget } from '../scrape-targets.js';
import { median } from '../stats.js';
import { LATENCIES, metricCount, seriesAttributes } from '../workload.js';

/** Observations per series: enough spread (0.2 ms … 20 s) for a few dozen buckets each. */
const VALUES_PER_SERIES = 8;

/** What Prometheus 2.53 and 3.5 send with native histograms on (PrometheusProto first). */
const ACCEPT: Record<NativeFormat, string> = {
  protobuf:
    'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
  openmetrics: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5',
  text: 'text/plain;version=0.0.4',
};

/** A decoder of the official metrics.proto the exporter package ships, to check the bodies. */
function familyDecoder(): protobuf.Type {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@meterline/exporter-prometheus/package.json');
  const root = new protobuf.Root().loadSync(
    join(dirname(pkg), 'proto/io/prometheus/client/metrics.proto'),
    { keepCase: true },
  );
  return root.lookupType('io.prometheus.client.MetricFamily');
}

/** Histogram series in a body: native ones in protobuf, `_count` samples in text. */
function countHistograms(format: NativeFormat, response: TimedResponse): number {
  if (format !== 'protobuf') {
    return response.body().match(/^bench_series_\d+_seconds_count\{/gm)?.length ?? 0;
  }
  const MetricFamily = familyDecoder();
  const reader = protobuf.Reader.create(response.bytes());
  let count = 0;
  while (reader.pos < reader.len) {
    const family = MetricFamily.toObject(MetricFamily.decodeDelimited(reader)) as {
      name: string;
      metric?: { histogram?: { schema?: number; positive_span?: unknown[] } }[];
    };
    if (!family.name.startsWith('bench_series_')) continue;
    for (const m of family.metric ?? []) {
      if (m.histogram?.schema !== undefined && (m.histogram.positive_span?.length ?? 0) > 0)
        count++;
    }
  }
  return count;
}

async function meterlineUrl(series: number): Promise<{ url: string; close(): Promise<void> }> {
  const meterline = createPrometheusReader();
  const provider = new MeterProvider({
    readers: [meterline.reader],
    views: [
      {
        instrumentName: '*',
        aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM },
        aggregationCardinalityLimit: series + 100,
      },
    ],
  });
  const meter = provider.getMeter('bench');
  const metrics = metricCount(series);
  for (let m = 0; m < metrics; m++) {
    const histogram = meter.createHistogram(`bench_series_${m}`, { unit: 's' });
    for (let j = m; j < series; j += metrics) {
      const attributes = seriesAttributes(j);
      for (let k = 0; k < VALUES_PER_SERIES; k++) {
        histogram.record(LATENCIES[(j * VALUES_PER_SERIES + k) & 1023]!, attributes);
      }
    }
  }
  const server = createServer(meterline.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await provider.shutdown();
    },
  };
}

runChild(async () => {
  const args = readArgs<NativeArgs>();
  let target: { url: string; close(): Promise<void> };
  let formats: readonly NativeFormat[];
  if (args.impl === 'meterline') {
    target = await meterlineUrl(args.series);
    formats = ['protobuf', 'openmetrics', 'text'];
  } else {
    const peer = await startScrapeTarget(args.impl, args.series);
    peer.populate('histogram', args.series);
    target = peer;
    formats = ['text'];
  }
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const results: NativeFormatResult[] = [];
  for (const format of formats) {
    const headers = { accept: ACCEPT[format], 'accept-encoding': 'gzip' };
    const runs: { response: TimedResponse; blockMs: number }[] = [];
    for (let i = 0; i <= args.scrapes; i++) {
      const probe = startLoopProbe();
      const response = await timedGet(target.url, headers, agent);
      const blockMs = probe.stop();
      if (response.status !== 200) throw new Error(`${format} scrape answered ${response.status}`);
      // The first scrape warms up; with scrapes = 0 it is the one measured.
      if (i > 0 || args.scrapes === 0) runs.push({ response, blockMs });
    }
    const first = runs[0]!.response;
    const histograms = countHistograms(format, first);
    if (histograms < args.series) {
      throw new Error(`${format}: expected ${args.series} histograms, the body had ${histograms}`);
    }
    if (first.encoding !== 'gzip') throw new Error(`${format}: the body was not gzipped`);
    results.push({
      format,
      ms: median(runs.map((r) => r.response.ms)),
      blockMs: median(runs.map((r) => r.blockMs)),
      wireBytes: first.wireBytes,
      rawBytes: first.bytes().length,
      contentType: first.contentType,
      histograms,
    });
  }
  agent.destroy();
  await target.close();
  const result: NativeResult = { formats: results };
  emitResult(result);
});
