import { PerformanceObserver, constants, performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MeterProvider } from '../src/index.js';
import { TestReader as Reader } from './support/test-reader.js';

// "A disabled instrument's recording must not allocate": counted as young-generation collections
// (scavenges) during a million recordings, which a path allocating even one small object per call
// cannot avoid (tens of MB through a few-MB nursery). The enabled path with a new attributes
// object per call is the control that shows the count sees allocation.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Scavenges while `run` runs (after a full collection, so the nursery starts empty). Node queues
 * a GC's performance entry for the next turn of the event loop, so the entries are taken a few
 * turns after `run`, and only those that started while it ran are counted.
 */
async function scavengesDuring(run: () => void): Promise<number> {
  const observer = new PerformanceObserver(() => {});
  observer.observe({ entryTypes: ['gc'] });
  gc();
  await turn();
  observer.takeRecords();
  const from = performance.now();
  run();
  const to = performance.now();
  const entries = [];
  for (let i = 0; i < 3; i++) {
    await turn();
    entries.push(...observer.takeRecords());
  }
  observer.disconnect();
  return entries.filter(
    (e) =>
      e.startTime >= from &&
      e.startTime <= to &&
      (e as unknown as { detail: { kind: number } }).detail.kind ===
        constants.NODE_PERFORMANCE_GC_MINOR,
  ).length;
}

describe('a disabled instrument', () => {
  it('records without allocating: no scavenge over a million calls; the same calls enabled with new objects scavenge', async () => {
    const provider = new MeterProvider({ readers: [new Reader()], exemplarFilter: 'always_off' });
    const meter = provider.getMeter('m');
    const counter = meter.createCounter('c');
    const histogram = meter.createHistogram('h');
    const attributes = Object.freeze({ method: 'GET', route: '/x', status_code: 200 });
    const calls = 1_000_000;
    const disabled = () => {
      for (let i = 0; i < calls; i++) {
        counter.add(1, attributes);
        histogram.record(0.5, attributes);
      }
    };
    provider.admin.setEnabled('c', false);
    provider.admin.setEnabled('h', false);
    disabled(); // warm-up: compiled before it is measured
    expect(await scavengesDuring(disabled)).toBe(0);

    provider.admin.setEnabled('c', true);
    const allocating = () => {
      for (let i = 0; i < calls; i++) counter.add(1, { route: `/r${i & 7}` });
    };
    allocating();
    expect(await scavengesDuring(allocating)).toBeGreaterThan(0);
  });
});
