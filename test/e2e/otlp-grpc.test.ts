import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { status } from '@grpc/grpc-js';
import { ROOT_CONTEXT, TraceFlags, ValueType, trace, type HrTime } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOtlpReader, otlpExporter } from '@meterline/exporter-otlp';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import { memoryExporter, type MemoryExporter } from '@meterline/testing';
import {
  attributesOf,
  metricsByName,
  startOtlpGrpcReceiver,
  type OtlpGrpcReceiver,
} from '../support/otlp-grpc-receiver.js';
import { createTestPki, type TestPki } from '../support/tls.js';

// OTLP over gRPC against a real receiver: grpc-js serving the official opentelemetry-proto
// MetricsService, decoding with proto-loader. Until this test the gRPC protocol had only ever
// been pointed at an unreachable port.

const INT = ValueType.INT;
const hrTime = (ms = Date.now()): HrTime => [Math.floor(ms / 1000), (ms % 1000) * 1e6];
const START = hrTime();

let receiver: OtlpGrpcReceiver;
let telemetry: TelemetryHandle | undefined;
let memory: MemoryExporter;
const warnings: string[] = [];

beforeAll(async () => {
  receiver = await startOtlpGrpcReceiver();
});
afterAll(async () => {
  await receiver.close();
});
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
  receiver.script = [];
  receiver.received.length = 0;
  receiver.calls = 0;
});

async function start(env: Record<string, string> = {}, url = receiver.url) {
  memory = memoryExporter();
  warnings.length = 0;
  telemetry = await startTelemetry({
    plugins: [otlpExporter, memory],
    logger: { info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    env: {
      OTEL_METRICS_EXPORTER: 'otlp,memory',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_ENDPOINT: url,
      OTEL_SERVICE_NAME: 'grpc-push',
      // Exports are driven by forceFlush.
      OTEL_METRIC_EXPORT_INTERVAL: '60000',
      OTEL_EXPORTER_OTLP_TIMEOUT: '5000',
      ...env,
    },
    config: { resource: { detect: false } },
  });
  return telemetry;
}

async function selfCounter(name: string, attributes?: Record<string, string>): Promise<number> {
  const snapshot = await memory.collect();
  if (!snapshot.find(name)) return 0;
  return snapshot.points(name, attributes).reduce((n, p) => n + (p.value as number), 0);
}

describe('OTLP/gRPC push to a real receiver', () => {
  it('delivers exact values of every instrument kind, with resource, scope and attributes', async () => {
    const handle = await start();
    const meter = handle.meterProvider.getMeter('orders', '1.2.3');
    const counter = meter.createCounter('orders.placed', { unit: '{order}', valueType: INT });
    counter.add(3, { region: 'eu' });
    counter.add(4, { region: 'eu' });
    counter.add(5, { region: 'us' });
    meter.createUpDownCounter('orders.open', { valueType: INT }).add(-2);
    const latency = meter.createHistogram('orders.latency', {
      unit: 's',
      advice: { explicitBucketBoundaries: [0.1, 1] },
    });
    for (const v of [0.05, 0.5, 0.7, 3]) latency.record(v);
    meter.createGauge('orders.queue').record(2.5);
    await handle.forceFlush();

    expect(receiver.received).toHaveLength(1);
    const request = receiver.received[0]!.request;
    expect(attributesOf(request.resourceMetrics[0]!.resource.attributes)['service.name']).toBe(
      'grpc-push',
    );
    const scopes = request.resourceMetrics.flatMap((rm) => rm.scopeMetrics);
    const orders = scopes.find((s) => s.scope.name === 'orders');
    expect(orders?.scope.version).toBe('1.2.3');

    const metrics = metricsByName(receiver.received);
    const placed = metrics.get('orders.placed')!;
    expect(placed.unit).toBe('{order}');
    expect(placed.data).toBe('sum');
    expect(placed.sum!.isMonotonic).toBe(true);
    expect(placed.sum!.aggregationTemporality).toBe('AGGREGATION_TEMPORALITY_CUMULATIVE');
    const byRegion = Object.fromEntries(
      placed.sum!.dataPoints.map((p) => [attributesOf(p.attributes)['region'], p.asInt]),
    );
    expect(byRegion).toEqual({ eu: '7', us: '5' });

    const open = metrics.get('orders.open')!;
    expect(open.sum!.isMonotonic).toBe(false);
    expect(open.sum!.dataPoints[0]!.asInt).toBe('-2');

    const hist = metrics.get('orders.latency')!.histogram!.dataPoints[0]!;
    expect(hist.count).toBe('4');
    expect(hist.sum).toBeCloseTo(4.25, 12);
    expect(hist.min).toBe(0.05);
    expect(hist.max).toBe(3);
    expect(hist.explicitBounds).toEqual([0.1, 1]);
    expect(hist.bucketCounts).toEqual(['1', '2', '1']);

    const queue = metrics.get('orders.queue')!;
    expect(queue.data).toBe('gauge');
    expect(queue.gauge!.dataPoints[0]!.asDouble).toBe(2.5);

    expect(await selfCounter('meterline_otlp_exports_failed')).toBe(0);
    expect(await selfCounter('meterline_otlp_points_exported')).toBeGreaterThanOrEqual(6);
  });

  it('pushes cumulative totals on later exports, and deltas when asked', async () => {
    let handle = await start();
    let counter = handle.meterProvider.getMeter('t').createCounter('ticks', { valueType: INT });
    counter.add(2);
    await handle.forceFlush();
    counter.add(3);
    await handle.forceFlush();
    const cumulative = receiver.received.map(
      (r) => metricsByName([r]).get('ticks')!.sum!.dataPoints[0]!,
    );
    expect(cumulative.map((p) => p.asInt)).toEqual(['2', '5']);
    expect(cumulative[1]!.startTimeUnixNano).toBe(cumulative[0]!.startTimeUnixNano);
    await handle.shutdown();
    receiver.received.length = 0;

    handle = await start({ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta' });
    counter = handle.meterProvider.getMeter('t').createCounter('ticks', { valueType: INT });
    counter.add(2);
    await handle.forceFlush();
    counter.add(3);
    await handle.forceFlush();
    const delta = receiver.received.map((r) => metricsByName([r]).get('ticks')!.sum!);
    expect(delta.map((s) => s.aggregationTemporality)).toEqual([
      'AGGREGATION_TEMPORALITY_DELTA',
      'AGGREGATION_TEMPORALITY_DELTA',
    ]);
    expect(delta.map((s) => s.dataPoints[0]!.asInt)).toEqual(['2', '3']);
    // Each delta starts where the previous one ended.
    expect(delta[1]!.dataPoints[0]!.startTimeUnixNano).toBe(delta[0]!.dataPoints[0]!.timeUnixNano);
  });

  it('carries the exemplars of measurements made in a sampled span (trace_based filter)', async () => {
    const handle = await start({ OTEL_METRICS_EXEMPLAR_FILTER: 'trace_based' });
    const meter = handle.meterProvider.getMeter('traced');
    const spanContext = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
    };
    const sampled = trace.setSpanContext(ROOT_CONTEXT, spanContext);
    const unsampled = trace.setSpanContext(ROOT_CONTEXT, { ...spanContext, traceFlags: 0 });
    const requests = meter.createCounter('traced.requests', { valueType: INT });
    const latency = meter.createHistogram('traced.latency', {
      advice: { explicitBucketBoundaries: [1] },
    });
    const before = Date.now();
    requests.add(2, { route: '/a' }, sampled);
    requests.add(5, { route: '/b' }, unsampled);
    latency.record(0.25, {}, sampled);
    await handle.forceFlush();
    const metrics = metricsByName(receiver.received);

    const byRoute = new Map(
      metrics
        .get('traced.requests')!
        .sum!.dataPoints.map((p) => [attributesOf(p.attributes)['route'], p]),
    );
    expect(byRoute.get('/b')!.exemplars).toEqual([]);
    const [exemplar] = byRoute.get('/a')!.exemplars;
    expect(exemplar!.asInt).toBe('2');
    expect(exemplar!.traceId.toString('hex')).toBe(spanContext.traceId);
    expect(exemplar!.spanId.toString('hex')).toBe(spanContext.spanId);
    const at = Number(BigInt(exemplar!.timeUnixNano) / 1_000_000n);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());

    const histogram = metrics.get('traced.latency')!.histogram!.dataPoints[0]!;
    expect(histogram.exemplars.map((e) => [e.asDouble, e.spanId.toString('hex')])).toEqual([
      [0.25, spanContext.spanId],
    ]);
    // The rest of the point is what the stock serializer wrote.
    expect(histogram.count).toBe('1');
    expect(histogram.bucketCounts).toEqual(['1', '0']);
  });

  it('delivers a summary as OTLP Summary points, next to the stock-encoded metrics', async () => {
    await telemetry?.shutdown();
    memory = memoryExporter();
    telemetry = await startTelemetry({
      plugins: [otlpExporter, memory],
      logger: { info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
      env: {
        OTEL_METRICS_EXPORTER: 'otlp,memory',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_METRIC_EXPORT_INTERVAL: '60000',
      },
      config: {
        resource: { detect: false },
        metrics: {
          views: [
            {
              instrument: 'rpc.latency',
              aggregation: { type: 'summary', objectives: { 0.5: 0.05, 0.9: 0.01 } },
            },
          ],
        },
      } as never,
    });
    const meter = telemetry.meterProvider.getMeter('rpc');
    const latency = meter.createHistogram('rpc.latency', { unit: 'ms' });
    for (let v = 1; v <= 100; v++) latency.record(v, { method: 'Get' });
    meter.createCounter('rpc.calls', { valueType: INT }).add(7);
    await telemetry.forceFlush();
    const metrics = metricsByName(receiver.received);
    expect(metrics.get('rpc.calls')!.sum!.dataPoints[0]!.asInt).toBe('7');
    const summary = metrics.get('rpc.latency')!;
    expect(summary.data).toBe('summary');
    const point = summary.summary!.dataPoints[0]!;
    expect(attributesOf(point.attributes)).toEqual({ method: 'Get' });
    expect(point.count).toBe('100');
    expect(point.sum).toBe(5050);
    // Exact below 500 values (nearest rank), as client_golang's summary.
    expect(point.quantileValues.map((q) => [q.quantile, q.value])).toEqual([
      [0.5, 50],
      [0.9, 90],
    ]);
  });

  it('sends the configured headers as gRPC metadata, and delivers gzip-compressed messages', async () => {
    const handle = await start({
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer s3cret,x-tenant=blue',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
    });
    handle.meterProvider.getMeter('t').createCounter('ticks').add(1);
    await handle.forceFlush();
    expect(receiver.received).toHaveLength(1);
    const { metadata } = receiver.received[0]!;
    expect(metadata['authorization']).toBe('Bearer s3cret');
    expect(metadata['x-tenant']).toBe('blue');
    expect(metricsByName(receiver.received).get('ticks')!.sum!.dataPoints[0]!.asDouble).toBe(1);
  });

  it('counts UNAVAILABLE by its status, and the next export carries the exact cumulative total', async () => {
    // The stock gRPC transport retries nothing (the HTTP one retries 429/502/503/504); with
    // cumulative temporality nothing is lost, the next interval carries the totals.
    const handle = await start();
    const ticks = handle.meterProvider.getMeter('t').createCounter('ticks', { valueType: INT });
    ticks.add(9);
    receiver.script = [{ status: status.UNAVAILABLE, details: 'restarting' }];
    await handle.forceFlush();
    expect(receiver.calls).toBe(1);
    expect(receiver.received).toHaveLength(0);
    expect(await selfCounter('meterline_otlp_exports_failed', { reason: 'grpc_unavailable' })).toBe(
      1,
    );
    ticks.add(1);
    await handle.forceFlush();
    expect(receiver.calls).toBe(2);
    expect(metricsByName(receiver.received).get('ticks')!.sum!.dataPoints[0]!.asInt).toBe('10');
  });

  it('does not retry UNAUTHENTICATED and counts it by its gRPC status, without leaking the token', async () => {
    const handle = await start({ OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer s3cret' });
    handle.meterProvider.getMeter('t').createCounter('ticks').add(1);
    receiver.script = [{ status: status.UNAUTHENTICATED, details: 'bad token' }];
    await handle.forceFlush();
    expect(receiver.calls).toBe(1);
    expect(receiver.received).toHaveLength(0);
    expect(
      await selfCounter('meterline_otlp_exports_failed', { reason: 'grpc_unauthenticated' }),
    ).toBe(1);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.join('\n')).not.toContain('s3cret');
  });

  it("counts the points a gRPC receiver's partial success rejected", async () => {
    const handle = await start();
    handle.meterProvider.getMeter('t').createCounter('ticks').add(1);
    receiver.script = [{ rejectedDataPoints: 4, errorMessage: 'too old' }];
    await handle.forceFlush();
    expect(receiver.received).toHaveLength(1);
    expect(await selfCounter('meterline_otlp_points_rejected')).toBe(4);
    expect(warnings.some((w) => w.includes('rejected 4 data point(s): too old'))).toBe(true);
  });
});

describe("OTLP/gRPC of a producer's cumulative data (a cluster primary's merge)", () => {
  it('arrives as deltas when the exporter prefers delta', async () => {
    // Cumulative totals as a cluster primary's merged producer returns them: 4, then 10.
    let total = 0;
    const merged: MetricProducer = {
      async collect() {
        total += total === 0 ? 4 : 6;
        const point = { attributes: {}, startTime: START, endTime: hrTime(), value: total };
        return {
          resourceMetrics: {
            resource: emptyResource(),
            scopeMetrics: [
              {
                scope: { name: 'cluster' },
                metrics: [
                  {
                    descriptor: { name: 'merged_jobs', description: '', unit: '', valueType: INT },
                    aggregationTemporality: AggregationTemporality.CUMULATIVE,
                    dataPointType: DataPointType.SUM,
                    isMonotonic: true,
                    dataPoints: [point],
                  },
                ],
              },
            ],
          },
          errors: [],
        };
      },
    };
    const otlp = await createOtlpReader({
      otlp: { protocol: 'grpc', endpoint: receiver.url, temporality: 'delta' },
      metricProducers: [merged],
      exportIntervalMillis: 60_000,
    });
    const provider = new MeterProvider({ readers: [otlp.reader] });
    try {
      await otlp.reader.forceFlush();
      await otlp.reader.forceFlush();
    } finally {
      await provider.shutdown();
    }
    const sums = receiver.received
      .map((r) => metricsByName([r]).get('merged_jobs')?.sum)
      .filter((sum) => sum !== undefined);
    expect(sums.map((s) => s.aggregationTemporality).slice(0, 2)).toEqual([
      'AGGREGATION_TEMPORALITY_DELTA',
      'AGGREGATION_TEMPORALITY_DELTA',
    ]);
    expect(sums.map((s) => s.dataPoints[0]!.asInt).slice(0, 2)).toEqual(['4', '6']);
  });
});

describe('OTLP/gRPC over TLS', () => {
  let pki: TestPki;
  let tlsReceiver: OtlpGrpcReceiver;
  beforeAll(async () => {
    pki = createTestPki();
    tlsReceiver = await startOtlpGrpcReceiver({
      cert: readFileSync(pki.serverCert),
      key: readFileSync(pki.serverKey),
    });
  });
  afterAll(async () => {
    await tlsReceiver.close();
  });
  beforeEach(() => {
    tlsReceiver.received.length = 0;
  });

  it('verifies the receiver against the configured CA and delivers', async () => {
    const handle = await start(
      { OTEL_EXPORTER_OTLP_CERTIFICATE: pki.caCert, OTEL_EXPORTER_OTLP_INSECURE: 'false' },
      tlsReceiver.url,
    );
    handle.meterProvider.getMeter('t').createCounter('secure_ticks').add(6);
    await handle.forceFlush();
    expect(warnings).toEqual([]);
    expect(tlsReceiver.received).toHaveLength(1);
    expect(
      metricsByName(tlsReceiver.received).get('secure_ticks')!.sum!.dataPoints[0]!.asDouble,
    ).toBe(6);
  });

  it('refuses a receiver whose certificate does not chain to the configured CA', async () => {
    const other = createTestPki();
    const handle = await start({ OTEL_EXPORTER_OTLP_CERTIFICATE: other.caCert }, tlsReceiver.url);
    handle.meterProvider.getMeter('t').createCounter('secure_ticks').add(1);
    await handle.forceFlush();
    expect(tlsReceiver.received).toHaveLength(0);
    expect(await selfCounter('meterline_otlp_exports_failed', { reason: 'grpc_unavailable' })).toBe(
      1,
    );
  });

  it('presents a client certificate to a receiver that requires one (mutual TLS)', async () => {
    const mutual = await startOtlpGrpcReceiver({
      cert: readFileSync(pki.serverCert),
      key: readFileSync(pki.serverKey),
      clientCa: readFileSync(pki.caCert),
    });
    try {
      let handle = await start({ OTEL_EXPORTER_OTLP_CERTIFICATE: pki.caCert }, mutual.url);
      handle.meterProvider.getMeter('t').createCounter('mtls_ticks').add(1);
      await handle.forceFlush();
      expect(mutual.received, 'no client certificate: refused').toHaveLength(0);
      await handle.shutdown();

      handle = await start(
        {
          OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE: pki.caCert,
          OTEL_EXPORTER_OTLP_METRICS_CLIENT_KEY: pki.clientKey,
          OTEL_EXPORTER_OTLP_METRICS_CLIENT_CERTIFICATE: pki.clientCert,
        },
        mutual.url,
      );
      handle.meterProvider.getMeter('t').createCounter('mtls_ticks').add(2);
      await handle.forceFlush();
      expect(mutual.received).toHaveLength(1);
      expect(metricsByName(mutual.received).get('mtls_ticks')!.sum!.dataPoints[0]!.asDouble).toBe(
        2,
      );
    } finally {
      await mutual.close();
    }
  });

  it('applies the same CA to OTLP over HTTPS', async () => {
    let requests = 0;
    const https = createHttpsServer(
      { cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey) },
      (req, res) => {
        requests++;
        req.resume();
        req.on('end', () => res.writeHead(200).end());
      },
    );
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    const port = (https.address() as AddressInfo).port;
    try {
      const handle = await start(
        {
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
          OTEL_EXPORTER_OTLP_CERTIFICATE: pki.caCert,
        },
        `https://127.0.0.1:${port}`,
      );
      handle.meterProvider.getMeter('t').createCounter('secure_ticks').add(1);
      await handle.forceFlush();
      expect(warnings).toEqual([]);
      expect(requests).toBe(1);
      expect(await selfCounter('meterline_otlp_exports_failed')).toBe(0);
    } finally {
      https.closeAllConnections();
      await new Promise<void>((resolve) => https.close(() => resolve()));
    }
  });

  it('fails start-up naming the option and path of an unreadable certificate file', async () => {
    await expect(
      start({ OTEL_EXPORTER_OTLP_CERTIFICATE: '/nonexistent/ca.pem' }, tlsReceiver.url),
    ).rejects.toThrow('certificate: cannot read /nonexistent/ca.pem (ENOENT)');
    await expect(
      start({ OTEL_EXPORTER_OTLP_CLIENT_KEY: pki.clientKey }, tlsReceiver.url),
    ).rejects.toThrow('mutual TLS needs both clientKey and clientCertificate');
  });
});
