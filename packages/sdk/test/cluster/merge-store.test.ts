import type { Attributes, Meter } from '@opentelemetry/api';
import {
  AggregationType,
  DataPointType,
  MeterProvider,
  MetricReader,
  type MetricData,
  type ScopeMetrics,
  type ViewOptions,
} from '@opentelemetry/sdk-metrics';
import { MeterProvider as EngineMeterProvider } from '@meterline/engine';
import { describe, expect, it } from 'vitest';
import { DeltaReader } from '../../src/cluster/delta-reader.js';
import { MergeStore } from '../../src/cluster/merge-store.js';
import { seriesKey } from '../../src/cluster/series-key.js';
import { decodeMetrics, encodeMetrics } from '../../src/cluster/wire-format.js';

/** The oracle's reader: cumulative, default aggregations. */
class CumulativeReader extends MetricReader {
  protected override onShutdown = () => Promise.resolve();
  protected override onForceFlush = () => Promise.resolve();
}

const VIEWS: ViewOptions[] = [
  {
    instrumentName: 'latency.exp',
    aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM },
  },
];

/** A seeded generator, so a failure replays. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

interface Instruments {
  requests: ReturnType<Meter['createCounter']>;
  inflight: ReturnType<Meter['createUpDownCounter']>;
  latency: ReturnType<Meter['createHistogram']>;
  latencyExp: ReturnType<Meter['createHistogram']>;
}

function instruments(meter: Meter): Instruments {
  return {
    requests: meter.createCounter('requests'),
    inflight: meter.createUpDownCounter('inflight'),
    latency: meter.createHistogram('latency', { unit: 's' }),
    latencyExp: meter.createHistogram('latency.exp', { unit: 's' }),
  };
}

/** Metric name -> series key -> value, ignoring times (the providers started at other times). */
function byName(scopes: ScopeMetrics[]): Map<string, Map<string, unknown>> {
  const out = new Map<string, Map<string, unknown>>();
  for (const metric of scopes.flatMap((s) => s.metrics) as MetricData[]) {
    const series = new Map<string, unknown>();
    for (const point of metric.dataPoints) series.set(seriesKey(point.attributes), point.value);
    out.set(metric.descriptor.name, series);
  }
  return out;
}

function expectSameData(merged: ScopeMetrics[], oracle: ScopeMetrics[]) {
  const got = byName(merged);
  const want = byName(oracle);
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [name, series] of want) {
    const mine = got.get(name)!;
    expect([...mine.keys()].sort(), name).toEqual([...series.keys()].sort());
    for (const [key, value] of series) {
      const other = mine.get(key) as Record<string, unknown> | number;
      if (typeof value === 'number') {
        expect(other, `${name}{${key}}`).toBe(value);
        continue;
      }
      // Sums of floats may differ in the last bits by the order of addition.
      const { sum, ...rest } = value as { sum: number };
      const { sum: otherSum, ...otherRest } = other as { sum: number };
      expect(otherRest, `${name}{${key}}`).toEqual(rest);
      expect(otherSum).toBeCloseTo(sum, 6);
    }
  }
}

describe.each(['sdk-metrics', 'engine'] as const)(
  'MergeStore (workers on %s) against one SDK recording the union of every worker',
  (workerProvider) => {
    it('holds the same cumulative points as the single-process SDK, whatever the collection order', async () => {
      const rand = random(42);
      const oracleReader = new CumulativeReader();
      const oracle = new MeterProvider({ readers: [oracleReader], views: VIEWS });
      const oracleInstruments = instruments(oracle.getMeter('svc'));
      const workers = [0, 1, 2, 3].map(() => {
        const reader = new DeltaReader();
        const provider =
          workerProvider === 'engine'
            ? new EngineMeterProvider({ readers: [reader], views: VIEWS, selfMetrics: false })
            : new MeterProvider({ readers: [reader], views: VIEWS });
        return { reader, provider, instruments: instruments(provider.getMeter('svc')) };
      });
      const store = new MergeStore();
      const pull = async (i: number) => {
        const { scopes } = await workers[i]!.reader.collectDelta();
        // Through the wire encoding and JSON, as over the cluster IPC channel.
        for (const scope of decodeMetrics(JSON.parse(JSON.stringify(encodeMetrics(scopes))))) {
          for (const metric of scope.metrics) store.apply(`w${i}`, scope.scope, metric);
        }
      };
      const routes = ['/a', '/b', '/c', '/d', '/e'];
      for (let round = 0; round < 20; round++) {
        for (let n = 0; n < 200; n++) {
          const w = Math.floor(rand() * workers.length);
          const attrs: Attributes = { route: routes[Math.floor(rand() * routes.length)]! };
          const duration = Math.round(rand() * 5000) / 1000;
          // Each worker its own decade (1e-3 to 1e3 over the four), so every worker's exponential
          // histogram keeps a fine scale and only the merge has to downscale; some zeros and
          // negative values too.
          const sign = rand() < 0.1 ? -1 : 1;
          const spread = sign * 10 ** (2 * w - 3 + rand()) * (rand() < 0.05 ? 0 : 1);
          const delta = rand() < 0.5 ? 1 : -1;
          for (const target of [workers[w]!.instruments, oracleInstruments]) {
            target.requests.add(1 + (n % 3), attrs);
            target.inflight.add(delta, attrs);
            target.latency.record(duration, attrs);
            target.latencyExp.record(spread, attrs);
          }
        }
        // Some workers answer this round, the others catch up later.
        for (let i = 0; i < workers.length; i++) if (rand() < 0.6) await pull(i);
      }
      for (let i = 0; i < workers.length; i++) await pull(i);
      const { resourceMetrics } = await oracleReader.collect();
      expectSameData(store.snapshot([Date.now() / 1000, 0]), resourceMetrics.scopeMetrics);
      const exp = store
        .snapshot([0, 0])
        .flatMap((s) => s.metrics)
        .find((m) => m.descriptor.name === 'latency.exp')!;
      expect(exp.dataPointType).toBe(DataPointType.EXPONENTIAL_HISTOGRAM);
      // The test means something only if the exponential histograms had to merge across scales.
      expect((exp.dataPoints[0]!.value as { scale: number }).scale).toBeLessThan(20);
    });
  },
);

describe('exemplars through the cluster', () => {
  it("keeps the latest exemplars a worker's engine attached to a series", async () => {
    const reader = new DeltaReader();
    const provider = new EngineMeterProvider({
      readers: [reader],
      selfMetrics: false,
      exemplarFilter: 'always_on',
    });
    const counter = provider.getMeter('svc').createCounter('jobs');
    const store = new MergeStore();
    const pull = async () => {
      const { scopes } = await reader.collectDelta();
      for (const scope of decodeMetrics(JSON.parse(JSON.stringify(encodeMetrics(scopes))))) {
        for (const metric of scope.metrics) store.apply('w1', scope.scope, metric);
      }
    };
    const exemplarValues = () =>
      (
        store.snapshot([0, 0])[0]!.metrics[0]!.dataPoints[0] as {
          exemplars?: { value: number }[];
        }
      ).exemplars?.map((e) => e.value);
    counter.add(3);
    await pull();
    expect(exemplarValues()).toEqual([3]);
    counter.add(7);
    await pull();
    expect(exemplarValues()).toEqual([7]);
    // A delta without exemplars leaves the latest ones in place.
    await pull();
    expect(exemplarValues()).toEqual([7]);
    expect(store.snapshot([0, 0])[0]!.metrics[0]!.dataPoints[0]!.value).toBe(10);
  });
});
