import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { startTelemetry, type TelemetryHandle } from '../../src/start-telemetry.js';
import { collectMetric, fakePlugin, recordingLogger } from '../helpers.js';

let handle: TelemetryHandle | undefined;
afterEach(async () => {
  await handle?.shutdown();
  handle = undefined;
});

describe('startTelemetry({ cluster })', () => {
  it('as primary, serves its own recordings through the merge, cumulative, to the exporters', async () => {
    const plugin = fakePlugin();
    handle = await startTelemetry({
      plugins: [plugin],
      logger: recordingLogger(),
      registerGlobal: false,
      config: { resource: { detect: false }, metrics: { runtime: { enabled: false } } },
      cluster: { role: 'primary' },
    });
    expect(handle.cluster?.role).toBe('primary');
    const counter = handle.meterProvider.getMeter('svc').createCounter('jobs');
    counter.add(2);
    expect((await collectMetric(plugin.reader, 'jobs')).dataPoints[0]!.value).toBe(2);
    counter.add(3);
    const jobs = await collectMetric(plugin.reader, 'jobs');
    expect(jobs.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    expect(jobs.dataPoints.map((p) => p.value)).toEqual([5]);
    // Its own self-metric: no worker connected in this process.
    expect(
      (await collectMetric(plugin.reader, 'meterline.cluster.workers')).dataPoints[0]!.value,
    ).toBe(0);
  });

  it('refuses a role that does not fit where it runs, naming the option', async () => {
    await expect(
      startTelemetry({
        plugins: [fakePlugin()],
        registerGlobal: false,
        logger: recordingLogger(),
        cluster: { role: 'worker' },
      }),
    ).rejects.toThrow(
      /cluster\.role: worker, but this is neither a cluster worker nor a worker thread/,
    );
  });

  it.each([
    [{ role: 'boss' }, /cluster\.role: expected 'auto', 'primary' or 'worker', got "boss"/],
    [
      { collectTimeoutMillis: 0 },
      /cluster\.collectTimeoutMillis: expected milliseconds in \(0, 300000\], got 0/,
    ],
    [{ pushIntervalMillis: -1 }, /cluster\.pushIntervalMillis/],
    [
      { gaugePolicies: { 'queue.depth': 'avg' } },
      /cluster\.gaugePolicies: queue\.depth: expected one of sum, min, max, last, per-worker, got "avg"/,
    ],
  ])('refuses %j with a message naming it', async (cluster, message) => {
    await expect(
      startTelemetry({
        plugins: [fakePlugin()],
        registerGlobal: false,
        logger: recordingLogger(),
        cluster: cluster as never,
      }),
    ).rejects.toThrow(message);
  });
});
