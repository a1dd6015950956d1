// Child: OTLP export cost of `series` series: collect a ResourceMetrics from the SDK (through
// Meterline's reader), then serialize it with the stock otlp-transformer serializers, protobuf and
// JSON, as the OTLP exporters do before sending.
import { gzipSync } from 'node:zlib';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { createPrometheusReader } from '@meterline/exporter-prometheus';
import type { OtlpArgs, OtlpResult } from '../case-types.js';
import { emitResult, readArgs, runChild } from '../child-io.js';
import { median } from '../stats.js';
import { BUCKETS, LATENCIES, metricCount, seriesAttributes } from '../workload.js';

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

runChild(async () => {
  const args = readArgs<OtlpArgs>();
  const { reader } = createPrometheusReader();
  const provider = new MeterProvider({
    readers: [reader],
    views: [{ instrumentName: '*', aggregationCardinalityLimit: args.series + 100 }],
  });
  const meter = provider.getMeter('bench');
  const metrics = metricCount(args.series);
  for (let m = 0; m < metrics; m++) {
    const counter = args.kind === 'counter' ? meter.createCounter(`bench_series_${m}`) : undefined;
    const histogram =
      args.kind === 'histogram'
        ? meter.createHistogram(`bench_series_${m}_seconds`, {
            unit: 's',
            advice: { explicitBucketBoundaries: BUCKETS },
          })
        : undefined;
    for (let j = m; j < args.series; j += metrics) {
      counter?.add(j + 1, seriesAttributes(j));
      histogram?.record(LATENCIES[j & 1023]!, seriesAttributes(j));
    }
  }
  const prometheus = new PrometheusSerializer();
  const runs: Omit<OtlpResult, 'dataPoints'>[] = [];
  let dataPoints = 0;
  // One untimed round warms the serializers up; then `repeats` timed rounds.
  for (let r = 0; r <= args.repeats; r++) {
    const collectStart = performance.now();
    const { resourceMetrics } = await reader.collect();
    const collectMs = performance.now() - collectStart;
    dataPoints = resourceMetrics.scopeMetrics
      .flatMap((s) => s.metrics)
      .reduce((n, metric) => n + metric.dataPoints.length, 0);
    const protobuf = timed(() => ProtobufMetricsSerializer.serializeRequest(resourceMetrics));
    const json = timed(() => JsonMetricsSerializer.serializeRequest(resourceMetrics));
    const text = timed(() => prometheus.serialize(resourceMetrics));
    if (!protobuf.value || !json.value) throw new Error('a serializer returned nothing');
    if (r === 0) continue;
    runs.push({
      collectMs,
      protobufMs: protobuf.ms,
      protobufBytes: protobuf.value.length,
      protobufGzipBytes: gzipSync(protobuf.value).length,
      jsonMs: json.ms,
      jsonBytes: json.value.length,
      jsonGzipBytes: gzipSync(json.value).length,
      prometheusTextMs: text.ms,
      prometheusTextBytes: Buffer.byteLength(text.value),
    });
  }
  if (dataPoints !== args.series) {
    throw new Error(`expected ${args.series} data points, collected ${dataPoints}`);
  }
  const pick = (key: keyof (typeof runs)[number]) => median(runs.map((run) => run[key]));
  const result: OtlpResult = {
    collectMs: pick('collectMs'),
    protobufMs: pick('protobufMs'),
    protobufBytes: pick('protobufBytes'),
    protobufGzipBytes: pick('protobufGzipBytes'),
    jsonMs: pick('jsonMs'),
    jsonBytes: pick('jsonBytes'),
    jsonGzipBytes: pick('jsonGzipBytes'),
    prometheusTextMs: pick('prometheusTextMs'),
    prometheusTextBytes: pick('prometheusTextBytes'),
    dataPoints,
  };
  await provider.shutdown();
  emitResult(result);
});
