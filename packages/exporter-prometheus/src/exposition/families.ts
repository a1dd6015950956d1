import { DataPointType, isSummaryMetricData, type SummaryMetricData } from '@meterline/engine';
import type { MetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { InstrumentationScope } from '@opentelemetry/core';
import { familyNames, type FamilyKind, type FamilyNames, type NamingOptions } from './names.js';
import type { BaseUnitConversion } from './units.js';
import { escapeMetricName, type NameEscaping } from './escaping.js';
import { pointCount } from './points.js';

/** One metric stream of one scope, placed in a family. */
export interface FamilyMember {
  readonly scope: InstrumentationScope;
  readonly metric: MetricData;
  /** This stream's own conversion to the base unit (`ms` and `s` streams may share a family). */
  readonly conversion?: BaseUnitConversion;
}

/** Metrics that share one Prometheus name, across scopes. */
export interface Family {
  readonly names: FamilyNames;
  readonly kind: FamilyKind;
  readonly help: string;
  readonly members: FamilyMember[];
  /**
   * Two members may write the same series (same scope labels: twin names such as `req.count` and
   * `req_count` in one meter, meters that differ only in schema URL, or scope labels off): the
   * serializer then serves each series once, the first member's, and reports the others.
   */
  sharesSeries: boolean;
  /**
   * The exporter's own family (its self-metrics, of `protectedScope`): served without scope
   * labels, under the names and labels those metrics always had.
   */
  readonly own: boolean;
}

/** Result of grouping: the families in order, and what had to be dropped. */
export interface Grouping {
  readonly families: Family[];
  /** One line per dropped stream: which name collided with what. */
  readonly problems: string[];
}

/** Prometheus kind of an OTel stream (the engine's summaries are summaries). */
export function kindOf(metric: MetricData): FamilyKind {
  if (asSummary(metric)) return 'summary';
  switch (metric.dataPointType) {
    case DataPointType.SUM:
      return metric.isMonotonic ? 'counter' : 'gauge';
    case DataPointType.GAUGE:
      return 'gauge';
    case DataPointType.HISTOGRAM:
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      return 'histogram';
  }
}

/**
 * The engine's summary data, or undefined: it travels typed as `MetricData`, whose union has no
 * summary, so it is told apart before any switch on the SDK's data point types.
 */
export function asSummary(metric: MetricData): SummaryMetricData | undefined {
  const data = metric as MetricData | SummaryMetricData;
  return isSummaryMetricData(data) ? data : undefined;
}

/** What {@link groupFamilies} needs besides the naming rules. */
export interface GroupingOptions extends NamingOptions {
  /** Streams of one family from different scopes are told apart by scope labels. @default true */
  readonly scopeLabels?: boolean;
  /** `target_info` is written, so `target` and `target_info` are taken. @default true */
  readonly targetInfo?: boolean;
  /**
   * Names of the exporter's own metrics (self-metrics): taken before any stream; only streams of
   * `protectedScope` may write them. @default []
   */
  readonly protectedNames?: readonly string[];
  /**
   * The scope of the exporter's own instruments: its streams may take `protectedNames`, and their
   * families are {@link Family.own}. @default none
   */
  readonly protectedScope?: string;
  /** How non-legacy names are served: escaped before grouping, so escaped twins collide. */
  readonly escaping?: NameEscaping;
}

/** The names as served with `escaping` (`allow-utf-8` keeps them). */
function escapeNames(names: FamilyNames, escaping: NameEscaping): FamilyNames {
  if (escaping === 'allow-utf-8') return names;
  const family = escapeMetricName(names.family, escaping);
  const sample = escapeMetricName(names.sample, escaping);
  return family === names.family && sample === names.sample ? names : { ...names, family, sample };
}

/**
 * Groups streams by Prometheus family name so one name gets one `# TYPE`: compatible streams (same
 * kind and sample name) are merged into one family, told apart by their `otel_scope_*` labels and
 * attributes (see {@link Family.sharesSeries}). A stream is dropped and reported, first come first
 * served, when its name collides with a family of another kind,
 * or when any name it writes (family, samples, and the `_total`/`_created`/`_bucket`/`_sum`/
 * `_count` names (summaries: `_sum`, `_count`, `_created`) OpenMetrics reserves for it) is one another family writes or reserves (a counter
 * `foo` and a gauge `foo_total` or `foo_created`): emitting both would make the whole scrape
 * unparsable. The exporter's own names (`target`/`target_info`, self-metrics) are taken first.
 */
export function groupFamilies(resourceMetrics: ResourceMetrics, naming: GroupingOptions): Grouping {
  const scopeLabels = naming.scopeLabels !== false;
  const byName = new Map<string, Family>();
  const sampleOwners = new Map<string, string>();
  const problems: string[] = [];
  if (naming.targetInfo ?? true) {
    sampleOwners.set('target', 'target_info');
    sampleOwners.set('target_info', 'target_info');
  }
  for (const name of naming.protectedNames ?? []) sampleOwners.set(name, SELF);
  for (const scopeMetrics of resourceMetrics.scopeMetrics) {
    const own = scopeMetrics.scope.name === naming.protectedScope;
    for (const metric of scopeMetrics.metrics) {
      if (pointCount(metric) === 0) continue;
      const kind = kindOf(metric);
      const streamKind =
        metric.dataPointType === DataPointType.SUM && !metric.isMonotonic ? 'updowncounter' : kind;
      const names = escapeNames(
        familyNames(metric.descriptor.name, metric.descriptor.unit, streamKind, naming),
        naming.escaping ?? 'underscores',
      );
      const existing = byName.get(names.family);
      if (existing && existing.own !== own) {
        problems.push(
          `${describe(scopeMetrics.scope, metric)} dropped: name ${names.family} is taken by ${own ? `family ${names.family}` : SELF}`,
        );
        continue;
      }
      if (existing) {
        if (existing.kind !== kind || existing.names.sample !== names.sample) {
          problems.push(
            `${describe(scopeMetrics.scope, metric)} dropped: its name ${names.family} is taken by a ${existing.kind}` +
              (existing.kind === kind ? ` served as ${existing.names.sample}` : ''),
          );
          continue;
        }
        // Compatible: merged. Same scope labels as a member already there means the two may write
        // the same series; the serializer keeps the first of each.
        if (
          existing.members.some(
            (m) =>
              !scopeLabels ||
              (m.scope.name === scopeMetrics.scope.name &&
                (m.scope.version ?? '') === (scopeMetrics.scope.version ?? '')),
          )
        ) {
          existing.sharesSeries = true;
        }
        existing.members.push({
          scope: scopeMetrics.scope,
          metric,
          conversion: names.conversion,
        });
        continue;
      }
      const clash = sampleNames(names, kind).find(
        (n) => sampleOwners.has(n) && !(own && sampleOwners.get(n) === SELF),
      );
      if (clash !== undefined) {
        problems.push(
          `${describe(scopeMetrics.scope, metric)} dropped: name ${clash} is taken by ${owner(sampleOwners.get(clash)!)}`,
        );
        continue;
      }
      for (const n of sampleNames(names, kind)) sampleOwners.set(n, names.family);
      byName.set(names.family, {
        names,
        kind,
        help: metric.descriptor.description,
        members: [{ scope: scopeMetrics.scope, metric, conversion: names.conversion }],
        sharesSeries: false,
        own,
      });
    }
  }
  return { families: [...byName.values()], problems };
}

const SELF = "the endpoint's self-metrics";

/** Every name a family writes or OpenMetrics reserves for it (as the Python parser checks). */
function sampleNames(names: FamilyNames, kind: FamilyKind): string[] {
  const family = names.family;
  if (kind === 'histogram') {
    const sample = names.sample;
    return [family, `${sample}_bucket`, `${sample}_sum`, `${sample}_count`, `${family}_created`];
  }
  if (kind === 'summary') {
    const sample = names.sample;
    return [family, `${sample}_sum`, `${sample}_count`, `${family}_created`];
  }
  if (kind === 'gauge') return [family];
  return names.sample === family ? [family] : [family, names.sample, `${family}_created`];
}

function owner(name: string): string {
  return name.includes(' ') || name === 'target_info' ? name : `family ${name}`;
}

function describe(scope: InstrumentationScope, metric: MetricData): string {
  return `instrument "${metric.descriptor.name}" of meter "${scope.name}"`;
}
