import protobuf from 'protobufjs/light.js';
import { describe, expect, it } from 'vitest';
import { METRICS_DESCRIPTOR } from '../../src/exposition/protobuf/metrics-descriptor.js';
import { DataPointType, MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  createPrometheusReader,
  serializeProtobuf,
  type ProtobufSerializeOptions,
} from '../../src/index.js';
import type { PullMetricReader } from '../../src/pull-reader.js';
import { exponentialView, testProvider } from '../support.js';
import { decodeFamilies, nativeBuckets, protoRoot, type DecodedFamily } from './proto-decoder.js';

async function scrapeProto(
  reader: PullMetricReader,
  options: ProtobufSerializeOptions = {},
): Promise<DecodedFamily[]> {
  const { resourceMetrics, errors } = await reader.collectWithin(5000);
  if (errors.length) throw new Error(`collection errors: ${errors.map(String).join('; ')}`);
  const chunks: Buffer[] = [];
  // These tests check the base-unit conversion too (opt-in since the naming rework).
  await serializeProtobuf(
    resourceMetrics,
    { baseUnits: true, ...options },
    (chunk) => void chunks.push(chunk),
  );
  return decodeFamilies(Buffer.concat(chunks));
}

function family(families: DecodedFamily[], name: string): DecodedFamily {
  const found = families.find((f) => f.name === name);
  if (!found) throw new Error(`no family ${name} in ${families.map((f) => f.name).join(', ')}`);
  return found;
}

describe('the generated descriptor', () => {
  it('is the official metrics.proto (regenerate with scripts/generate-proto.mjs)', () => {
    const generated = protobuf.Root.fromJSON(METRICS_DESCRIPTOR as unknown as protobuf.INamespace);
    expect(generated.lookup('io.prometheus.client')!.toJSON()).toEqual(
      protoRoot.lookup('io.prometheus.client')!.toJSON(),
    );
  });
});

describe('protobuf exposition', () => {
  it('carries counters, gauges and classic histograms with the text path names and labels', async () => {
    const { reader, provider } = testProvider();
    const meter = provider.getMeter('shop', '1.0.0');
    meter.createCounter('orders', { description: 'Orders placed' }).add(3, { region: 'e"u\n' });
    meter.createUpDownCounter('queue_depth').add(-4, { le: 'x' });
    const latency = meter.createHistogram('request.latency', {
      unit: 'ms',
      advice: { explicitBucketBoundaries: [100, 1000] },
    });
    for (const v of [50, 500, 5000]) latency.record(v, { route: '/a' });
    const families = await scrapeProto(reader);

    expect(families.map((f) => [f.name, f.type])).toEqual([
      ['target_info', 'GAUGE'],
      ['orders_total', 'COUNTER'],
      ['queue_depth', 'GAUGE'],
      ['request_latency_seconds', 'HISTOGRAM'],
    ]);
    expect(family(families, 'target_info').metric[0]!.label).toEqual([
      { name: 'service_instance_id', value: 'i-1' },
      { name: 'service_name', value: 'svc' },
    ]);
    const orders = family(families, 'orders_total');
    expect(orders.help).toBe('Orders placed');
    expect(orders.metric[0]!.label).toEqual([
      { name: 'region', value: 'e"u\n' },
      { name: 'otel_scope_name', value: 'shop' },
      { name: 'otel_scope_version', value: '1.0.0' },
    ]);
    expect(orders.metric[0]!.counter!.value).toBe(3);
    expect(orders.metric[0]!.counter!.created_timestamp!.seconds).toBeGreaterThan(1.7e9);
    expect(family(families, 'queue_depth').metric[0]!.gauge!.value).toBe(-4);
    const hist = family(families, 'request_latency_seconds');
    expect(hist.unit).toBe('seconds');
    expect(hist.metric[0]!.histogram).toMatchObject({
      sample_count: 3,
      sample_sum: 5.55,
      bucket: [
        { cumulative_count: 1, upper_bound: 0.1 },
        { cumulative_count: 2, upper_bound: 1 },
      ],
    });
    expect(hist.metric[0]!.histogram!.schema).toBeUndefined();
  });

  it('carries exponential histograms as native histograms whose buckets hold every value', async () => {
    const { reader, provider } = testProvider([exponentialView('size')]);
    const size = provider.getMeter('m').createHistogram('size', { unit: 'By' });
    // (Histogram instruments drop negative values; negative buckets: native-histogram.test.ts.)
    const values = [0, 0, 1, 2, 3, 4, 100, 1000, 1e6, 0.001];
    for (const v of values) size.record(v);
    const families = await scrapeProto(reader, { scopeLabels: false, targetInfo: false });
    const h = family(families, 'size_bytes').metric[0]!.histogram!;
    expect(h.sample_count).toBe(values.length);
    expect(h.sample_sum).toBeCloseTo(
      values.reduce((a, b) => a + b, 0),
      6,
    );
    expect(h.zero_count).toBe(2);
    expect(h.schema).toBeGreaterThanOrEqual(-4);
    expect(h.schema).toBeLessThanOrEqual(8);
    expect(h.bucket ?? []).toEqual([]);
    // Read back as Prometheus does, each bucket holds exactly the values in its range.
    for (const [sign, of] of [
      ['positive', (v: number) => v > 0],
      ['negative', (v: number) => v < 0],
    ] as const) {
      const buckets = nativeBuckets(h, sign);
      const mine = values.filter(of).map(Math.abs);
      expect(buckets.reduce((n, [, , c]) => n + c, 0)).toBe(mine.length);
      for (const [lower, upper, count] of buckets) {
        expect(mine.filter((v) => v > lower * (1 + 1e-12) && v <= upper * (1 + 1e-12)).length).toBe(
          count,
        );
      }
    }
  });

  it('downscales fine scales to schema 8 and moves buckets by the base-unit conversion', async () => {
    // The SDK aggregates at up to scale 20: three close values stay far above schema 8.
    const { reader, provider } = testProvider([exponentialView('lat')]);
    const lat = provider.getMeter('m').createHistogram('lat', { unit: 'ms' });
    for (const v of [100, 101, 102]) lat.record(v);
    const families = await scrapeProto(reader, { scopeLabels: false, targetInfo: false });
    const h = family(families, 'lat_seconds').metric[0]!.histogram!;
    expect(h.schema).toBe(8);
    const buckets = nativeBuckets(h, 'positive');
    expect(buckets.reduce((n, [, , c]) => n + c, 0)).toBe(3);
    // ms -> s is not a power of two: boundaries are within half a bucket (0.14 %) of the truth.
    for (const [lower, upper, count] of buckets) {
      const inside = [0.1, 0.101, 0.102].filter((v) => v > lower / 1.0014 && v <= upper * 1.0014);
      expect(inside.length).toBeGreaterThanOrEqual(count);
    }
    expect(h.sample_sum).toBeCloseTo(0.303, 12);
  });

  it('gives a histogram without observations a no-op span, so it still reads as native', async () => {
    const { reader, provider } = testProvider([exponentialView('empty')]);
    provider.getMeter('m').createHistogram('empty').record(0);
    const families = await scrapeProto(reader, { scopeLabels: false, targetInfo: false });
    const h = family(families, 'empty').metric[0]!.histogram!;
    expect(h.zero_count).toBe(1);
    expect(h.positive_span).toEqual([{ offset: 0, length: 0 }]);
  });

  it('serves a histogram below schema -4 as classic buckets at the fixed bounds', async () => {
    const { reader, provider } = testProvider([exponentialView('wide')]);
    provider.getMeter('m').createHistogram('wide').record(3);
    const { resourceMetrics } = await reader.collectWithin(5000);
    const point = resourceMetrics.scopeMetrics[0]!.metrics[0]!.dataPoints[0]!;
    // Scale -5: bucket 0 is (1, 2^32]; what a view with a tiny maxSize can make of a wide range.
    Object.assign(point.value as object, {
      scale: -5,
      positive: { offset: 0, bucketCounts: [1] },
      negative: { offset: 0, bucketCounts: [] },
    });
    const chunks: Buffer[] = [];
    await serializeProtobuf(resourceMetrics, { scopeLabels: false, targetInfo: false }, (c) => {
      chunks.push(c);
    });
    const h = decodeFamilies(Buffer.concat(chunks))[0]!.metric[0]!.histogram!;
    expect(h.schema).toBeUndefined();
    expect(h.sample_count).toBe(1);
    const bounds = h.bucket!.map((b) => b.upper_bound);
    // Fixed bounds of schema 3 from 1 (le="0" first) up to 2^32, every one of them.
    expect(bounds[0]).toBe(0);
    expect(bounds).toHaveLength(1 + 32 * 8);
    expect(bounds.at(-1)).toBeCloseTo(2 ** 32, 0);
    expect(h.bucket!.at(-1)!.cumulative_count).toBe(1);
  });

  it('carries exemplars: last per counter and bucket, in base units, HrTime stamps, 128 characters', async () => {
    const { reader, provider } = testProvider([exponentialView('native')]);
    const meter = provider.getMeter('m');
    meter.createCounter('hits').add(1);
    meter
      .createHistogram('lat', { unit: 'ms', advice: { explicitBucketBoundaries: [10, 100] } })
      .record(50);
    meter.createHistogram('native').record(3);
    const { resourceMetrics } = await reader.collectWithin(5000);
    const pointOf = (name: string) =>
      resourceMetrics.scopeMetrics[0]!.metrics.find((m) => m.descriptor.name === name)!
        .dataPoints[0]! as object;
    const exemplar = (value: number, extra: Record<string, string> = {}) => ({
      value,
      timestamp: [1_700_000_000, 500_000_000],
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      filteredAttributes: extra,
    });
    Object.assign(pointOf('hits'), {
      exemplars: [exemplar(1), exemplar(1, { user: 'u'.repeat(100) })],
    });
    Object.assign(pointOf('lat'), {
      exemplars: [exemplar(5), exemplar(50), exemplar(60, { k: 'v' })],
    });
    Object.assign(pointOf('native'), { exemplars: [exemplar(3), { value: 2 }] });
    const chunks: Buffer[] = [];
    await serializeProtobuf(
      resourceMetrics,
      { scopeLabels: false, targetInfo: false, baseUnits: true },
      (c) => {
        chunks.push(c);
      },
    );
    const families = decodeFamilies(Buffer.concat(chunks));
    // The user attribute would take the label set past 128 characters: left out, exemplar kept.
    expect(family(families, 'hits_total').metric[0]!.counter!.exemplar).toEqual({
      label: [
        { name: 'trace_id', value: '0af7651916cd43dd8448eb211c80319c' },
        { name: 'span_id', value: 'b7ad6b7169203331' },
      ],
      value: 1,
      timestamp: { seconds: 1_700_000_000, nanos: 500_000_000 },
    });
    const buckets = family(families, 'lat_seconds').metric[0]!.histogram!.bucket!;
    expect(buckets[0]!.exemplar!.value).toBe(0.005);
    // The last exemplar within (10, 100] ms, in seconds.
    expect(buckets[1]!.exemplar!.value).toBe(0.06);
    expect(buckets[1]!.exemplar!.label!.at(-1)).toEqual({ name: 'k', value: 'v' });
    // Native histograms take only exemplars with a timestamp.
    const native = family(families, 'native').metric[0]!.histogram!;
    expect(native.exemplars!.map((e) => e.value)).toEqual([3]);
  });

  it('makes histograms without a view exponential with histogramAggregation: exponential', async () => {
    const kinds: DataPointType[] = [];
    for (const histogramAggregation of ['explicit', 'exponential'] as const) {
      const { reader } = createPrometheusReader({ histogramAggregation });
      const provider = new MeterProvider({ readers: [reader] });
      provider.getMeter('m').createHistogram('latency').record(0.5);
      const { resourceMetrics } = await reader.collectWithin(5000);
      kinds.push(resourceMetrics.scopeMetrics[0]!.metrics[0]!.dataPointType);
      await provider.shutdown();
    }
    expect(kinds).toEqual([DataPointType.HISTOGRAM, DataPointType.EXPONENTIAL_HISTOGRAM]);
  });

  it("serves the exporter's own scope without scope labels, and no other scope under its names", async () => {
    const { reader, provider } = testProvider();
    provider.getMeter('m').createCounter('meterline_prometheus_scrapes').add(5);
    const own = provider.getMeter('own');
    own.createCounter('meterline_prometheus_scrapes_total').add(2, { code: '200' });
    own.createCounter('other').add(1);
    const families = await scrapeProto(reader, {
      protectedNames: ['meterline_prometheus_scrapes', 'meterline_prometheus_scrapes_total'],
      protectedScope: 'own',
    });
    expect(family(families, 'meterline_prometheus_scrapes_total')).toMatchObject({
      type: 'COUNTER',
      metric: [{ label: [{ name: 'code', value: '200' }], counter: { value: 2 } }],
    });
    expect(family(families, 'other_total').metric[0]!.label ?? []).toEqual([]);
  });
});
