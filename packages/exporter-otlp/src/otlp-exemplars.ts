import type { Attributes, AttributeValue, HrTime } from '@opentelemetry/api';
import type { ISerializer } from '@opentelemetry/otlp-transformer';
import { DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import protobuf from 'protobufjs/light.js';
import { exportRequestType } from './otlp-proto.js';

/** An exemplar as `@meterline/engine` attaches it to a data point's `exemplars`. */
interface ExemplarLike {
  readonly filteredAttributes: Attributes;
  readonly value: number;
  readonly timestamp: HrTime;
  readonly traceId?: string;
  readonly spanId?: string;
}

type Format = 'protobuf' | 'json';
type Json = Record<string, unknown>;

/**
 * `serializer` (the stock OTLP one, which writes every data point but never its exemplars), plus
 * the exemplars Meterline's engine attached to data points. When no point of a request carries
 * any, the stock bytes go out untouched. Otherwise the request is decoded with the official
 * opentelemetry-proto (or parsed, for JSON), each point's exemplars are set (points are matched
 * by position: the stock serializer writes every scope, metric and point in order, skipping none),
 * and it is encoded again.
 */
export function withExemplars<Response>(
  serializer: ISerializer<ResourceMetrics, Response>,
  format: Format,
): ISerializer<ResourceMetrics, Response> {
  return {
    serializeRequest(request) {
      const bytes = serializer.serializeRequest(request);
      if (bytes === undefined || !hasExemplars(request)) return bytes;
      if (format === 'json') {
        const message = JSON.parse(new TextDecoder().decode(bytes)) as Json;
        attach(message, request, (e, int) => jsonExemplar(e, int));
        return new TextEncoder().encode(JSON.stringify(message));
      }
      const type = exportRequestType();
      const message = type.decode(bytes) as unknown as Json;
      attach(message, request, (e, int) => protoExemplar(e, int));
      return type.encode(message).finish();
    },
    deserializeResponse: (data) => serializer.deserializeResponse(data),
  };
}

function exemplarsOf(point: object): readonly ExemplarLike[] | undefined {
  const exemplars = (point as { exemplars?: readonly ExemplarLike[] }).exemplars;
  return exemplars !== undefined && exemplars.length > 0 ? exemplars : undefined;
}

function hasExemplars(request: ResourceMetrics): boolean {
  return request.scopeMetrics.some((scope) =>
    scope.metrics.some((metric) =>
      (metric.dataPoints as object[]).some((point) => exemplarsOf(point) !== undefined),
    ),
  );
}

/** The OTLP field holding a metric's data, by data point type. */
const DATA_FIELD: Record<DataPointType, string> = {
  [DataPointType.GAUGE]: 'gauge',
  [DataPointType.SUM]: 'sum',
  [DataPointType.HISTOGRAM]: 'histogram',
  [DataPointType.EXPONENTIAL_HISTOGRAM]: 'exponentialHistogram',
};

function attach(
  message: Json,
  request: ResourceMetrics,
  convert: (exemplar: ExemplarLike, int: boolean) => Json,
): void {
  const scopes = ((message['resourceMetrics'] as Json[])[0]!['scopeMetrics'] ?? []) as Json[];
  request.scopeMetrics.forEach((scope, s) => {
    const metrics = (scopes[s]?.['metrics'] ?? []) as Json[];
    scope.metrics.forEach((metric: MetricData, m) => {
      const data = metrics[m]?.[DATA_FIELD[metric.dataPointType]] as Json | undefined;
      const points = (data?.['dataPoints'] ?? []) as Json[];
      // Histogram exemplars are doubles; sums and gauges follow the instrument's value type.
      const int =
        metric.descriptor.valueType === 0 &&
        (metric.dataPointType === DataPointType.SUM ||
          metric.dataPointType === DataPointType.GAUGE);
      (metric.dataPoints as object[]).forEach((point, p) => {
        const exemplars = exemplarsOf(point);
        if (exemplars && points[p]) points[p]['exemplars'] = exemplars.map((e) => convert(e, int));
      });
    });
  });
}

function nanos(time: HrTime): bigint {
  return BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
}

function protoExemplar(exemplar: ExemplarLike, int: boolean): Json {
  const time = nanos(exemplar.timestamp);
  const out: Json = {
    filteredAttributes: keyValues(exemplar.filteredAttributes, false),
    timeUnixNano: protobuf.util.LongBits.from(time.toString()).toLong(true),
  };
  if (int) out['asInt'] = protobuf.util.LongBits.from(Math.trunc(exemplar.value)).toLong(false);
  else out['asDouble'] = exemplar.value;
  if (exemplar.traceId && exemplar.spanId) {
    out['traceId'] = Buffer.from(exemplar.traceId, 'hex');
    out['spanId'] = Buffer.from(exemplar.spanId, 'hex');
  }
  return out;
}

/** The OTLP JSON mapping: 64-bit integers as decimal strings, ids as lowercase hex. */
function jsonExemplar(exemplar: ExemplarLike, int: boolean): Json {
  const out: Json = {
    filteredAttributes: keyValues(exemplar.filteredAttributes, true),
    timeUnixNano: nanos(exemplar.timestamp).toString(),
  };
  if (int) out['asInt'] = String(Math.trunc(exemplar.value));
  else out['asDouble'] = exemplar.value;
  if (exemplar.traceId && exemplar.spanId) {
    out['traceId'] = exemplar.traceId;
    out['spanId'] = exemplar.spanId;
  }
  return out;
}

function keyValues(attributes: Attributes, json: boolean): Json[] {
  const out: Json[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (value != null) out.push({ key, value: anyValue(value, json) });
  }
  return out;
}

function anyValue(value: AttributeValue, json: boolean): Json {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { doubleValue: value };
    return { intValue: json ? String(value) : protobuf.util.LongBits.from(value).toLong(false) };
  }
  const values = (value as readonly (string | number | boolean | null | undefined)[])
    .filter((v) => v != null)
    .map((v) => anyValue(v as AttributeValue, json));
  return { arrayValue: { values } };
}
