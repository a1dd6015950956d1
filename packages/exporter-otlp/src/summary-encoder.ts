import { isSummaryMetricData, type SummaryMetricData } from '@meterline/engine';
import type { Attributes, AttributeValue, HrTime } from '@opentelemetry/api';
import type { IExportMetricsServiceResponse, ISerializer } from '@opentelemetry/otlp-transformer';
import type { MetricData, ResourceMetrics, ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { exportRequestType } from './otlp-proto.js';

/**
 * The engine's summaries in OTLP. The stock transformer (otlp-transformer 0.301) knows sums,
 * gauges and histograms only: it would send a summary as a metric without data. So the request is
 * split: the stock serializer encodes everything else as always, and the summaries are encoded
 * here, as `Summary` points (`quantile_values`, `count`, `sum`), into a second
 * `ExportMetricsServiceRequest` for the same resource that is merged into the first:
 *
 * - protobuf (HTTP and gRPC): the two encodings are concatenated. Concatenating two messages of
 *   one type is, by the protobuf encoding's definition, the message with both repeated
 *   `resource_metrics` lists; the encoder is protobufjs with the official OTLP .proto (`proto/`,
 *   compiled into `otlp-descriptor.ts`).
 * - JSON: the summary `ResourceMetrics` (OTLP/JSON mapping) is appended to the request's list.
 *
 * A batch without summaries goes through the stock serializer untouched.
 */
export function withSummaries(
  serializer: ISerializer<ResourceMetrics, IExportMetricsServiceResponse>,
  encoding: 'protobuf' | 'json',
): ISerializer<ResourceMetrics, IExportMetricsServiceResponse> {
  return {
    serializeRequest(request) {
      const { rest, summaries } = splitSummaries(request);
      if (summaries.length === 0) return serializer.serializeRequest(request);
      const extra = summaryResourceMetrics(request, summaries);
      const stock = rest.scopeMetrics.length > 0 ? serializer.serializeRequest(rest) : undefined;
      return encoding === 'protobuf' ? mergeProtobuf(stock, extra) : mergeJson(stock, extra);
    },
    deserializeResponse: (data) => serializer.deserializeResponse(data),
  };
}

/** The request without its summaries, and the summaries by scope. */
export function splitSummaries(request: ResourceMetrics): {
  rest: ResourceMetrics;
  summaries: { scope: ScopeMetrics['scope']; metrics: SummaryMetricData[] }[];
} {
  const summaries: { scope: ScopeMetrics['scope']; metrics: SummaryMetricData[] }[] = [];
  const scopeMetrics: ScopeMetrics[] = [];
  for (const scope of request.scopeMetrics) {
    const found: SummaryMetricData[] = [];
    const others: MetricData[] = [];
    for (const metric of scope.metrics) {
      const data = metric as MetricData | SummaryMetricData;
      if (isSummaryMetricData(data)) found.push(data);
      else others.push(metric);
    }
    if (found.length > 0) summaries.push({ scope: scope.scope, metrics: found });
    if (others.length > 0)
      scopeMetrics.push(found.length > 0 ? { ...scope, metrics: others } : scope);
  }
  return { rest: summaries.length > 0 ? { ...request, scopeMetrics } : request, summaries };
}

/** One `ResourceMetrics` in the OTLP/JSON mapping (int64 as decimal strings, NaN as "NaN"). */
function summaryResourceMetrics(
  request: ResourceMetrics,
  summaries: ReturnType<typeof splitSummaries>['summaries'],
): object {
  return {
    resource: { attributes: keyValues(request.resource.attributes) },
    scopeMetrics: summaries.map(({ scope, metrics }) => ({
      scope: { name: scope.name, ...(scope.version ? { version: scope.version } : {}) },
      ...(scope.schemaUrl ? { schemaUrl: scope.schemaUrl } : {}),
      metrics: metrics.map((metric) => ({
        name: metric.descriptor.name,
        description: metric.descriptor.description,
        unit: metric.descriptor.unit,
        summary: {
          dataPoints: metric.dataPoints.map((point) => ({
            attributes: keyValues(point.attributes),
            startTimeUnixNano: nanos(point.startTime),
            timeUnixNano: nanos(point.endTime),
            count: String(point.value.count),
            sum: double(point.value.sum),
            quantileValues: point.value.quantiles.map((q) => ({
              quantile: q.quantile,
              value: double(q.value),
            })),
          })),
        },
      })),
    })),
  };
}

function nanos(time: HrTime): string {
  return (BigInt(time[0]) * 1_000_000_000n + BigInt(time[1])).toString();
}

/** proto3 JSON writes NaN and the infinities as strings; protobufjs reads them back alike. */
function double(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

function keyValues(attributes: Attributes): object[] {
  const out: object[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    out.push({ key, value: anyValue(value) });
  }
  return out;
}

/** As the stock transformer maps attribute values (integers as intValue). */
function anyValue(value: AttributeValue | null | undefined): object {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: double(value) };
  }
  if (Array.isArray(value)) return { arrayValue: { values: value.map((v) => anyValue(v)) } };
  return {};
}

function mergeProtobuf(stock: Uint8Array | undefined, extra: object): Uint8Array {
  const type = exportRequestType();
  const message = type.fromObject({ resourceMetrics: [extra] });
  const bytes = type.encode(message).finish();
  if (!stock) return bytes;
  const merged = new Uint8Array(stock.length + bytes.length);
  merged.set(stock, 0);
  merged.set(bytes, stock.length);
  return merged;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function mergeJson(stock: Uint8Array | undefined, extra: object): Uint8Array {
  const request = stock
    ? (JSON.parse(decoder.decode(stock)) as { resourceMetrics?: object[] })
    : { resourceMetrics: [] };
  (request.resourceMetrics ??= []).push(extra);
  return encoder.encode(JSON.stringify(request));
}
