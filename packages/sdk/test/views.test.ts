import {
  AggregationType,
  DataPointType,
  InstrumentType,
  type ExponentialHistogram,
} from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import type { ViewConfig } from '../src/config/schema.js';
import { silentLogger } from '@meterline/plugin';
import { startTelemetry, type TelemetryHandle } from '../src/start-telemetry.js';
import { toViewOptions } from '../src/views.js';
import { boundariesOf, collectMetric, collectMetrics, fakePlugin } from './helpers.js';

describe('toViewOptions', () => {
  it('maps every selection and stream field', () => {
    const [options] = toViewOptions([
      {
        instrument: 'http.*',
        meter: 'api',
        type: 'observable-up-down-counter',
        unit: 's',
        rename: 'renamed',
        description: 'desc',
        cardinalityLimit: 5,
      },
    ]);
    expect(options).toEqual({
      instrumentName: 'http.*',
      meterName: 'api',
      instrumentType: InstrumentType.OBSERVABLE_UP_DOWN_COUNTER,
      instrumentUnit: 's',
      name: 'renamed',
      description: 'desc',
      aggregationCardinalityLimit: 5,
    });
  });

  it('sets only the instrument name for a bare view', () => {
    expect(toViewOptions([{ instrument: 'x' }])).toEqual([{ instrumentName: 'x' }]);
  });

  it('turns a preset or buckets into an explicit bucket histogram', () => {
    const [preset, buckets] = toViewOptions([
      { instrument: 'a', preset: 'wait' },
      { instrument: 'b', buckets: [1, 2] },
    ]);
    expect(preset?.aggregation).toEqual({
      type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
      options: { boundaries: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600] },
    });
    expect(buckets?.aggregation).toEqual({
      type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
      options: { boundaries: [1, 2] },
    });
  });

  it('prefers explicit buckets over a preset in the same view', () => {
    const [options] = toViewOptions([{ instrument: 'a', preset: 'wait', buckets: [7, 8] }]);
    expect(options?.aggregation).toEqual({
      type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
      options: { boundaries: [7, 8] },
    });
  });

  it('turns exponential into a base-2 exponential histogram, with its bucket count', () => {
    const [plain, sized] = toViewOptions([
      { instrument: 'a', exponential: true },
      { instrument: 'b', exponential: { maxSize: 40 } },
    ]);
    expect(plain?.aggregation).toEqual({ type: AggregationType.EXPONENTIAL_HISTOGRAM });
    expect(sized?.aggregation).toEqual({
      type: AggregationType.EXPONENTIAL_HISTOGRAM,
      options: { maxSize: 40 },
    });
  });

  it('makes drop win over buckets', () => {
    const [options] = toViewOptions([{ instrument: 'a', drop: true, buckets: [1] }]);
    expect(options?.aggregation).toEqual({ type: AggregationType.DROP });
  });

  it('maps each instrument type', () => {
    const types: NonNullable<ViewConfig['type']>[] = [
      'counter',
      'up-down-counter',
      'histogram',
      'gauge',
      'observable-counter',
      'observable-up-down-counter',
      'observable-gauge',
    ];
    expect(
      toViewOptions(types.map((type) => ({ instrument: '*', type }))).map((o) => o.instrumentType),
    ).toEqual([
      InstrumentType.COUNTER,
      InstrumentType.UP_DOWN_COUNTER,
      InstrumentType.HISTOGRAM,
      InstrumentType.GAUGE,
      InstrumentType.OBSERVABLE_COUNTER,
      InstrumentType.OBSERVABLE_UP_DOWN_COUNTER,
      InstrumentType.OBSERVABLE_GAUGE,
    ]);
  });
});

describe('configured views through startTelemetry', () => {
  const handles: TelemetryHandle[] = [];
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.shutdown()));
  });

  async function start(views: ViewConfig[]) {
    const plugin = fakePlugin();
    const handle = await startTelemetry({
      plugins: [plugin],
      env: {},
      config: { resource: { detect: false }, metrics: { views, runtime: { enabled: false } } },
      logger: silentLogger,
      registerGlobal: false,
    });
    handles.push(handle);
    return { meter: handle.meterProvider.getMeter('svc'), reader: plugin.reader };
  }

  it('keeps only allow-listed attributes', async () => {
    const { meter, reader } = await start([{ instrument: 'requests', attributes: ['route'] }]);
    const counter = meter.createCounter('requests');
    counter.add(1, { route: '/a', user: 'u1' });
    counter.add(2, { route: '/a', user: 'u2' });
    counter.add(5, { route: '/b', user: 'u1' });
    const points = (await collectMetric(reader, 'requests')).dataPoints;
    expect(points.map((p) => [p.attributes, p.value])).toEqual([
      [{ route: '/a' }, 3],
      [{ route: '/b' }, 5],
    ]);
  });

  it('aggregates a view with exponential as an exponential histogram, over unit buckets', async () => {
    const { meter, reader } = await start([{ instrument: 'latency', exponential: true }]);
    const latency = meter.createHistogram('latency', { unit: 's' });
    for (const v of [0.001, 0.01, 0.1, 1]) latency.record(v);
    const metric = await collectMetric(reader, 'latency');
    expect(metric.dataPointType).toBe(DataPointType.EXPONENTIAL_HISTOGRAM);
    const value = metric.dataPoints[0]!.value as ExponentialHistogram;
    expect(value.count).toBe(4);
    expect(value.positive.bucketCounts.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('refuses exponential together with buckets, naming the key', async () => {
    await expect(
      start([{ instrument: 'latency', exponential: true, buckets: [1, 2] }]),
    ).rejects.toThrow(
      /metrics\.views\[0\]\.exponential: an exponential histogram has no explicit buckets/,
    );
  });

  it('removes a dropped instrument and keeps the others', async () => {
    const { meter, reader } = await start([{ instrument: 'noisy', drop: true }]);
    meter.createCounter('noisy').add(1);
    meter.createCounter('kept').add(1);
    const names = [...(await collectMetrics(reader)).keys()];
    expect(names).toEqual(['kept']);
  });

  it('renames the stream and changes its description', async () => {
    const { meter, reader } = await start([
      { instrument: 'old.name', rename: 'new.name', description: 'renamed' },
    ]);
    meter.createCounter('old.name', { description: 'original' }).add(4);
    const metrics = await collectMetrics(reader);
    expect([...metrics.keys()]).toEqual(['new.name']);
    expect(metrics.get('new.name')?.descriptor.description).toBe('renamed');
    expect(metrics.get('new.name')?.dataPoints[0]?.value).toBe(4);
  });

  it('selects by wildcard, type, unit and meter together', async () => {
    const { meter, reader } = await start([
      { instrument: 'db.*', type: 'histogram', unit: 's', meter: 'svc', preset: 'wait' },
    ]);
    meter.createHistogram('db.query', { unit: 's' }).record(1);
    meter.createHistogram('db.rows').record(1);
    meter.createHistogram('http.duration', { unit: 's' }).record(1);
    const metrics = await collectMetrics(reader);
    const wait = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600];
    expect(boundariesOf(metrics.get('db.query')!)).toEqual(wait);
    // A unit mismatch keeps the SDK default; another instrument keeps its unit preset.
    expect(boundariesOf(metrics.get('db.rows')!)[1]).toBe(5);
    expect(boundariesOf(metrics.get('http.duration')!)[0]).toBe(0.001);
  });

  it('leaves instruments of another meter alone', async () => {
    const plugin = fakePlugin();
    const handle = await startTelemetry({
      plugins: [plugin],
      env: {},
      config: {
        resource: { detect: false },
        metrics: {
          views: [{ instrument: '*', meter: 'other', drop: true }],
          runtime: { enabled: false },
        },
      },
      logger: silentLogger,
      registerGlobal: false,
    });
    handles.push(handle);
    handle.meterProvider.getMeter('svc').createCounter('mine').add(1);
    handle.meterProvider.getMeter('other').createCounter('theirs').add(1);
    expect([...(await collectMetrics(plugin.reader)).keys()]).toEqual(['mine']);
  });

  it('caps series at the view cardinality limit with an overflow series', async () => {
    const { meter, reader } = await start([{ instrument: 'c', cardinalityLimit: 2 }]);
    const counter = meter.createCounter('c');
    counter.add(1, { k: 'a' });
    counter.add(1, { k: 'b' });
    counter.add(1, { k: 'c' });
    const points = (await collectMetric(reader, 'c')).dataPoints;
    expect(points.map((p) => [p.attributes, p.value])).toEqual([
      [{ k: 'a' }, 1],
      [{ 'otel.metric.overflow': true }, 2],
    ]);
  });
});
