import type { SummaryMetricData } from '@meterline/engine';
import type { Attributes, HrTime } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import {
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { exponentialToClassic } from '../exponential.js';
import { asSummary, groupFamilies, type Family } from '../families.js';
import { PointCursor } from '../points.js';
import { labelBlock, reservedLabels } from '../labels.js';
import { toNativeHistogram, type NativeBuckets } from '../native-histogram.js';
import {
  converter,
  DEFAULT_SLICE_MS,
  labelNamingOf,
  scopeBlock,
  twinSeries,
  type ChunkSink,
  type SerializeOptions,
  type SerializeResult,
} from '../serialize.js';
import { exemplarsOf, lastExemplar, toProtoExemplar } from './exemplars.js';
import { labelPairs, parseBlock, type LabelPair } from './label-pairs.js';
import { METRIC_FIELD, MetricFamilyType, MetricType, PROTO_TYPE, Writer } from './metrics-proto.js';

/** A `MetricFamily` message as plain fields (names as in metrics.proto). */
export interface ProtoFamily {
  readonly name: string;
  readonly help: string;
  readonly type: number;
  readonly unit?: string;
  readonly metric: readonly object[];
}

/** Options of {@link serializeProtobuf}: those of the text formats, less the text-only ones. */
export type ProtobufSerializeOptions = Omit<SerializeOptions, 'format'>;

const CHECK_EVERY = 64;
const METRIC_TAG = (METRIC_FIELD << 3) | 2;

/**
 * Writes a collection as the Prometheus protobuf exposition
 * (`application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited`):
 * length-delimited `MetricFamily` messages, encoded by protobufjs from the official metrics.proto.
 *
 * Families, names, labels and collision handling are those of the text formats (`groupFamilies`,
 * `labelBlock`), so a series has the same identity whichever format a scraper asks for. Counters
 * carry their start time as `created_timestamp`; exponential histograms become native histograms
 * (see `toNativeHistogram`), or classic buckets at scales below -4; explicit-bucket histograms stay
 * classic.
 *
 * Like `serialize`, it works in slices of about `sliceMs` and yields to the event loop in
 * between; bytes go to `sink` at family boundaries once `chunkBytes` are pending (a family is one
 * message, so one very large family is handed over whole).
 */
export async function serializeProtobuf(
  metrics: ResourceMetrics,
  options: ProtobufSerializeOptions,
  sink: ChunkSink,
): Promise<SerializeResult> {
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const chunkBytes = options.chunkBytes ?? 512 * 1024;
  const writer = Writer.create();
  let series = 0;
  let sliceStart = performance.now();
  const flush = async () => {
    const bytes = writer.finish();
    // finish() leaves the content in place; reset() at the top level empties the writer.
    writer.reset();
    if (bytes.length > 0) await sink(asBuffer(bytes));
  };
  const maybeYield = async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
  const endFamily = async () => {
    writer.ldelim();
    if (writer.len >= chunkBytes || performance.now() - sliceStart >= sliceMs) await flush();
    await maybeYield();
  };

  // Names as the scraper's `escaping` asks (a UTF-8 strategy and `allow-utf-8`: as they are; no
  // quoting is needed in protobuf), underscore-escaped otherwise.
  const escaping = options.escaping ?? 'underscores';
  const labelNaming = labelNamingOf(options.translationStrategy, escaping);
  if (options.targetInfo ?? true) {
    const labels = parseBlock(
      labelBlock(metrics.resource.attributes, reservedLabels('gauge', false, labelNaming)),
    );
    if (labels.length > 0) {
      startFamily(writer, { name: 'target_info', help: 'Target metadata', type: PROTO_TYPE.GAUGE });
      writeMetric(writer, { label: labels, gauge: { value: 1 } });
      series++;
      await endFamily();
    }
  }
  const { families, problems } = groupFamilies(metrics, { ...options, escaping });
  for (const family of families) {
    startFamily(writer, familyHeader(family));
    const reserved = reservedLabels(family.kind, options.scopeLabels !== false, labelNaming);
    const classicSchema = options.exponentialClassicSchema;
    for (const member of family.members) {
      const scope =
        options.scopeLabels === false || family.own ? NO_PAIRS : scopePairs(member.scope);
      const metric = member.metric;
      const summary = asSummary(metric);
      const points = new PointCursor<{ readonly attributes: Attributes }>(
        summary ?? metric,
        reserved,
      );
      const twins = twinSeries(points, (attributes) =>
        problems.push(
          `instrument "${metric.descriptor.name}" of meter "${member.scope.name}": series with attributes ${attributes} dropped: ` +
            'an empty label value is the same series as no label, and another series has it',
        ),
      );
      const conversion = family.names.conversion;
      const convert = converter(conversion);
      const log2Factor = conversion ? Math.log2(conversion.multiply / conversion.divide) : 0;
      while (points.next()) {
        if (twins()) continue;
        const point = points.point as MetricData['dataPoints'][number];
        // A key-held series' pairs are read from its block (a set built for the occasion would be
        // a new entry of labelPairs' cache at every scrape).
        const pairs = points.keyed()
          ? parseBlock(points.labels())
          : labelPairs(point.attributes, reserved);
        const label = scope.length === 0 ? pairs : [...pairs, ...scope];
        let message: object;
        if (summary) {
          message = { label, summary: summaryMessage(point as unknown as SummaryPoint, convert) };
          writeMetric(writer, message);
          if (++series % CHECK_EVERY === 0) await maybeYield();
          continue;
        }
        switch (metric.dataPointType) {
          case DataPointType.SUM:
            message = metric.isMonotonic
              ? {
                  label,
                  counter: withExemplar(
                    {
                      value: convert(point.value as number),
                      created_timestamp: timestamp(point.startTime),
                    },
                    lastExemplar(point, convert),
                  ),
                }
              : { label, gauge: { value: convert(point.value as number) } };
            break;
          case DataPointType.GAUGE:
            message = { label, gauge: { value: convert(point.value as number) } };
            break;
          case DataPointType.HISTOGRAM:
            message = {
              label,
              histogram: classic(point.value as Histogram, convert, point.startTime, point),
            };
            break;
          case DataPointType.EXPONENTIAL_HISTOGRAM:
            message = {
              label,
              histogram: exponential(
                point.value as ExponentialHistogram,
                convert,
                log2Factor,
                classicSchema,
                point.startTime,
                point,
              ),
            };
            break;
        }
        writeMetric(writer, message);
        if (++series % CHECK_EVERY === 0) await maybeYield();
      }
    }
    await endFamily();
  }
  await flush();
  return { series, problems };
}

/** Opens a length-delimited family and writes its name, help, type and unit. */
function startFamily(writer: Writer, family: Omit<ProtoFamily, 'metric'>): void {
  const { name, help, type, unit } = family;
  MetricFamilyType.encode(
    unit === undefined ? { name, help, type } : { name, help, type, unit },
    writer.fork(),
  );
}

/** Appends one `Metric` to the open family (repeated field: appending is encoding it). */
function writeMetric(writer: Writer, metric: object): void {
  MetricType.encode(metric, writer.uint32(METRIC_TAG).fork()).ldelim();
}

function familyHeader(family: Family): Omit<ProtoFamily, 'metric'> {
  const type =
    family.kind === 'counter'
      ? PROTO_TYPE.COUNTER
      : family.kind === 'gauge'
        ? PROTO_TYPE.GAUGE
        : family.kind === 'summary'
          ? PROTO_TYPE.SUMMARY
          : PROTO_TYPE.HISTOGRAM;
  const help = family.help || family.members[0]!.metric.descriptor.name;
  const header = { name: family.names.sample, help, type };
  return family.names.unit ? { ...header, unit: family.names.unit } : header;
}

type SummaryPoint = SummaryMetricData['dataPoints'][number];

/** `io.prometheus.client.Summary`: count, sum, the objectives' quantiles and the start time. */
function summaryMessage(point: SummaryPoint, convert: (v: number) => number): object {
  const { count, sum, quantiles } = point.value;
  return {
    sample_count: count,
    sample_sum: convert(sum),
    quantile: quantiles.map((q) => ({ quantile: q.quantile, value: convert(q.value) })),
    created_timestamp: timestamp(point.startTime),
  };
}

function classic(
  value: Histogram,
  convert: (v: number) => number,
  start: HrTime,
  point: object,
): object {
  const bounds = value.buckets.boundaries;
  const counts = value.buckets.counts;
  const bucket: object[] = [];
  const exemplars = exemplarsOf(point) !== undefined;
  let cumulative = 0;
  // The +Inf bucket is optional in protobuf: sample_count is its count.
  for (let i = 0; i < bounds.length; i++) {
    cumulative += counts[i]!;
    const upper = bounds[i]!;
    const lower = i === 0 ? -Infinity : bounds[i - 1]!;
    bucket.push(
      withExemplar(
        { cumulative_count: cumulative, upper_bound: convert(upper) },
        exemplars ? lastExemplar(point, convert, (v) => v > lower && v <= upper) : undefined,
      ),
    );
  }
  return withSum(
    { sample_count: value.count, bucket, created_timestamp: timestamp(start) },
    value.sum,
    convert,
  );
}

function exponential(
  value: ExponentialHistogram,
  convert: (v: number) => number,
  log2Factor: number,
  classicSchema: number | undefined,
  start: HrTime,
  point: object,
): object {
  const native = toNativeHistogram(value, log2Factor);
  if (!native) {
    const { bounds, cumulative } = exponentialToClassic(value, classicSchema);
    const bucket = bounds.map((b, i) => ({
      cumulative_count: cumulative[i],
      upper_bound: convert(b),
    }));
    return withSum(
      { sample_count: value.count, bucket, created_timestamp: timestamp(start) },
      value.sum,
      convert,
    );
  }
  const empty = native.positive.spans.length === 0 && native.negative.spans.length === 0;
  return withSum(
    {
      sample_count: value.count,
      created_timestamp: timestamp(start),
      schema: native.schema,
      // OTel's zero bucket holds exact zeros only.
      zero_threshold: 0,
      zero_count: native.zeroCount,
      ...sign('negative', native.negative),
      // A histogram with no bucket yet needs a no-op span, or it reads as a classic one.
      ...(empty
        ? { positive_span: [{ offset: 0, length: 0 }] }
        : sign('positive', native.positive)),
      ...nativeExemplars(point, convert),
    },
    value.sum,
    convert,
  );
}

function sign(which: 'positive' | 'negative', buckets: NativeBuckets): object {
  if (buckets.spans.length === 0) return {};
  return { [`${which}_span`]: buckets.spans, [`${which}_delta`]: buckets.deltas };
}

/** Exemplars of a native histogram: Prometheus takes only those with a timestamp. */
function nativeExemplars(point: object, convert: (v: number) => number): object {
  const exemplars = exemplarsOf(point)
    ?.filter((e) => e.timestamp !== undefined)
    .map((e) => toProtoExemplar(e, convert));
  return exemplars && exemplars.length > 0 ? { exemplars } : {};
}

function withExemplar(message: object, exemplar: object | undefined): object {
  return exemplar ? { ...message, exemplar } : message;
}

/** Adds `sample_sum` unless the SDK kept no sum (histograms of negative recordings). */
function withSum(
  histogram: object,
  sum: number | undefined,
  convert: (v: number) => number,
): object {
  return sum === undefined ? histogram : { ...histogram, sample_sum: convert(sum) };
}

/** `google.protobuf.Timestamp` of an HrTime. */
function timestamp(time: HrTime): { seconds: number; nanos: number } {
  return { seconds: time[0], nanos: time[1] };
}

const NO_PAIRS: readonly LabelPair[] = [];
const scopeCache = new WeakMap<InstrumentationScope, readonly LabelPair[]>();

function scopePairs(scope: InstrumentationScope): readonly LabelPair[] {
  let pairs = scopeCache.get(scope);
  if (pairs === undefined) {
    pairs = parseBlock(scopeBlock(scope));
    scopeCache.set(scope, pairs);
  }
  return pairs;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
