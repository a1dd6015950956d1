import type { Attributes } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { limitAttributes } from '../src/attribute-limits.js';
import { startTelemetry, type TelemetryHandle } from '../src/start-telemetry.js';
import { collectMetrics, fakePlugin, recordingLogger } from './helpers.js';

const handles: TelemetryHandle[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.shutdown();
});

const BIG = 'x'.repeat(1_000_000);

async function start(env: Record<string, string> = {}) {
  const plugin = fakePlugin('prometheus');
  const logger = recordingLogger();
  const telemetry = await startTelemetry({
    plugins: [plugin],
    registerGlobal: false,
    logger,
    env,
    config: { resource: { detect: false }, metrics: { runtime: { enabled: false } } },
  });
  handles.push(telemetry);
  return { telemetry, plugin, logger, meter: telemetry.meterProvider.getMeter('limits') };
}

function attributesOf(
  metrics: Map<string, { dataPoints: { attributes: Attributes }[] }>,
  name: string,
) {
  return metrics.get(name)!.dataPoints.map((p) => p.attributes);
}

describe('limitAttributes', () => {
  const limits = { valueLength: 4, count: 2 };
  it('passes attributes within the limits through as the same object', () => {
    const attributes = { a: 'abcd', b: 7 };
    expect(limitAttributes(attributes, limits)).toBe(attributes);
  });

  it('cuts long strings (also in arrays, never inside a surrogate pair) and drops attributes past the count', () => {
    const cutAt: string[] = [];
    expect(
      limitAttributes({ a: 'abcdef', b: ['xyzzy', 'ok', 3], c: 'dropped' }, limits, (k) =>
        cutAt.push(k),
      ),
    ).toEqual({ a: 'abcd', b: ['xyzz', 'ok', 3] });
    expect(cutAt).toEqual(['a']);
    expect(limitAttributes({ e: 'abc😀z' }, limits)).toEqual({ e: 'abc' });
    expect(limitAttributes({ a: 1, b: 2, c: 3 }, limits, (k) => cutAt.push(k))).toEqual({
      a: 1,
      b: 2,
    });
    expect(cutAt).toEqual(['a', 'c']);
  });
});

describe.each(['meterline', 'sdk'] as const)(
  'attribute limits where measurements enter (%s engine)',
  (engine) => {
    const begin = (env: Record<string, string> = {}) =>
      start({ METERLINE_METRICS_ENGINE: engine, ...env });

    it('cuts a 1 MB value to 1024 characters and keeps 128 attributes, for every instrument kind', async () => {
      const { meter, plugin, logger } = await begin();
      const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i]));
      meter.createCounter('c').add(1, { v: BIG });
      meter.createUpDownCounter('u').add(1, many);
      meter.createHistogram('h').record(1, { v: BIG });
      meter.createGauge('g').record(1, { v: BIG });
      meter.createObservableGauge('og').addCallback((r) => r.observe(1, { v: BIG }));
      const batched = meter.createObservableCounter('oc');
      meter.addBatchObservableCallback((r) => r.observe(batched, 5, { v: BIG }), [batched]);

      const metrics = await collectMetrics(plugin.reader);
      for (const name of ['c', 'h', 'g', 'og', 'oc']) {
        expect(attributesOf(metrics, name)).toEqual([{ v: 'x'.repeat(1024) }]);
      }
      expect(Object.keys(attributesOf(metrics, 'u')[0]!)).toEqual(Object.keys(many).slice(0, 128));
      // Once per instrument, naming the key, never the value.
      expect(logger.lines.filter((l) => l.includes('attributes cut to the limits'))).toHaveLength(
        6,
      );
      expect(logger.lines.join('\n')).not.toContain('x'.repeat(1025));
    });

    it('reads OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT and OTEL_ATTRIBUTE_COUNT_LIMIT', async () => {
      const { meter, plugin } = await begin({
        OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '8',
        OTEL_ATTRIBUTE_COUNT_LIMIT: '1',
      });
      meter.createCounter('c').add(1, { first: 'abcdefghij', second: 'y' });
      expect(attributesOf(await collectMetrics(plugin.reader), 'c')).toEqual([
        { first: 'abcdefgh' },
      ]);
    });

    it('lets a removed callback go, also a batch one', async () => {
      const { meter, plugin } = await begin();
      const calls = { single: 0, batch: 0 };
      const og = meter.createObservableGauge('og');
      const single = (r: { observe(v: number): void }) => r.observe(++calls.single);
      og.addCallback(single);
      const oc = meter.createObservableCounter('oc');
      const batch = (r: { observe(o: typeof oc, v: number): void }) => r.observe(oc, ++calls.batch);
      meter.addBatchObservableCallback(batch, [oc]);
      await collectMetrics(plugin.reader);
      expect(calls).toEqual({ single: 1, batch: 1 });
      og.removeCallback(single);
      meter.removeBatchObservableCallback(batch, [oc]);
      await collectMetrics(plugin.reader);
      expect(calls).toEqual({ single: 1, batch: 1 });
    });
  },
);
