import { DataPointType, type Summary, type SummaryMetricData } from '@meterline/engine';
import type { Attributes, HrTime } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type {
  DataPoint,
  ExponentialHistogram,
  Histogram,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { InstrumentationScope } from '@opentelemetry/core';
import { canonicalNumber, escapeHelp, formatValue } from './escape.js';
import { ChunkBuffer } from './chunk-buffer.js';
import type { ChunkPool } from './chunk-pool.js';
import { exponentialToClassic } from './exponential.js';
import {
  isLegacyMetricName,
  metadataName,
  quoteName,
  seriesName,
  type NameEscaping,
} from './escaping.js';
import { asSummary, groupFamilies, type Family } from './families.js';
import { firstPoint, PointCursor } from './points.js';
import { braces, labelBlock, pairsBlock, reservedLabels, type LabelNaming } from './labels.js';
import type { NamingOptions } from './names.js';
import type { ExpositionFormat } from './negotiate.js';
import type { BaseUnitConversion } from './units.js';

/** How a collection becomes exposition text. */
export interface SerializeOptions extends NamingOptions {
  /** Prometheus text 0.0.4 or OpenMetrics 1.0. */
  readonly format: ExpositionFormat;
  /**
   * How names outside the legacy character set (UTF-8 translation strategies only) are served:
   * `allow-utf-8` quotes them (OpenMetrics only; text 0.0.4 always escapes), the others escape
   * them (see {@link NameEscaping}). @default 'underscores'
   */
  readonly escaping?: NameEscaping;
  /** Emit `target_info` with the resource attributes. @default true */
  readonly targetInfo?: boolean;
  /** Add `otel_scope_name` / `otel_scope_version` labels. @default true */
  readonly scopeLabels?: boolean;
  /** Hand a chunk over and yield to the event loop after this much work. @default 5 */
  readonly sliceMs?: number;
  /**
   * Hand a chunk over once this many bytes are pending, even within a slice, so gzip and the
   * socket start before the body is complete. @default 524288
   */
  readonly chunkBytes?: number;
  /**
   * Where chunk buffers come from: with a pool, a chunk's buffer is reused once the sink's owner
   * gives it back (`pool.release(chunk)`, when nothing reads the chunk any more), so a long body
   * does not allocate its whole size. Its buffers should hold `chunkBufferBytes(chunkBytes)`. @default none
   */
  readonly pool?: ChunkPool;
  /**
   * Schema (-4..8) of the fixed `le` bounds exponential histograms get where they are served as
   * classic histograms (both text formats): the powers of 2^(2^-schema). @default 3
   */
  readonly exponentialClassicSchema?: number;
  /**
   * OpenMetrics only: write a `_created` sample (the stream's start time, in seconds) for every
   * counter and histogram series, as OpenMetrics 1.0 asks. @default true
   */
  readonly createdSamples?: boolean;
  /**
   * Family names the exporter writes itself (its self-metrics); a stream that would take one is
   * dropped and reported, unless it is of `protectedScope`. `target`/`target_info` are protected
   * whenever `targetInfo` is on.
   * @default []
   */
  readonly protectedNames?: readonly string[];
  /**
   * The scope of the exporter's own instruments (`@meterline/exporter-prometheus`): its streams
   * may take `protectedNames`, and are served without scope labels. @default none
   */
  readonly protectedScope?: string;
}

/** What a serialization produced besides text. */
export interface SerializeResult {
  /** Series written (data points, target_info included). */
  readonly series: number;
  /** Streams that were dropped, one line each (name collisions). */
  readonly problems: readonly string[];
}

/**
 * Receives the exposition as UTF-8 chunks, in order; may return a promise to apply backpressure.
 * Chunks end on line boundaries, so each one decodes on its own. A chunk is not reused after it
 * is handed over, unless the serialization has a `pool` and the chunk is given back to it.
 */
export type ChunkSink = (chunk: Buffer) => void | Promise<void>;

/** An exemplar as OpenMetrics shows it; present on data points only when the SDK attaches them. */
interface ExemplarLike {
  readonly value: number;
  /** The data model's HrTime ([seconds, nanoseconds]); milliseconds since the epoch accepted. */
  readonly timestamp?: HrTime | number;
  readonly filteredAttributes?: Attributes;
  readonly traceId?: string;
  readonly spanId?: string;
}

const CHECK_EVERY = 64;
/** Text is encoded into the chunk buffer in pieces of about this many characters. */
const ENCODE_CHARS = 16 * 1024;

/** Bytes pending before a chunk goes to the sink within a slice. */
export const DEFAULT_CHUNK_BYTES = 512 * 1024;

/**
 * The size of a chunk's buffer: room for `chunkBytes` and the text that crosses it (up to
 * `CHECK_EVERY` series between two checks; larger pieces get a buffer of their own).
 */
export function chunkBufferBytes(chunkBytes: number): number {
  return chunkBytes + 256 * 1024;
}

/**
 * Work between two turns of the event loop, in collection and in serialization. 2 ms rather than
 * the 5 it was: a turn costs microseconds, and a pause of the garbage collector that lands in a
 * slice adds to it (a major collection after a burst of 100k new series took 10-17 ms here: with
 * 5 ms slices the first scrape blocked the loop for 21-26 ms, with 2 ms for 17-21 ms; section 2 of
 * docs/performance.md). Any other scrape's longest block went from about 10 ms to about 6.
 */
export const DEFAULT_SLICE_MS = 2;

/**
 * Writes a collection in the requested format, in slices: every ~`sliceMs` of work the text so far
 * goes to `sink` and the event loop gets a turn, so a 100k-series scrape does not block it; a chunk
 * also goes to `sink` whenever `chunkBytes` are pending (a sink's promise is awaited: backpressure).
 * Text is encoded to UTF-8 every few kilobytes (see {@link ChunkBuffer}), which keeps garbage
 * collection cheap however large the body.
 * Label blocks are built from each shape's label names, nothing kept per series (see `labelBlock`).
 *
 * Exponential histograms are written as classic histograms with fixed `le` bounds (the powers of
 * 2^(2^-exponentialClassicSchema), see `exponentialToClassic`): Prometheus stores them from either
 * text format, and no bound disappears when the aggregation rescales.
 */
export async function serialize(
  metrics: ResourceMetrics,
  options: SerializeOptions,
  sink: ChunkSink,
): Promise<SerializeResult> {
  const om = options.format === 'openmetrics';
  const created = om && (options.createdSamples ?? true);
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const encodeChars = Math.min(ENCODE_CHARS, chunkBytes);
  const bytes = new ChunkBuffer(chunkBufferBytes(chunkBytes), options.pool);
  let out = '';
  let series = 0;
  let sliceStart = performance.now();
  const maybeFlush = async () => {
    if (out.length >= encodeChars) {
      bytes.append(out);
      out = '';
    }
    if (bytes.length >= chunkBytes) {
      const pending = sink(bytes.take());
      if (pending) {
        await pending;
        sliceStart = performance.now();
      }
    }
    if (performance.now() - sliceStart < sliceMs) return;
    bytes.append(out);
    out = '';
    if (bytes.length > 0) await sink(bytes.take());
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };

  const escaping = om ? (options.escaping ?? 'underscores') : textEscaping(options.escaping);
  const labelNaming = labelNamingOf(options.translationStrategy, escaping);
  if (options.targetInfo ?? true) {
    const info = targetInfo(metrics.resource, om, labelNaming);
    if (info) {
      out += info;
      series++;
    }
  }
  const { families, problems } = groupFamilies(metrics, { ...options, escaping });
  const line: LineLabels = { block: '', pairs: '' };
  for (const family of families) {
    out += header(family, om);
    const reserved = reservedLabels(family.kind, options.scopeLabels !== false, labelNaming);
    // Only allow-utf-8 leaves names outside the legacy charset (see groupFamilies).
    const quote =
      escaping === 'allow-utf-8' &&
      !(isLegacyMetricName(family.names.family) && isLegacyMetricName(family.names.sample));
    // Series already written by an earlier member, when members may write the same ones.
    const servedBy = family.sharesSeries ? new Map<string, string>() : undefined;
    for (const member of family.members) {
      const scope = options.scopeLabels === false || family.own ? '' : scopeBlock(member.scope);
      const scopePairs = scope === '' ? '' : scope.slice(0, -1);
      const metric = member.metric;
      const sample = family.names.sample;
      const summary = asSummary(metric);
      const points = new PointCursor<{ readonly attributes: Attributes }>(
        summary ?? metric,
        reserved,
      );
      const sameStream = twinSeries(points, (attributes) =>
        problems.push(
          `instrument "${metric.descriptor.name}" of meter "${member.scope.name}": series with attributes ${attributes} dropped: ` +
            'an empty label value is the same series as no label, and another series has it',
        ),
      );
      const twins = !servedBy
        ? sameStream
        : () => {
            if (sameStream()) return true;
            const key = points.labels() + scope;
            const owner = servedBy.get(key);
            if (owner === undefined) {
              servedBy.set(key, metric.descriptor.name);
              return false;
            }
            problems.push(
              `instrument "${metric.descriptor.name}" of meter "${member.scope.name}": series with attributes ` +
                `${JSON.stringify(points.attributes()).slice(0, 200)} dropped: instrument "${owner}" serves it as ${sample} too`,
            );
            return true;
          };
      const convert = converter(member.conversion);
      const createdName =
        created && omKind(family) !== 'gauge' && omKind(family) !== 'unknown'
          ? `${family.names.family}_created`
          : '';
      if (summary) {
        while (points.next()) {
          if (twins()) continue;
          const point = points.point as SummaryMetricData['dataPoints'][number];
          fillShared(line, points, scope);
          out += summaryLines(sample, line, point.value, convert, quote);
          if (createdName) out += createdLine(createdName, line.pairs, point.startTime, quote);
          if (++series % CHECK_EVERY === 0) await maybeFlush();
        }
        continue;
      }
      switch (metric.dataPointType) {
        case DataPointType.SUM:
        case DataPointType.GAUGE:
          while (points.next()) {
            if (twins()) continue;
            const point = points.point as DataPoint<number>;
            const value = convert(point.value);
            if (family.kind === 'counter' && !(value >= 0)) {
              problems.push(
                `instrument "${metric.descriptor.name}" of meter "${member.scope.name}": series with attributes ` +
                  `${JSON.stringify(points.attributes()).slice(0, 200)} left out: ${formatValue(value)} is not a counter value`,
              );
              continue;
            }
            const pairs = linePairs(points, scope, scopePairs);
            out += `${seriesLine(sample, pairs, quote)} ${formatValue(value)}`;
            // OpenMetrics allows exemplars on counters and histogram buckets only.
            out +=
              om && family.kind === 'counter' ? `${exemplarOf(point, undefined, convert)}\n` : '\n';
            if (createdName) out += createdLine(createdName, pairs, point.startTime, quote);
            if (++series % CHECK_EVERY === 0) await maybeFlush();
          }
          break;
        case DataPointType.HISTOGRAM: {
          const bounds = firstPoint(metric)?.value.buckets.boundaries ?? [];
          const le = bounds.map((b) => canonicalNumber(convert(b)));
          le.push('+Inf');
          const negativeBounds = bounds.length > 0 && bounds[0]! < 0;
          while (points.next()) {
            if (twins()) continue;
            const point = points.point as DataPoint<Histogram>;
            fillShared(line, points, scope);
            out += histogram(sample, line, point.value, le, om, point, convert, {
              negativeBounds,
              quote,
            });
            if (createdName) out += createdLine(createdName, line.pairs, point.startTime, quote);
            if (++series % CHECK_EVERY === 0) await maybeFlush();
          }
          break;
        }
        case DataPointType.EXPONENTIAL_HISTOGRAM:
          while (points.next()) {
            if (twins()) continue;
            const point = points.point as DataPoint<ExponentialHistogram>;
            fillShared(line, points, scope);
            out += exponential(
              sample,
              line,
              point.value,
              convert,
              om,
              quote,
              options.exponentialClassicSchema,
            );
            if (createdName) out += createdLine(createdName, line.pairs, point.startTime, quote);
            if (++series % CHECK_EVERY === 0) await maybeFlush();
          }
          break;
      }
    }
  }
  if (om) out += '# EOF\n';
  bytes.append(out);
  await sink(bytes.take());
  return { series, problems };
}

/**
 * Tells, point by point in order, whether a point repeats the label block of an earlier point of
 * its stream (possible only once an empty label value was dropped: `{}` and `{k: ''}`), reporting
 * each repeat's attributes as JSON (cut to 200 characters). Until a point with a dropped empty
 * value comes, nothing is tracked: streams without one, nearly all, pay a cached lookup per point.
 */
export function twinSeries(
  points: PointCursor<{ readonly attributes: Attributes }>,
  report: (attributes: string) => void,
): () => boolean {
  let seen: Set<string> | undefined;
  return () => {
    const at = points.position;
    const block = points.labels();
    if (!seen) {
      if (!points.omitsEmptyLabel()) return false;
      seen = new Set();
      for (let j = 0; j < at; j++) seen.add(points.labelsAt(j));
    }
    if (seen.has(block)) {
      report(JSON.stringify(points.attributes()).slice(0, 200));
      return true;
    }
    seen.add(block);
    return false;
  };
}

/**
 * The current point's labels as the lines of a histogram or summary write them, with the member's
 * scope labels after its own: one object per serialization, refilled at each point by
 * {@link fillShared}.
 */
interface LineLabels {
  /** `k="v",` pairs with a trailing comma ('' for none): for `name{block le="...`. */
  block: string;
  /** The same pairs without the trailing comma, for `name{pairs}`. */
  pairs: string;
}

/**
 * The pairs of the cursor's current point (its labels, then the member's scope labels) without
 * the trailing comma, for a point whose labels one line writes (a sum or a gauge). `scopePairs` is
 * `scope` without its trailing comma. Put together from pieces, never cut from the block: `slice`
 * on a concatenated string first copies it into one flat string, which a single line pays for
 * twice (a fifth of the exposition's time at 100k key-held counters, when a line's braces were cut
 * from its block).
 */
function linePairs(
  points: PointCursor<{ readonly attributes: Attributes }>,
  scope: string,
  scopePairs: string,
): string {
  return scope === '' ? points.pairs() : points.labels() + scopePairs;
}

/**
 * Fills `line` for a point whose labels many lines write (a histogram's buckets, a summary's
 * quantiles): here the pairs are cut from the block, because that `slice` turns the block into one
 * flat string once, and every line that holds it is then written without walking its pieces again
 * (with pairs put together as {@link linePairs} does, 10k histograms took half as long again).
 */
function fillShared(
  line: LineLabels,
  points: PointCursor<{ readonly attributes: Attributes }>,
  scope: string,
): void {
  const block = points.labels() + scope;
  line.block = block;
  line.pairs = block === '' ? '' : block.slice(0, -1);
}

/** `# HELP` / `# TYPE` (and `# UNIT` in OpenMetrics) of a family. */
export function header(family: Family, om: boolean): string {
  const help = escapeHelp(family.help || family.members[0]!.metric.descriptor.name, om);
  if (om) {
    const name = metadataName(family.names.family);
    const unit = family.names.unit ? `# UNIT ${name} ${family.names.unit}\n` : '';
    return `# TYPE ${name} ${omKind(family)}\n${unit}# HELP ${name} ${help}\n`;
  }
  const name = metadataName(family.names.sample);
  return `# HELP ${name} ${help}\n# TYPE ${name} ${family.kind}\n`;
}

/** Text 0.0.4 cannot quote names: `allow-utf-8` falls back to `underscores` there. */
function textEscaping(escaping: NameEscaping | undefined): NameEscaping {
  return escaping === undefined || escaping === 'allow-utf-8' ? 'underscores' : escaping;
}

/**
 * The OpenMetrics type of a family: a counter served without `_total` (`totalSuffix: false`) is
 * `unknown` there, since OpenMetrics counter samples must end in `_total`; the name stays the same.
 */
function omKind(family: Family): string {
  return family.kind === 'counter' && family.names.sample === family.names.family
    ? 'unknown'
    : family.kind;
}

function histogram(
  name: string,
  line: LineLabels,
  value: Histogram,
  le: readonly string[],
  om: boolean,
  point: object,
  convert: (v: number) => number,
  { negativeBounds, quote }: { negativeBounds: boolean; quote: boolean },
): string {
  const prefix = bucketPrefix(name, line.block, quote);
  let out = '';
  let cumulative = 0;
  const counts = value.buckets.counts;
  const exemplars = om ? exemplarsOf(point) : undefined;
  const bounds = value.buckets.boundaries;
  for (let i = 0; i < counts.length; i++) {
    cumulative += counts[i]!;
    out += `${prefix}${le[i]}"} ${cumulative}`;
    if (exemplars) {
      const upper = i < bounds.length ? bounds[i]! : Infinity;
      const lower = i === 0 ? -Infinity : bounds[i - 1]!;
      out += exemplarOf(point, (e) => e.value > lower && e.value <= upper, convert);
    }
    out += '\n';
  }
  const sum = om && negativeBounds ? undefined : value.sum;
  return out + sumAndCount(name, line.pairs, sum, value.count, convert, om, quote);
}

function exponential(
  name: string,
  line: LineLabels,
  value: ExponentialHistogram,
  convert: (v: number) => number,
  om: boolean,
  quote: boolean,
  schema: number | undefined,
): string {
  const { bounds, cumulative } = exponentialToClassic(value, schema);
  const prefix = bucketPrefix(name, line.block, quote);
  let out = '';
  for (let i = 0; i < bounds.length; i++) {
    out += `${prefix}${canonicalNumber(convert(bounds[i]!))}"} ${cumulative[i]}\n`;
  }
  out += `${prefix}+Inf"} ${value.count}\n`;
  const sum = om && bounds.length > 0 && bounds[0]! < 0 ? undefined : value.sum;
  return out + sumAndCount(name, line.pairs, sum, value.count, convert, om, quote);
}

/**
 * A summary's samples: one per objective with its `quantile` label (NaN while the window is
 * empty, as client_golang writes it), then `_sum` and `_count`.
 */
function summaryLines(
  name: string,
  line: LineLabels,
  value: Summary,
  convert: (v: number) => number,
  quote: boolean,
): string {
  const { block, pairs } = line;
  const prefix = quote ? `{${quoteName(name)},${block}quantile="` : `${name}{${block}quantile="`;
  let out = '';
  for (const q of value.quantiles) {
    out += `${prefix}${canonicalNumber(q.quantile)}"} ${formatValue(convert(q.value))}\n`;
  }
  out += `${seriesLine(`${name}_sum`, pairs, quote)} ${formatValue(convert(value.sum))}\n`;
  return `${out}${seriesLine(`${name}_count`, pairs, quote)} ${value.count}\n`;
}

/**
 * `_sum` (left out when the SDK kept no sum: instruments that may record negative values) and
 * `_count`. OpenMetrics 1.0 has `_count` if and only if there is a `_sum`, and a `_sum` only when it
 * can be a counter (not NaN, not negative, no negative bucket: callers pass `undefined` then), so
 * there a histogram without a sum has neither: the `+Inf` bucket holds its count. Text 0.0.4
 * keeps `_count` always, as Prometheus's OTLP receiver stores it.
 */
function sumAndCount(
  name: string,
  pairs: string,
  sum: number | undefined,
  count: number,
  convert: (v: number) => number,
  om: boolean,
  quote: boolean,
) {
  const converted = sum === undefined ? undefined : convert(sum);
  if (om && !(converted !== undefined && converted >= 0)) return '';
  const sumLine =
    converted === undefined
      ? ''
      : `${seriesLine(`${name}_sum`, pairs, quote)} ${formatValue(converted)}\n`;
  return `${sumLine}${seriesLine(`${name}_count`, pairs, quote)} ${count}\n`;
}

/** OpenMetrics `_created`: when the series started counting, in seconds since the epoch. */
function createdLine(name: string, pairs: string, start: HrTime, quote: boolean): string {
  return `${seriesLine(name, pairs, quote)} ${startSeconds(start)}\n`;
}

// The points of a stream usually share one start time: format it once.
let lastStartS = Number.NaN;
let lastStartNs = Number.NaN;
let lastStartText = '';

function startSeconds(start: HrTime): string {
  if (start[0] !== lastStartS || start[1] !== lastStartNs) {
    lastStartS = start[0];
    lastStartNs = start[1];
    lastStartText = formatValue(start[0] + start[1] / 1e9);
  }
  return lastStartText;
}

/** `name_bucket{labels,le="` (or `{"name_bucket",labels,le="` for a UTF-8 name). */
function bucketPrefix(name: string, labels: string, quote: boolean): string {
  return quote ? `{${quoteName(`${name}_bucket`)},${labels}le="` : `${name}_bucket{${labels}le="`;
}

/**
 * A series name with its label pairs (a block without its trailing comma). `quote` is decided
 * once per family (a UTF-8 name served with `allow-utf-8`), so the legacy path costs what it
 * always did.
 */
function seriesLine(name: string, pairs: string, quote: boolean): string {
  if (quote) return seriesName(name, pairs);
  return pairs === '' ? name : `${name}{${pairs}}`;
}

const identity = (v: number) => v;

/** Value conversion to the base unit; division first so 12 ms / 1000 is exactly 0.012. */
export function converter(conversion: BaseUnitConversion | undefined): (v: number) => number {
  if (!conversion) return identity;
  const { divide, multiply } = conversion;
  return (v) => (v / divide) * multiply;
}

function exemplarsOf(point: object): readonly ExemplarLike[] | undefined {
  const exemplars = (point as { exemplars?: readonly ExemplarLike[] }).exemplars;
  return exemplars && exemplars.length > 0 ? exemplars : undefined;
}

/**
 * ` # {trace_id="…",span_id="…"} value timestamp` for the last matching exemplar, or ''. The
 * value in the family's unit (the sample's conversion), the timestamp in seconds.
 */
function exemplarOf(
  point: object,
  match: ((e: ExemplarLike) => boolean) | undefined,
  convert: (v: number) => number,
): string {
  const exemplars = exemplarsOf(point);
  if (!exemplars) return '';
  let chosen: ExemplarLike | undefined;
  for (const e of exemplars) if (!match || match(e)) chosen = e;
  if (!chosen) return '';
  const pairs: [string, string][] = [];
  if (chosen.traceId) pairs.push(['trace_id', chosen.traceId]);
  if (chosen.spanId) pairs.push(['span_id', chosen.spanId]);
  const block = pairsBlock(pairs) + labelBlock(chosen.filteredAttributes ?? {});
  const time = chosen.timestamp === undefined ? '' : ` ${seconds(chosen.timestamp)}`;
  return ` # {${block.slice(0, -1)}} ${formatValue(convert(chosen.value))}${time}`;
}

/** An exemplar timestamp in seconds: the data model's HrTime, or milliseconds since the epoch. */
function seconds(timestamp: HrTime | number): string {
  if (typeof timestamp === 'number') return String(timestamp / 1000);
  return `${timestamp[0]}.${String(timestamp[1]).padStart(9, '0')}`;
}

const scopeCache = new WeakMap<InstrumentationScope, string>();

export function scopeBlock(scope: InstrumentationScope): string {
  let block = scopeCache.get(scope);
  if (block === undefined) {
    const pairs: [string, string][] = [['otel_scope_name', scope.name]];
    if (scope.version) pairs.push(['otel_scope_version', scope.version]);
    block = pairsBlock(pairs);
    scopeCache.set(scope, block);
  }
  return block;
}

/**
 * How attribute keys become label names: as given with a UTF-8 strategy (escaped with the
 * scraper's scheme when it asked for one), the Collector's legacy rule otherwise.
 */
export function labelNamingOf(
  strategy: SerializeOptions['translationStrategy'],
  escaping: NameEscaping,
): LabelNaming {
  return strategy === 'NoUTF8EscapingWithSuffixes' || strategy === 'NoTranslation'
    ? escaping
    : 'legacy';
}

/** `target_info`: the resource's attributes as labels, named like every series' labels. */
function targetInfo(resource: Resource, om: boolean, naming: LabelNaming): string {
  const block = labelBlock(resource.attributes, reservedLabels('gauge', false, naming));
  if (block === '') return '';
  const sample = `target_info${braces(block)} 1\n`;
  return om
    ? `# TYPE target info\n# HELP target Target metadata\n${sample}`
    : `# HELP target_info Target metadata\n# TYPE target_info gauge\n${sample}`;
}
