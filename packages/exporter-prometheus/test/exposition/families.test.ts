import { describe, expect, it } from 'vitest';
import { exponentialView, scrapeText, testProvider, toText } from '../support.js';

describe('families across scopes and collisions', () => {
  it('merges same-named streams of two meters under one # TYPE, told apart by scope labels', async () => {
    const { reader, provider } = testProvider();
    provider.getMeter('a').createCounter('requests').add(1);
    provider.getMeter('b').createCounter('requests').add(2);
    const text = await scrapeText(reader, { format: 'text', targetInfo: false });
    expect(text.match(/# TYPE requests_total counter/g)).toHaveLength(1);
    expect(text).toContain('requests_total{otel_scope_name="a"} 1\n');
    expect(text).toContain('requests_total{otel_scope_name="b"} 2\n');
  });

  it("merges twin names of one meter, serving each series once (the first stream's)", async () => {
    const { reader, provider } = testProvider();
    const meter = provider.getMeter('web');
    meter.createCounter('req.count').add(3, { route: '/a' });
    const twin = meter.createCounter('req_count');
    twin.add(5, { route: '/a' });
    twin.add(8, { route: '/b' });
    const { resourceMetrics } = await reader.collectWithin(1000);
    const result = await toText(resourceMetrics, { format: 'text', targetInfo: false });
    expect(result.text).toBe(
      '# HELP req_count_total req.count\n# TYPE req_count_total counter\n' +
        'req_count_total{route="/a",otel_scope_name="web"} 3\n' +
        'req_count_total{route="/b",otel_scope_name="web"} 8\n',
    );
    expect(result.problems).toEqual([
      'instrument "req_count" of meter "web": series with attributes {"route":"/a"} dropped: instrument "req.count" serves it as req_count_total too',
    ]);
  });

  it('converts each merged stream from its own unit', async () => {
    const { reader, provider } = testProvider();
    provider.getMeter('a').createGauge('wait', { unit: 'ms' }).record(1500);
    provider.getMeter('b').createGauge('wait_seconds', { unit: 's' }).record(2);
    const text = await scrapeText(reader, { format: 'text', targetInfo: false, baseUnits: true });
    expect(text).toContain('wait_seconds{otel_scope_name="a"} 1.5\n');
    expect(text).toContain('wait_seconds{otel_scope_name="b"} 2\n');
  });

  it('drops and reports a stream whose name belongs to a family of another kind', async () => {
    const { reader, provider } = testProvider();
    provider.getMeter('a').createCounter('jobs').add(1);
    provider.getMeter('b').createUpDownCounter('jobs').add(5);
    provider
      .getMeter('c')
      .createObservableGauge('jobs_total')
      .addCallback((r) => r.observe(9));
    const { resourceMetrics } = await reader.collectWithin(1000);
    const result = await toText(resourceMetrics, { format: 'text', targetInfo: false });
    expect(result.text).toBe(
      '# HELP jobs_total jobs\n# TYPE jobs_total counter\njobs_total{otel_scope_name="a"} 1\n',
    );
    expect(result.problems).toEqual([
      'instrument "jobs" of meter "b" dropped: its name jobs is taken by a counter',
      'instrument "jobs_total" of meter "c" dropped: name jobs_total is taken by family jobs',
    ]);
  });
});

describe('exponential histograms', () => {
  it('are written as classic histograms with the exponential bucket bounds, nothing lost', async () => {
    const { reader, provider } = testProvider([exponentialView('size')]);
    const size = provider.getMeter('m').createHistogram('size');
    for (const v of [1, 2, 3, 4, 100, 0, 0]) size.record(v);
    const text = await scrapeText(reader, {
      format: 'text',
      targetInfo: false,
      scopeLabels: false,
    });
    expect(text).toContain('# TYPE size histogram\n');
    const buckets = [...text.matchAll(/^size_bucket\{le="([^"]+)"\} (\d+)$/gm)].map((m) => [
      m[1] === '+Inf' ? Infinity : Number(m[1]),
      Number(m[2]),
    ]);
    // Bounds strictly increase, counts never decrease, +Inf holds all 7 observations.
    for (let i = 1; i < buckets.length; i++) {
      expect(buckets[i]![0]).toBeGreaterThan(buckets[i - 1]![0]!);
      expect(buckets[i]![1]).toBeGreaterThanOrEqual(buckets[i - 1]![1]!);
    }
    expect(buckets.at(-1)).toEqual([Infinity, 7]);
    // The first bound at or above each value counts every observation up to that value.
    const countAtOrBelow = (x: number) => buckets.find(([bound]) => bound! >= x)![1];
    expect(countAtOrBelow(0)).toBe(2);
    expect(countAtOrBelow(1)).toBe(3);
    expect(countAtOrBelow(4)).toBe(6);
    expect(countAtOrBelow(100)).toBe(7);
    expect(text).toContain('\nsize_count 7\n');
    expect(text).toContain('\nsize_sum 110\n');
  });
});

describe('exemplars', () => {
  it('are written in OpenMetrics on the bucket holding the value, and never in text', async () => {
    const { reader, provider } = testProvider();
    provider
      .getMeter('m')
      .createHistogram('lat', { advice: { explicitBucketBoundaries: [1, 10] } })
      .record(5);
    const { resourceMetrics } = await reader.collectWithin(1000);
    const point = resourceMetrics.scopeMetrics[0]!.metrics[0]!.dataPoints[0]! as object;
    Object.assign(point, {
      exemplars: [
        {
          value: 5,
          timestamp: 1700000000000,
          traceId: 'abc',
          spanId: 'def',
          filteredAttributes: {},
        },
      ],
    });
    const om = await toText(resourceMetrics, {
      format: 'openmetrics',
      targetInfo: false,
      scopeLabels: false,
    });
    expect(om.text).toContain(
      'lat_bucket{le="10.0"} 1 # {trace_id="abc",span_id="def"} 5 1700000000\n',
    );
    expect(om.text).toContain('lat_bucket{le="1.0"} 0\n');
    const text = await toText(resourceMetrics, {
      format: 'text',
      targetInfo: false,
      scopeLabels: false,
    });
    expect(text.text).not.toContain('#  {');
    expect(text.text).not.toContain('trace_id');
  });
});

describe('slicing', () => {
  it('hands a large exposition over in several chunks that add up to the whole', async () => {
    const { reader, provider } = testProvider();
    const counter = provider.getMeter('m').createCounter('c');
    for (let i = 0; i < 1500; i++) counter.add(1, { i });
    const { resourceMetrics } = await reader.collectWithin(5000);
    const chunks: string[] = [];
    const { serialize } = await import('../../src/exposition/serialize.js');
    const result = await serialize(resourceMetrics, { format: 'text', sliceMs: 0 }, (c) => {
      chunks.push(c.toString('utf8'));
    });
    expect(chunks.length).toBeGreaterThan(5);
    const whole = chunks.join('');
    expect(whole.match(/^c_total\{/gm)).toHaveLength(1500);
    expect(result.series).toBe(1501);
  });

  it('hands text over by size within one slice, awaiting the sink (backpressure)', async () => {
    const { reader, provider } = testProvider();
    const counter = provider.getMeter('m').createCounter('c');
    // Multi-byte values: every chunk must still end on a line (so on a character) boundary.
    for (let i = 0; i < 1500; i++) counter.add(1, { i, name: `naïve-🙂-${i}` });
    const { resourceMetrics } = await reader.collectWithin(5000);
    const { serialize } = await import('../../src/exposition/serialize.js');
    const chunks: string[] = [];
    let waits = 0;
    await serialize(
      resourceMetrics,
      { format: 'text', sliceMs: 60_000, chunkBytes: 4096 },
      async (c) => {
        chunks.push(c.toString('utf8'));
        await new Promise<void>((resolve) => setImmediate(resolve));
        waits++;
      },
    );
    expect(waits).toBe(chunks.length);
    // 64 series (the check interval) of ~70 bytes past the threshold at most.
    const sizes = chunks.map((c) => Buffer.byteLength(c));
    expect(Math.max(...sizes)).toBeLessThan(4096 + 64 * 80);
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.endsWith('\n')).toBe(true);
    const whole = chunks.join('');
    expect(whole.match(/^c_total\{/gm)).toHaveLength(1500);
    expect(whole).toContain('c_total{i="1499",name="naïve-🙂-1499",otel_scope_name="m"} 1\n');
  });
});
