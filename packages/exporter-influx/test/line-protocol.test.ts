import { describe, expect, it } from 'vitest';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationType, MetricReader } from '@opentelemetry/sdk-metrics';
import { MeterProvider, SUMMARY_AGGREGATION } from '@meterline/engine';
import { createTestMetrics } from '@meterline/testing';
import { toLineProtocol } from '../src/index.js';
import { influxEnabledByEnv, influxOptionsSchema, writeUrl } from '../src/options.js';

async function linesOf(
  record: (meter: ReturnType<ReturnType<typeof createTestMetrics>['meter']>) => void,
) {
  const metrics = createTestMetrics({
    resource: resourceFromAttributes({ 'service.name': 'svc', 'host.name': 'h1' }),
  });
  record(metrics.meter('m'));
  const collected = (await metrics.collect()).resourceMetrics;
  const batch = toLineProtocol(collected, { resourceTags: ['service.name', 'service.namespace'] });
  // Timestamps vary: compare everything before them.
  return { ...batch, lines: batch.lines.map((l) => l.replace(/ \d{13}$/, ' <ms>')) };
}

class TestReader extends MetricReader {
  protected override onShutdown = () => Promise.resolve();
  protected override onForceFlush = () => Promise.resolve();
}

describe('toLineProtocol', () => {
  it('writes a counter as field counter, tagged with attributes and chosen resource tags', async () => {
    const { lines } = await linesOf((m) => m.createCounter('jobs_done').add(4, { queue: 'q1' }));
    expect(lines).toEqual(['jobs_done,queue=q1,service.name=svc counter=4 <ms>']);
  });

  it('writes gauges and up-down counters as field gauge', async () => {
    const { lines } = await linesOf((m) => {
      m.createGauge('temperature').record(-12.5);
      const inflight = m.createUpDownCounter('inflight');
      inflight.add(9);
      inflight.add(-4);
    });
    expect(lines.sort()).toEqual([
      'inflight,service.name=svc gauge=5 <ms>',
      'temperature,service.name=svc gauge=-12.5 <ms>',
    ]);
  });

  it('writes a histogram as count, sum and cumulative bucket fields', async () => {
    const { lines } = await linesOf((m) => {
      const h = m.createHistogram('wait', { advice: { explicitBucketBoundaries: [1, 5] } });
      for (const v of [0.5, 2, 3, 9]) h.record(v);
    });
    expect(lines).toEqual(['wait,service.name=svc +Inf=4,1=1,5=3,count=4,sum=14.5 <ms>']);
  });

  it('writes a summary as count, sum and one field per quantile, leaving out empty ones', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'svc' }),
      readers: [reader],
      views: [
        {
          instrumentName: 'wait',
          aggregation: {
            type: SUMMARY_AGGREGATION,
            options: { objectives: { 0.5: 0.05, 0.99: 0.001 } },
          },
        },
      ],
    });
    const h = provider.getMeter('m').createHistogram('wait');
    for (let i = 1; i <= 100; i++) h.record(i, { queue: 'q1' });
    const { resourceMetrics } = await reader.collect();
    const batch = toLineProtocol(resourceMetrics, { resourceTags: ['service.name'] });
    expect(batch.skipped).toEqual([]);
    expect(batch.lines.map((l) => l.replace(/ \d{13}$/, ' <ms>'))).toEqual([
      'wait,queue=q1,service.name=svc 0.5=50,0.99=99,count=100,sum=5050 <ms>',
    ]);
    // A quantile with no value (an empty window) has no line-protocol spelling: left out.
    const summary = resourceMetrics.scopeMetrics[0]!.metrics[0]! as unknown as {
      dataPoints: { value: { quantiles: { quantile: number; value: number }[] } }[];
    };
    summary.dataPoints[0]!.value.quantiles = [{ quantile: 0.5, value: Number.NaN }];
    expect(toLineProtocol(resourceMetrics).lines[0]).toMatch(
      /^wait,queue=q1 count=100,sum=5050 \d{13}$/,
    );
  });

  it('escapes spaces, commas and equals signs in keys and values, and control characters', async () => {
    const { lines } = await linesOf((m) =>
      m.createCounter('c').add(1, { 'a key,x=y': 'v a,l=u"e', nl: 'one\ntwo', tab: 'a\tb' }),
    );
    expect(lines).toEqual([
      'c,a\\ key\\,x\\=y=v\\ a\\,l\\=u"e,nl=one\\ntwo,service.name=svc,tab=a\\tb counter=1 <ms>',
    ]);
  });

  it('writes `_` for backslashes that InfluxDB 1.x and 2.x would read differently', async () => {
    const { lines } = await linesOf((m) =>
      m.createCounter('c').add(1, {
        end: 'ends\\',
        beforeSpace: 'a\\ b',
        double: 'a\\\\b',
        beforeComma: 'a\\,b',
        plain: 'back\\slash',
      }),
    );
    expect(lines).toEqual([
      'c,beforeComma=a_\\,b,beforeSpace=a_\\ b,double=a_\\b,end=ends_,plain=back\\slash,service.name=svc counter=1 <ms>',
    ]);
  });

  it('leaves out empty tag values, and array values become JSON', async () => {
    const { lines } = await linesOf((m) =>
      m.createCounter('c').add(1, { empty: '', list: ['a', 'b'] }),
    );
    expect(lines).toEqual(['c,list=["a"\\,"b"],service.name=svc counter=1 <ms>']);
  });

  it('skips exponential histograms, saying why', async () => {
    const metrics = createTestMetrics({
      views: [
        {
          instrumentName: 'expo',
          aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM },
        },
      ],
    });
    metrics.meter('m').createHistogram('expo').record(1);
    const batch = toLineProtocol((await metrics.collect()).resourceMetrics);
    expect(batch.lines).toEqual([]);
    expect(batch.skipped).toEqual([
      'expo: exponential histograms have no line-protocol mapping; use a view',
    ]);
  });

  it('stamps each point with its end time in milliseconds', async () => {
    const before = Date.now();
    const metrics = createTestMetrics();
    metrics.meter('m').createCounter('c').add(1);
    const [line] = toLineProtocol((await metrics.collect()).resourceMetrics).lines;
    const stamp = Number(line!.split(' ').at(-1));
    expect(stamp).toBeGreaterThanOrEqual(before - 1);
    expect(stamp).toBeLessThanOrEqual(Date.now());
  });
});

describe('InfluxDB options', () => {
  it('builds the v1 and v2 write URLs with precision ms', () => {
    const v1 = influxOptionsSchema.parse({
      url: 'http://i:8086',
      database: 'db 1',
      retentionPolicy: 'week',
    });
    expect(writeUrl(v1)).toBe('http://i:8086/write?db=db+1&rp=week&precision=ms');
    const v2 = influxOptionsSchema.parse({
      url: 'http://i:8086/',
      api: 'v2',
      org: 'acme',
      bucket: 'b',
    });
    expect(writeUrl(v2)).toBe('http://i:8086/api/v2/write?org=acme&bucket=b&precision=ms');
  });

  it('is turned on by METERLINE_INFLUX_URL alone', () => {
    expect(influxEnabledByEnv({ METERLINE_INFLUX_URL: 'http://i:8086' })).toBe(true);
    expect(influxEnabledByEnv({})).toBe(false);
  });
});
