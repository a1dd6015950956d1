import type {
  MeterProvider as ApiMeterProvider,
  MetricAdvice,
  MetricOptions,
} from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { BUCKET_PRESETS } from '../src/buckets.js';
import type { ConfigLayer } from '../src/config/schema.js';
import { silentLogger } from '@meterline/plugin';
import { startTelemetry, type TelemetryHandle } from '../src/start-telemetry.js';
import { withUnitBuckets } from '../src/unit-buckets-provider.js';
import { InMemoryReader, boundariesOf, collectMetric, fakePlugin } from './helpers.js';

/** The SDK's own default boundaries, which histograms without a preset keep. */
const SDK_DEFAULT = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

const handles: TelemetryHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.shutdown()));
});

async function start(config?: ConfigLayer) {
  const plugin = fakePlugin();
  const handle = await startTelemetry({
    plugins: [plugin],
    env: {},
    config: { resource: { detect: false }, ...config },
    logger: silentLogger,
    registerGlobal: false,
  });
  handles.push(handle);
  return { handle, reader: plugin.reader };
}

describe('unit bucket presets through startTelemetry', () => {
  it('gives a histogram in seconds the latency buckets', async () => {
    const { handle, reader } = await start();
    handle.meterProvider.getMeter('x').createHistogram('h', { unit: 's' }).record(0.2);
    expect(boundariesOf(await collectMetric(reader, 'h'))).toEqual([...BUCKET_PRESETS.latency]);
  });

  it('gives a histogram in bytes the byte buckets', async () => {
    const { handle, reader } = await start();
    handle.meterProvider.getMeter('x').createHistogram('size', { unit: 'By' }).record(5000);
    expect(boundariesOf(await collectMetric(reader, 'size'))).toEqual([...BUCKET_PRESETS.bytes]);
  });

  it('gives a histogram in milliseconds the millisecond latency buckets', async () => {
    const { handle, reader } = await start();
    handle.meterProvider.getMeter('x').createHistogram('h_ms', { unit: 'ms' }).record(12);
    expect(boundariesOf(await collectMetric(reader, 'h_ms'))).toEqual([
      ...BUCKET_PRESETS['latency-ms'],
    ]);
  });

  it('leaves the SDK default buckets to a histogram without a unit', async () => {
    const { handle, reader } = await start();
    handle.meterProvider.getMeter('x').createHistogram('plain').record(3);
    expect(boundariesOf(await collectMetric(reader, 'plain'))).toEqual(SDK_DEFAULT);
  });

  it('leaves the SDK default buckets to a unit without a preset', async () => {
    const { handle, reader } = await start();
    handle.meterProvider.getMeter('x').createHistogram('items', { unit: '{item}' }).record(3);
    expect(boundariesOf(await collectMetric(reader, 'items'))).toEqual(SDK_DEFAULT);
  });

  it('keeps the instrumentation’s own bucket advice over the unit preset', async () => {
    const { handle, reader } = await start();
    handle.meterProvider
      .getMeter('x')
      .createHistogram('h', { unit: 's', advice: { explicitBucketBoundaries: [0.5, 1, 2] } })
      .record(0.7);
    expect(boundariesOf(await collectMetric(reader, 'h'))).toEqual([0.5, 1, 2]);
  });

  it('lets a view preset win over both the unit preset and advice', async () => {
    const { handle, reader } = await start({
      metrics: { views: [{ instrument: 'h', preset: 'wait' }] },
    });
    const meter = handle.meterProvider.getMeter('x');
    meter.createHistogram('h', { unit: 's' }).record(2);
    meter
      .createHistogram('h', { unit: 's', advice: { explicitBucketBoundaries: [0.5, 1, 2] } })
      .record(2);
    expect(boundariesOf(await collectMetric(reader, 'h'))).toEqual([...BUCKET_PRESETS.wait]);
  });

  it('lets view buckets win over instrument advice', async () => {
    const { handle, reader } = await start({
      metrics: { views: [{ instrument: 'h', buckets: [1, 10, 100] }] },
    });
    handle.meterProvider
      .getMeter('x')
      .createHistogram('h', { unit: 's', advice: { explicitBucketBoundaries: [0.5, 1, 2] } })
      .record(5);
    expect(boundariesOf(await collectMetric(reader, 'h'))).toEqual([1, 10, 100]);
  });

  it('uses the seconds mapping from metrics.unitBuckets when configured', async () => {
    const { handle, reader } = await start({ metrics: { unitBuckets: { s: 'wait' } } });
    const meter = handle.meterProvider.getMeter('x');
    meter.createHistogram('h', { unit: 's' }).record(1);
    meter.createHistogram('size', { unit: 'By' }).record(1);
    expect(boundariesOf(await collectMetric(reader, 'h'))).toEqual([...BUCKET_PRESETS.wait]);
    expect(boundariesOf(await collectMetric(reader, 'size'))).toEqual([...BUCKET_PRESETS.bytes]);
  });

  it('accepts explicit boundaries for a new unit in metrics.unitBuckets', async () => {
    const { handle, reader } = await start({ metrics: { unitBuckets: { '{item}': [1, 2, 4] } } });
    handle.meterProvider.getMeter('x').createHistogram('items', { unit: '{item}' }).record(3);
    expect(boundariesOf(await collectMetric(reader, 'items'))).toEqual([1, 2, 4]);
  });
});

describe('withUnitBuckets', () => {
  function wrapped(unitBuckets = { s: 'latency' as const }) {
    const reader = new InMemoryReader();
    const sdk = new MeterProvider({ readers: [reader] });
    return { reader, sdk, provider: withUnitBuckets(sdk, unitBuckets) };
  }

  it('returns the same meter for the same name, version and schema URL', () => {
    const { provider } = wrapped();
    expect(provider.getMeter('a', '1')).toBe(provider.getMeter('a', '1'));
    expect(provider.getMeter('a', '1')).not.toBe(provider.getMeter('a', '2'));
    expect(provider.getMeter('a')).not.toBe(
      provider.getMeter('a', undefined, { schemaUrl: 'https://x' }),
    );
  });

  it('passes other instruments through unchanged', async () => {
    const { provider, reader } = wrapped();
    const meter = provider.getMeter('m');
    meter.createCounter('c', { unit: 's' }).add(2);
    meter.createUpDownCounter('u').add(-1);
    meter.createGauge('g').record(7);
    meter.createObservableGauge('og').addCallback((r) => r.observe(9));
    const counter = await collectMetric(reader, 'c');
    expect(counter.descriptor.unit).toBe('s');
    expect(counter.dataPoints[0]?.value).toBe(2);
    expect((await collectMetric(reader, 'u')).dataPoints[0]?.value).toBe(-1);
    expect((await collectMetric(reader, 'g')).dataPoints[0]?.value).toBe(7);
    expect((await collectMetric(reader, 'og')).dataPoints[0]?.value).toBe(9);
  });

  it('forwards batch observable callbacks', async () => {
    const { provider, reader } = wrapped();
    const meter = provider.getMeter('m');
    const gauge = meter.createObservableGauge('batch');
    const callback = (result: { observe(o: typeof gauge, v: number): void }) =>
      result.observe(gauge, 4);
    meter.addBatchObservableCallback(callback, [gauge]);
    expect((await collectMetric(reader, 'batch')).dataPoints[0]?.value).toBe(4);
  });

  it('adds boundaries to the options it passes on, keeping the rest of them', () => {
    const seen: (MetricOptions | undefined)[] = [];
    const recording = {
      getMeter: () => ({ createHistogram: (_: string, o?: MetricOptions) => seen.push(o) }),
    } as unknown as ApiMeterProvider;
    const meter = withUnitBuckets(recording, { s: 'latency' }).getMeter('m');
    // Advice fields newer than this API version must survive too.
    const advice = { attributes: ['keep'] } as unknown as MetricAdvice;
    meter.createHistogram('h', { unit: 's', description: 'd', advice });
    meter.createHistogram('plain');
    expect(seen).toEqual([
      {
        unit: 's',
        description: 'd',
        advice: { attributes: ['keep'], explicitBucketBoundaries: [...BUCKET_PRESETS.latency] },
      },
      undefined,
    ]);
  });

  it('rejects invalid boundaries in the mapping when created', () => {
    const sdk = new MeterProvider();
    expect(() => withUnitBuckets(sdk, { s: [2, 1] })).toThrow(
      'bucket boundaries must increase strictly: 2 then 1 at index 1',
    );
  });
});
