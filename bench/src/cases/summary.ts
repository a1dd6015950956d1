// Child: one implementation records `values` values of one data set through its instrument (one
// attribute set, after a warm-up into another series), timed; then, for the summaries, reads the
// objectives' quantiles back and compares them with the exact quantiles of the same values.
// Meterline: a histogram with the summary view (or the default explicit buckets, for the cost of
// a histogram); prom-client: its Summary with the same percentiles and sliding window.
import { performance } from 'node:perf_hooks';
import {
  isSummaryMetricData,
  MeterProvider,
  SUMMARY_AGGREGATION,
  type SummaryMetricData,
} from '@meterline/engine';
import { MetricReader, type MetricData } from '@opentelemetry/sdk-metrics';
import { Registry, Summary } from 'prom-client';
import type { SummaryAccuracy, SummaryArgs, SummaryDataset, SummaryResult } from '../case-types.js';
import { emitResult, readArgs, runChild } from '../child-io.js';

/** The objectives of both summaries: quantile to allowed rank error. */
export const OBJECTIVES: readonly [number, number][] = [
  [0.5, 0.05],
  [0.9, 0.01],
  [0.99, 0.001],
];
const MAX_AGE_SECONDS = 600;
const AGE_BUCKETS = 5;

/** mulberry32: the same values in every process for one seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal value (Box-Muller). */
function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** `n` values of the data set, all positive (they are latencies in ms). */
export function dataset(name: SummaryDataset, n: number, seed: number): Float64Array {
  const r = random(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (name) {
      case 'uniform':
        out[i] = 1 + r() * 999;
        break;
      case 'log-normal':
        out[i] = Math.exp(3 + normal(r));
        break;
      case 'bimodal':
        // Fast cache hits and slow misses: 70 % around 5 ms, 30 % around 200 ms.
        out[i] = r() < 0.7 ? Math.max(0.1, 5 + normal(r)) : Math.max(0.1, 200 + 40 * normal(r));
        break;
    }
  }
  return out;
}

class Reader extends MetricReader {
  protected override onShutdown = () => Promise.resolve();
  protected override onForceFlush = () => Promise.resolve();
}

/** Records `values` through `record`, returning ns per observation. */
function timed(values: Float64Array, record: (v: number) => void): number {
  const start = performance.now();
  for (let i = 0; i < values.length; i++) record(values[i]!);
  return ((performance.now() - start) * 1e6) / values.length;
}

async function meterline(
  values: Float64Array,
  warmup: Float64Array,
  summary: boolean,
): Promise<{ ns: number; quantiles: Map<number, number> }> {
  const reader = new Reader();
  const provider = new MeterProvider({
    readers: [reader],
    views: summary
      ? [
          {
            instrumentName: 'latency',
            aggregation: {
              type: SUMMARY_AGGREGATION,
              options: {
                objectives: Object.fromEntries(OBJECTIVES),
                maxAgeSeconds: MAX_AGE_SECONDS,
                ageBuckets: AGE_BUCKETS,
              },
            },
          },
        ]
      : [],
  });
  const histogram = provider.getMeter('bench').createHistogram('latency', { unit: 'ms' });
  const warm = { route: '/warm-up' };
  for (let i = 0; i < warmup.length; i++) histogram.record(warmup[i]!, warm);
  const attributes = { route: '/a' };
  const ns = timed(values, (v) => histogram.record(v, attributes));
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics[0]!.metrics[0]! as MetricData | SummaryMetricData;
  const quantiles = new Map<number, number>();
  if (summary) {
    if (!isSummaryMetricData(metric)) throw new Error('the summary view produced no summary');
    const point = metric.dataPoints.find((p) => p.attributes['route'] === '/a')!;
    if (point.value.count !== values.length) {
      throw new Error(`summary counted ${point.value.count}, recorded ${values.length}`);
    }
    for (const q of point.value.quantiles) quantiles.set(q.quantile, q.value);
  } else {
    const point = metric.dataPoints.find((p) => p.attributes['route'] === '/a')!;
    const count = (point.value as { count: number }).count;
    if (count !== values.length)
      throw new Error(`histogram counted ${count}, recorded ${values.length}`);
  }
  return { ns, quantiles };
}

async function promClient(
  values: Float64Array,
  warmup: Float64Array,
): Promise<{ ns: number; quantiles: Map<number, number> }> {
  const registry = new Registry();
  const summary = new Summary({
    name: 'latency',
    help: 'latency',
    labelNames: ['route'],
    percentiles: OBJECTIVES.map(([q]) => q),
    maxAgeSeconds: MAX_AGE_SECONDS,
    ageBuckets: AGE_BUCKETS,
    registers: [registry],
  });
  const warm = { route: '/warm-up' };
  for (let i = 0; i < warmup.length; i++) summary.observe(warm, warmup[i]!);
  const labels = { route: '/a' };
  const ns = timed(values, (v) => summary.observe(labels, v));
  const quantiles = new Map<number, number>();
  const { values: samples } = await summary.get();
  for (const s of samples) {
    const sampleLabels = s.labels as Record<string, string | number | undefined>;
    if (sampleLabels['route'] !== '/a') continue;
    if (sampleLabels['quantile'] !== undefined) {
      quantiles.set(Number(sampleLabels['quantile']), s.value);
    } else if (
      (s as { metricName?: string }).metricName === 'latency_count' &&
      s.value !== values.length
    ) {
      throw new Error(`prom-client counted ${s.value}, recorded ${values.length}`);
    }
  }
  return { ns, quantiles };
}

/** Values of `sorted` strictly below `v`, and at most `v` (binary search). */
function ranks(sorted: Float64Array, v: number): [number, number] {
  const bound = (strict: boolean) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (strict ? sorted[mid]! < v : sorted[mid]! <= v) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  return [bound(true), bound(false)];
}

export function accuracy(values: Float64Array, quantiles: Map<number, number>): SummaryAccuracy[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return OBJECTIVES.map(([quantile, allowed]) => {
    const estimate = quantiles.get(quantile);
    if (estimate === undefined) throw new Error(`no estimate for quantile ${quantile}`);
    const exact = sorted[Math.max(0, Math.ceil(quantile * n) - 1)]!;
    const [below, atMost] = ranks(sorted, estimate);
    const wanted = quantile * n;
    const rankError =
      wanted >= below && wanted <= atMost
        ? 0
        : Math.min(Math.abs(below - wanted), Math.abs(atMost - wanted)) / n;
    return {
      quantile,
      allowed,
      estimate,
      exact,
      rankError,
      valueError: Math.abs(estimate - exact) / Math.abs(exact),
    };
  });
}

runChild(async () => {
  const args = readArgs<SummaryArgs>();
  const values = dataset(args.dataset, args.values, args.seed);
  const warmup = dataset(args.dataset, Math.min(args.values, 100_000), args.seed + 1);
  const run =
    args.impl === 'prom-client-summary'
      ? await promClient(values, warmup)
      : await meterline(values, warmup, args.impl === 'meterline-summary');
  const result: SummaryResult = {
    nsPerObservation: run.ns,
    accuracy: args.impl === 'meterline-histogram' ? [] : accuracy(values, run.quantiles),
  };
  emitResult(result);
});
