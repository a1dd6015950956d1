import { isSummaryMetricData, type SummaryMetricData } from '@meterline/engine';
import { Point } from '@influxdata/influxdb-client';
import type { Attributes, HrTime } from '@opentelemetry/api';
import {
  DataPointType,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** What {@link toLineProtocol} produced, and what it had to leave out. */
export interface LineProtocolBatch {
  /** One line per point, no trailing newline. */
  readonly lines: string[];
  /** Metrics not written, with why (exponential histograms, non-finite values). */
  readonly skipped: string[];
}

/** Options of {@link toLineProtocol}. */
export interface LineProtocolOptions {
  /** Resource attributes written as tags when present. @default [] */
  readonly resourceTags?: readonly string[];
}

// Millisecond timestamps: the write URL says `precision=ms`.
const settings = {
  convertTime: (value: unknown) => (value === undefined ? undefined : String(value)),
};

/**
 * Maps one collection to InfluxDB line protocol in the schema Telegraf's Prometheus input
 * (`metric_version = 1`) and the OpenTelemetry Collector's InfluxDB exporter
 * (`telegraf-prometheus-v1`) use, so existing dashboards read it:
 * - measurement: the metric name; tags: the point's attributes plus `resourceTags`;
 * - monotonic sum: field `counter`; gauge and non-monotonic sum: field `gauge`;
 * - histogram: fields `count`, `sum` and one per bucket bound (`0.005`, …, `+Inf`), cumulative;
 * - summary (the engine's): fields `count`, `sum` and one per quantile (`0.5`, `0.99`), as
 *   Telegraf writes a Prometheus summary; a quantile with no value yet (NaN) is left out;
 * - timestamp: the point's end time in milliseconds.
 *
 * Serialisation and escaping are `@influxdata/influxdb-client`'s `Point` (spaces, commas, equals
 * signs; control characters as `\n`, `\t`). Two things no spelling round-trips are fixed here
 * first: a backslash followed by a backslash, space, comma or equals sign, or ending a key or
 * value, becomes `_` (InfluxDB 1.x keeps `\\` as two characters and lets a backslash escape what
 * follows, while InfluxDB 2.x and VictoriaMetrics read `\\` as one; the client escapes neither),
 * and empty tag values are left out (line protocol has no empty tag).
 */
export function toLineProtocol(
  resourceMetrics: ResourceMetrics,
  options: LineProtocolOptions = {},
): LineProtocolBatch {
  const lines: string[] = [];
  const skipped: string[] = [];
  const resourceTags: Record<string, string> = {};
  for (const key of options.resourceTags ?? []) {
    const value = resourceMetrics.resource.attributes[key];
    if (value !== undefined && value !== null) resourceTags[key] = String(value);
  }
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      try {
        writeMetric(metric, resourceTags, lines);
      } catch (error) {
        skipped.push(`${metric.descriptor.name}: ${(error as Error).message}`);
      }
    }
  }
  return { lines, skipped };
}

function writeMetric(metric: MetricData, resourceTags: Record<string, string>, out: string[]) {
  const summary = metric as MetricData | SummaryMetricData;
  if (isSummaryMetricData(summary)) {
    writeSummary(summary, resourceTags, out);
    return;
  }
  const name = safe(metric.descriptor.name);
  for (const point of metric.dataPoints) {
    const p = new Point(name);
    tag(p, resourceTags);
    tag(p, point.attributes);
    switch (metric.dataPointType) {
      case DataPointType.SUM:
        p.floatField(metric.isMonotonic ? 'counter' : 'gauge', point.value as number);
        break;
      case DataPointType.GAUGE:
        p.floatField('gauge', point.value as number);
        break;
      case DataPointType.HISTOGRAM: {
        const h = point.value as Histogram;
        p.floatField('count', h.count).floatField('sum', h.sum ?? 0);
        let cumulative = 0;
        h.buckets.counts.forEach((count, i) => {
          cumulative += count;
          const le = h.buckets.boundaries[i];
          p.floatField(le === undefined ? '+Inf' : String(le), cumulative);
        });
        break;
      }
      default:
        throw new Error('exponential histograms have no line-protocol mapping; use a view');
    }
    p.timestamp(milliseconds(point.endTime));
    const line = p.toLineProtocol(settings);
    if (line) out.push(line);
  }
}

function writeSummary(
  metric: SummaryMetricData,
  resourceTags: Record<string, string>,
  out: string[],
) {
  const name = safe(metric.descriptor.name);
  for (const point of metric.dataPoints) {
    const p = new Point(name);
    tag(p, resourceTags);
    tag(p, point.attributes);
    p.floatField('count', point.value.count).floatField('sum', point.value.sum);
    for (const q of point.value.quantiles) {
      if (Number.isFinite(q.value)) p.floatField(String(q.quantile), q.value);
    }
    p.timestamp(milliseconds(point.endTime));
    const line = p.toLineProtocol(settings);
    if (line) out.push(line);
  }
}

function tag(point: Point, attributes: Attributes | Record<string, string>) {
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? JSON.stringify(value) : String(value);
    if (text === '' || key === '') continue;
    point.tag(safe(key), safe(text));
  }
}

/** Backslashes that InfluxDB 1.x and 2.x / VictoriaMetrics would read differently become `_`. */
export function safe(text: string): string {
  return text.replace(/\\(?=[\\ ,=]|$)/g, '_');
}

function milliseconds(time: HrTime): number {
  return time[0] * 1000 + Math.floor(time[1] / 1e6);
}
