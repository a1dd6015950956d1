import { HostMetrics } from '@opentelemetry/host-metrics';
import { MeterProvider, type MetricData, type ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { startHostProcessMetrics } from '../../src/runtime/host-process.js';
import { InMemoryReader } from '../helpers.js';

const providers: MeterProvider[] = [];
afterEach(async () => {
  for (const provider of providers.splice(0)) await provider.shutdown();
});

function provider(): { provider: MeterProvider; reader: InMemoryReader } {
  const reader = new InMemoryReader();
  const created = new MeterProvider({ readers: [reader] });
  providers.push(created);
  return { provider: created, reader };
}

async function scope(reader: InMemoryReader): Promise<ScopeMetrics> {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  expect(resourceMetrics.scopeMetrics).toHaveLength(1);
  return resourceMetrics.scopeMetrics[0]!;
}

function byName(scopeMetrics: ScopeMetrics): Map<string, MetricData> {
  return new Map(scopeMetrics.metrics.map((m) => [m.descriptor.name, m]));
}

function point(metric: MetricData | undefined, state?: string): number {
  const found = metric?.dataPoints.find((p) =>
    state === undefined ? true : p.attributes['process.cpu.state'] === state,
  );
  if (!found) throw new Error(`no point for ${metric?.descriptor.name} ${state ?? ''}`);
  return found.value as number;
}

// The oracle is @opentelemetry/host-metrics 0.39 itself, restricted to the two groups Meterline
// used to start from it: scope, instruments, attributes and values must be what it reports.
describe('process CPU and memory metrics (host-metrics written out)', () => {
  it('reports the scope, instruments and attributes host-metrics reports', async () => {
    const theirs = provider();
    new HostMetrics({
      meterProvider: theirs.provider,
      metricGroups: ['process.cpu', 'process.memory'],
    }).start();
    const ours = provider();
    startHostProcessMetrics(ours.provider);

    const [expected, actual] = [await scope(theirs.reader), await scope(ours.reader)];
    expect(actual.scope).toEqual(expected.scope);
    const shape = (s: ScopeMetrics) =>
      s.metrics.map((m) => ({
        descriptor: m.descriptor,
        dataPointType: m.dataPointType,
        isMonotonic: (m as { isMonotonic?: boolean }).isMonotonic,
        attributes: m.dataPoints.map((p) => p.attributes),
      }));
    expect(shape(actual)).toEqual(shape(expected));
  });

  it('reports the same CPU seconds and resident memory, and shares between 0 and 1', async () => {
    const theirs = provider();
    new HostMetrics({
      meterProvider: theirs.provider,
      metricGroups: ['process.cpu', 'process.memory'],
    }).start();
    const ours = provider();
    startHostProcessMetrics(ours.provider);
    const cpuBefore = process.cpuUsage();
    const expected = byName(await scope(theirs.reader));
    const actual = byName(await scope(ours.reader));
    const cpuAfter = process.cpuUsage();

    for (const state of ['user', 'system'] as const) {
      const seconds = point(actual.get('process.cpu.time'), state);
      expect(seconds).toBeGreaterThanOrEqual(point(expected.get('process.cpu.time'), state));
      // Seconds as host-metrics makes them (µs times 1e-6, not µs / 1e6: the last bit differs, and
      // a bound made by division failed whenever no CPU time passed between the two readings).
      expect(seconds).toBeGreaterThanOrEqual(cpuBefore[state] * (1 / 1e6));
      expect(seconds).toBeLessThanOrEqual(cpuAfter[state] * (1 / 1e6));
      const share = point(actual.get('process.cpu.utilization'), state);
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
    }
    const rss = point(actual.get('process.memory.usage'));
    expect(rss).toBeGreaterThan(10_000_000);
    expect(Math.abs(rss - point(expected.get('process.memory.usage'))) / rss).toBeLessThan(0.1);
  });

  it('observes nothing new once stopped', async () => {
    const ours = provider();
    const metrics = startHostProcessMetrics(ours.provider);
    const before = point(byName(await scope(ours.reader)).get('process.cpu.time'), 'user');
    metrics.stop();
    metrics.stop();
    // Spin until the process used more user CPU time than was reported (bounded by 2 s).
    const deadline = Date.now() + 2000;
    while (process.cpuUsage().user / 1e6 <= before + 0.005 && Date.now() < deadline);
    const after = point(byName(await scope(ours.reader)).get('process.cpu.time'), 'user');
    expect(after).toBe(before);
  });
});
