import { DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { InstrumentationScope } from '@opentelemetry/core';
import { familyNames, type FamilyKind, type FamilyNames, type NamingOptions } from './names.js';

/** One metric stream of one scope, placed in a family. */
export interface FamilyMember {
  readonly scope: InstrumentationScope;
  readonly metric: MetricData;
}

/** Metrics that share one Prometheus name, across scopes. */
export interface Family {
  readonly names: FamilyNames;
  readonly kind: FamilyKind;
  readonly help: string;
  readonly members: FamilyMember[];
}

/** Result of grouping: the families in order, and what had to be dropped. */
export interface Grouping {
  readonly families: Family[];
  /** One line per dropped stream: which name collided with what. */
  readonly problems: string[];
}

/** Prometheus kind of an OTel stream. */
export function kindOf(metric: MetricData): FamilyKind {
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
 * Groups streams by Prometheus family name so one name gets one `# TYPE` (streams of the same name
 * from different scopes become series with different `otel_scope_*` labels). A stream whose name
 * collides with a family of another kind, or whose sample names clash with another family's
 * (a counter `foo` and a gauge `foo_total`), is dropped and reported: emitting both would make
 * the whole scrape unparsable.
 */
export function groupFamilies(
  resourceMetrics: ResourceMetrics,
  naming: NamingOptions & { readonly scopeLabels?: boolean },
): Grouping {
  const scopeLabels = naming.scopeLabels !== false;
  const byName = new Map<string, Family>();
  const sampleOwners = new Map<string, string>();
  const problems: string[] = [];
  for (const scopeMetrics of resourceMetrics.scopeMetrics) {
    for (const metric of scopeMetrics.metrics) {
      if (metric.dataPoints.length === 0) continue;
      const kind = kindOf(metric);
      const names = familyNames(metric.descriptor.name, metric.descriptor.unit, kind, naming);
      const existing = byName.get(names.family);
      if (existing) {
        if (existing.kind !== kind) {
          problems.push(
            `${describe(scopeMetrics.scope, metric)} dropped: its name ${names.family} is taken by a ${existing.kind}`,
          );
          continue;
        }
        // Two streams of one family and the same scope labels would write the same series (twin
        // names such as req.count and req_count, or meters that differ only in schema URL).
        const twin = existing.members.find(
          (m) =>
            !scopeLabels ||
            (m.scope.name === scopeMetrics.scope.name &&
              (m.scope.version ?? '') === (scopeMetrics.scope.version ?? '')),
        );
        if (twin) {
          problems.push(
            `${describe(scopeMetrics.scope, metric)} dropped: it is served as ${names.sample}, like instrument "${twin.metric.descriptor.name}" of the same meter`,
          );
          continue;
        }
        existing.members.push({ scope: scopeMetrics.scope, metric });
        continue;
      }
      const clash = sampleNames(names, kind).find((n) => sampleOwners.has(n));
      if (clash !== undefined) {
        problems.push(
          `${describe(scopeMetrics.scope, metric)} dropped: sample name ${clash} is taken by family ${sampleOwners.get(clash)}`,
        );
        continue;
      }
      for (const n of sampleNames(names, kind)) sampleOwners.set(n, names.family);
      byName.set(names.family, {
        names,
        kind,
        help: metric.descriptor.description,
        members: [{ scope: scopeMetrics.scope, metric }],
      });
    }
  }
  return { families: [...byName.values()], problems };
}

function sampleNames(names: FamilyNames, kind: FamilyKind): string[] {
  if (kind === 'histogram') {
    return [`${names.sample}_bucket`, `${names.sample}_sum`, `${names.sample}_count`];
  }
  return names.sample === names.family ? [names.sample] : [names.sample, names.family];
}

function describe(scope: InstrumentationScope, metric: MetricData): string {
  return `instrument "${metric.descriptor.name}" of meter "${scope.name}"`;
}
