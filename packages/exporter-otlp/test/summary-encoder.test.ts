import { fileURLToPath } from 'node:url';
import { MeterProvider, SUMMARY_AGGREGATION } from '@meterline/engine';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { withSummaries } from '../src/summary-encoder.js';

class TestReader extends MetricReader {
  protected override onShutdown = () => Promise.resolve();
  protected override onForceFlush = () => Promise.resolve();
}

async function collect(withSummary: boolean): Promise<ResourceMetrics> {
  const reader = new TestReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'enc', 'host.cpus': 4 }),
    readers: [reader],
    views: withSummary
      ? [
          {
            instrumentName: 'rpc.latency',
            aggregation: { type: SUMMARY_AGGREGATION, options: { objectives: { 0.5: 0.05 } } },
          },
        ]
      : [],
  });
  const meter = provider.getMeter('rpc', '1.2.3');
  meter.createCounter('calls').add(3, { method: 'get' });
  const latency = meter.createHistogram('rpc.latency', { unit: 'ms', description: 'latency' });
  for (let i = 1; i <= 10; i++) latency.record(i, { method: 'get', retry: false });
  const { resourceMetrics } = await reader.collect();
  return resourceMetrics;
}

/** A decoder from the official .proto files (the checked-in copy), independent of the encoder. */
const root = new protobuf.Root();
const dir = fileURLToPath(new URL('../proto/', import.meta.url));
root.resolvePath = (_origin, target) => dir + target;
root.loadSync('opentelemetry/proto/collector/metrics/v1/metrics_service.proto');
const Request = root.lookupType(
  'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
);

interface Decoded {
  resourceMetrics: {
    resource: { attributes: { key: string; value: Record<string, unknown> }[] };
    scopeMetrics: {
      scope: { name: string; version?: string };
      metrics: { name: string; unit?: string; summary?: unknown; sum?: unknown }[];
    }[];
  }[];
}

const EXPECTED_SUMMARY = {
  dataPoints: [
    {
      attributes: [
        { key: 'method', value: { stringValue: 'get' } },
        { key: 'retry', value: { boolValue: false } },
      ],
      startTimeUnixNano: expect.stringMatching(/^1\d{18}$/),
      timeUnixNano: expect.stringMatching(/^1\d{18}$/),
      count: '10',
      sum: 55,
      quantileValues: [{ quantile: 0.5, value: 5 }],
    },
  ],
};

describe('withSummaries', () => {
  it('appends the summaries as a second ResourceMetrics to the stock protobuf request', async () => {
    const request = await collect(true);
    const bytes = withSummaries(ProtobufMetricsSerializer, 'protobuf').serializeRequest(request)!;
    const decoded = Request.toObject(Request.decode(bytes), {
      longs: String,
      defaults: false,
    }) as Decoded;
    expect(decoded.resourceMetrics).toHaveLength(2);
    const [stock, summaries] = decoded.resourceMetrics;
    expect(stock!.scopeMetrics[0]!.metrics.map((m) => Object.keys(m).sort())).toEqual([
      ['name', 'sum'],
    ]);
    expect(summaries!.resource.attributes).toEqual([
      { key: 'service.name', value: { stringValue: 'enc' } },
      { key: 'host.cpus', value: { intValue: '4' } },
    ]);
    expect(summaries!.scopeMetrics).toEqual([
      {
        scope: { name: 'rpc', version: '1.2.3' },
        metrics: [
          { name: 'rpc.latency', description: 'latency', unit: 'ms', summary: EXPECTED_SUMMARY },
        ],
      },
    ]);
  });

  it('appends the summaries to the JSON request', async () => {
    const request = await collect(true);
    const bytes = withSummaries(JsonMetricsSerializer, 'json').serializeRequest(request)!;
    const decoded = JSON.parse(new TextDecoder().decode(bytes)) as Decoded;
    expect(decoded.resourceMetrics).toHaveLength(2);
    expect(decoded.resourceMetrics[1]!.scopeMetrics[0]!.metrics[0]!.summary).toEqual(
      EXPECTED_SUMMARY,
    );
    // proto3 JSON is what the official schema reads: protobufjs takes it back.
    const message = Request.fromObject(decoded);
    expect(Request.verify(message)).toBeNull();
  });

  it('leaves a batch without summaries to the stock serializer, byte for byte', async () => {
    const request = await collect(false);
    expect(withSummaries(ProtobufMetricsSerializer, 'protobuf').serializeRequest(request)).toEqual(
      ProtobufMetricsSerializer.serializeRequest(request),
    );
  });

  it('writes an empty window as NaN quantiles', async () => {
    const request = await collect(true);
    const metric = request.scopeMetrics[0]!.metrics[1]! as unknown as {
      dataPoints: { value: { quantiles: { quantile: number; value: number }[] } }[];
    };
    metric.dataPoints[0]!.value.quantiles = [{ quantile: 0.5, value: Number.NaN }];
    const json = new TextDecoder().decode(
      withSummaries(JsonMetricsSerializer, 'json').serializeRequest(request)!,
    );
    expect(json).toContain('"quantileValues":[{"quantile":0.5,"value":"NaN"}]');
    const bytes = withSummaries(ProtobufMetricsSerializer, 'protobuf').serializeRequest(request)!;
    const decoded = Request.decode(bytes).toJSON() as Decoded;
    expect(JSON.stringify(decoded.resourceMetrics[1])).toContain('"value":"NaN"');
  });
});
