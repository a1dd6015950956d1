import protobuf from 'protobufjs/light.js';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { OTLP_DESCRIPTOR } from '../src/otlp-descriptor.js';
import { withExemplars } from '../src/otlp-exemplars.js';
// @ts-expect-error: a plain .mjs script without types
import { otlpDescriptor } from '../scripts/generate-proto.mjs';

const REQUEST = protobuf.Root.fromJSON(
  OTLP_DESCRIPTOR as unknown as protobuf.INamespace,
).lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');

/** A decoded message, walked by field names. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test walks decoded protobuf freely
type Decoded = any;

/** Decoded with the official proto, 64-bit integers as decimal strings, bytes as base64. */
function decode(bytes: Uint8Array): Decoded {
  return REQUEST.toObject(REQUEST.decode(bytes), { longs: String, bytes: String, oneofs: true });
}

// A start time past 2^53 ns, so a lossy round trip would show.
const START: [number, number] = [1_764_000_000, 123_456_789];
const END: [number, number] = [1_764_000_060, 987_654_321];

function request(withExemplar: boolean): ResourceMetrics {
  const exemplars = withExemplar
    ? [
        {
          filteredAttributes: { user: 'u1', retries: 2 },
          value: 7,
          timestamp: [1_764_000_030, 5] as [number, number],
          traceId: '0af7651916cd43dd8448eb211c80319c',
          spanId: 'b7ad6b7169203331',
        },
      ]
    : [];
  return {
    resource: emptyResource(),
    scopeMetrics: [
      {
        scope: { name: 'a', version: '1' },
        metrics: [
          {
            descriptor: { name: 'jobs', description: 'd', unit: '1', valueType: 0 },
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.SUM,
            isMonotonic: true,
            dataPoints: [
              { attributes: { k: 'x' }, startTime: START, endTime: END, value: 0 },
              { attributes: { k: 'y' }, startTime: START, endTime: END, value: 7, exemplars },
            ] as never,
          },
        ],
      },
      {
        scope: { name: 'b' },
        metrics: [
          {
            descriptor: { name: 'lat', description: '', unit: 's', valueType: 1 },
            aggregationTemporality: AggregationTemporality.DELTA,
            dataPointType: DataPointType.HISTOGRAM,
            dataPoints: [
              {
                attributes: {},
                startTime: START,
                endTime: END,
                value: {
                  buckets: { boundaries: [1], counts: [1, 0] },
                  count: 1,
                  sum: 0.5,
                  min: 0.5,
                  max: 0.5,
                },
                exemplars: withExemplar
                  ? [{ filteredAttributes: {}, value: 0.5, timestamp: END }]
                  : [],
              },
            ] as never,
          },
        ],
      },
    ],
  };
}

describe('withExemplars', () => {
  it('sends the stock bytes untouched when no point carries an exemplar', () => {
    const plain = request(false);
    expect(withExemplars(ProtobufMetricsSerializer, 'protobuf').serializeRequest(plain)).toEqual(
      ProtobufMetricsSerializer.serializeRequest(plain),
    );
  });

  it('adds each point its exemplars, and keeps every other field exactly (protobuf)', () => {
    const data = request(true);
    const ours = decode(
      withExemplars(ProtobufMetricsSerializer, 'protobuf').serializeRequest(data)!,
    );
    const stock = decode(ProtobufMetricsSerializer.serializeRequest(data)!);
    const scopes = ours.resourceMetrics[0].scopeMetrics;
    const [x, y] = scopes[0].metrics[0].sum.dataPoints;
    expect(x.exemplars).toBeUndefined();
    expect(x.asInt).toBe('0');
    expect(y.startTimeUnixNano).toBe('1764000000123456789');
    expect(y.exemplars).toEqual([
      {
        filteredAttributes: [
          { key: 'user', value: { stringValue: 'u1', value: 'stringValue' } },
          { key: 'retries', value: { intValue: '2', value: 'intValue' } },
        ],
        timeUnixNano: '1764000030000000005',
        asInt: '7',
        value: 'asInt',
        traceId: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex').toString('base64'),
        spanId: Buffer.from('b7ad6b7169203331', 'hex').toString('base64'),
      },
    ]);
    const histogram = scopes[1].metrics[0].histogram.dataPoints[0];
    expect(histogram.exemplars).toEqual([
      {
        timeUnixNano: '1764000060987654321',
        asDouble: 0.5,
        value: 'asDouble',
      },
    ]);
    // Everything but the exemplars is what the stock serializer wrote.
    for (const point of [x, y, histogram]) delete point.exemplars;
    const stockScopes = stock.resourceMetrics[0].scopeMetrics;
    for (const point of [
      ...stockScopes[0].metrics[0].sum.dataPoints,
      ...stockScopes[1].metrics[0].histogram.dataPoints,
    ]) {
      delete point.exemplars;
    }
    expect(ours).toEqual(stock);
  });

  it('adds them in the OTLP JSON mapping (ids as hex, 64-bit integers as strings)', () => {
    const bytes = withExemplars(JsonMetricsSerializer, 'json').serializeRequest(request(true))!;
    const json = JSON.parse(new TextDecoder().decode(bytes));
    const y = json.resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[1];
    expect(y.exemplars).toEqual([
      {
        filteredAttributes: [
          { key: 'user', value: { stringValue: 'u1' } },
          { key: 'retries', value: { intValue: '2' } },
        ],
        timeUnixNano: '1764000030000000005',
        asInt: '7',
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
      },
    ]);
  });
});

describe('the generated OTLP descriptor', () => {
  it('is the checked-in opentelemetry-proto (regenerate with scripts/generate-proto.mjs)', () => {
    expect(JSON.parse(JSON.stringify(OTLP_DESCRIPTOR))).toEqual(otlpDescriptor());
  });
});
