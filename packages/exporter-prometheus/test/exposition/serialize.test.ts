import { describe, expect, it } from 'vitest';
import { openMetricsFamilies } from '../../../../test/support/openmetrics-parser.js';
import { scrapeText, testProvider, toText } from '../support.js';

function record() {
  const { reader, provider } = testProvider();
  const meter = provider.getMeter('shop', '1.0.0');
  const orders = meter.createCounter('orders', { description: 'Orders placed' });
  orders.add(3, { region: 'eu' });
  orders.add(2, { region: 'us "west"\\1\nx' });
  meter.createUpDownCounter('queue_depth', { description: 'Items queued' }).add(-4);
  const latency = meter.createHistogram('request.latency', {
    description: 'Request latency',
    unit: 's',
    advice: { explicitBucketBoundaries: [0.1, 1] },
  });
  latency.record(0.05, { route: '/a' });
  latency.record(0.5, { route: '/a' });
  latency.record(5, { route: '/a' });
  meter
    .createObservableGauge('temperature', { description: 'Room "temp"\\n', unit: 'Cel' })
    .addCallback((r) => r.observe(Number.NaN, { room: 'a' }));
  meter
    .createObservableGauge('ratio', { description: 'A ratio', unit: '1' })
    .addCallback((r) => r.observe(Infinity));
  return reader;
}

const TEXT = `# HELP target_info Target metadata
# TYPE target_info gauge
target_info{service_instance_id="i-1",service_name="svc"} 1
# HELP orders_total Orders placed
# TYPE orders_total counter
orders_total{region="eu",otel_scope_name="shop",otel_scope_version="1.0.0"} 3
orders_total{region="us \\"west\\"\\\\1\\nx",otel_scope_name="shop",otel_scope_version="1.0.0"} 2
# HELP queue_depth Items queued
# TYPE queue_depth gauge
queue_depth{otel_scope_name="shop",otel_scope_version="1.0.0"} -4
# HELP request_latency_seconds Request latency
# TYPE request_latency_seconds histogram
request_latency_seconds_bucket{route="/a",otel_scope_name="shop",otel_scope_version="1.0.0",le="0.1"} 1
request_latency_seconds_bucket{route="/a",otel_scope_name="shop",otel_scope_version="1.0.0",le="1.0"} 2
request_latency_seconds_bucket{route="/a",otel_scope_name="shop",otel_scope_version="1.0.0",le="+Inf"} 3
request_latency_seconds_sum{route="/a",otel_scope_name="shop",otel_scope_version="1.0.0"} 5.55
request_latency_seconds_count{route="/a",otel_scope_name="shop",otel_scope_version="1.0.0"} 3
# HELP temperature_celsius Room "temp"\\\\n
# TYPE temperature_celsius gauge
temperature_celsius{room="a",otel_scope_name="shop",otel_scope_version="1.0.0"} NaN
# HELP ratio A ratio
# TYPE ratio gauge
ratio{otel_scope_name="shop",otel_scope_version="1.0.0"} +Inf
`;

const OPENMETRICS = `# TYPE target info
# HELP target Target metadata
target_info{service_instance_id="i-1",service_name="svc"} 1
# TYPE orders counter
# HELP orders Orders placed
orders_total{region="eu",otel_scope_name="shop",otel_scope_version="1.0.0"} 3
orders_created{region="eu",otel_scope_name="shop",otel_scope_version="1.0.0"} <start>
orders_total{region="us \\"west\\"\\\\1\\nx",otel_scope_name="shop",otel_scope_version="1.0.0"} 2
orders_created{region="us \\"west\\"\\\\1\\nx",otel_scope_name="shop",otel_scope_version="1.0.0"} <start>
# TYPE queue_depth gauge
# HELP queue_depth Items queued
queue_depth{otel_scope_name="shop",otel_scope_version="1.0.0"} -4
# TYPE request_latency_seconds histogram
# UNIT request_latency_seconds seconds
# HELP request_latency_seconds Request latency
request_latency_seconds_bucket{route="/a",otel_scope_name="shop",otel_scope_version="1.0.0",le="0.1"} 1
request_latency_seconds_bucket{route="/a",otel_scope_name="shop",otel_scope_version="1.0.0",le="1.0"} 2
request_latency_seconds_bucket{route="/a",otel_scope_name="shop",otel_scope_version="1.0.0",le="+Inf"} 3
request_latency_seconds_sum{route="/a",otel_scope_name="shop",otel_scope_version="1.0.0"} 5.55
request_latency_seconds_count{route="/a",otel_scope_name="shop",otel_scope_version="1.0.0"} 3
request_latency_seconds_created{route="/a",otel_scope_name="shop",otel_scope_version="1.0.0"} <start>
# TYPE temperature_celsius gauge
# UNIT temperature_celsius celsius
# HELP temperature_celsius Room \\"temp\\"\\\\n
temperature_celsius{room="a",otel_scope_name="shop",otel_scope_version="1.0.0"} NaN
# TYPE ratio gauge
# HELP ratio A ratio
ratio{otel_scope_name="shop",otel_scope_version="1.0.0"} +Inf
# EOF
`;

describe('serialize', () => {
  it('writes Prometheus text 0.0.4 with escaping, unit suffixes, _total and target_info', async () => {
    expect(await scrapeText(record(), { format: 'text' })).toBe(TEXT);
  });

  it('writes OpenMetrics 1.0 with family names, # UNIT, _created and # EOF', async () => {
    const reader = record();
    const { resourceMetrics } = await reader.collectWithin(5000);
    const { text } = await toText(resourceMetrics, { format: 'openmetrics' });
    // `_created` is each point's start time, in seconds.
    const startOf = (name: string) =>
      resourceMetrics.scopeMetrics[0]!.metrics.find((m) => m.descriptor.name === name)!
        .dataPoints[0]!.startTime;
    const seconds = ([s, ns]: [number, number]) => s + ns / 1e9;
    const created = [...text.matchAll(/^(\w+)_created\{.*\} (\S+)$/gm)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    expect(created).toEqual([
      ['orders', seconds(startOf('orders'))],
      ['orders', seconds(startOf('orders'))],
      ['request_latency_seconds', seconds(startOf('request.latency'))],
    ]);
    expect(text.replace(/^(\w+_created\{.*\}) \S+$/gm, '$1 <start>')).toBe(OPENMETRICS);
  });

  it('writes a body the strict OpenMetrics parser (Python prometheus_client) accepts', async () => {
    const text = await scrapeText(record(), { format: 'openmetrics' });
    const families = openMetricsFamilies(text);
    expect(families.map((f) => [f.name, f.type, f.unit])).toEqual([
      ['target', 'info', ''],
      ['orders', 'counter', ''],
      ['queue_depth', 'gauge', ''],
      ['request_latency_seconds', 'histogram', 'seconds'],
      ['temperature_celsius', 'gauge', 'celsius'],
      ['ratio', 'gauge', ''],
    ]);
    const latency = families[3]!.samples.map((s) => [s.name, s.labels.le ?? '', s.value]);
    expect(latency.slice(0, 5)).toEqual([
      ['request_latency_seconds_bucket', '0.1', 1],
      ['request_latency_seconds_bucket', '1.0', 2],
      ['request_latency_seconds_bucket', '+Inf', 3],
      ['request_latency_seconds_sum', '', 5.55],
      ['request_latency_seconds_count', '', 3],
    ]);
  });

  it('keeps a name that already carries its unit and _total as it is', async () => {
    const { reader, provider } = testProvider();
    const meter = provider.getMeter('m');
    meter.createCounter('messages_received_total').add(1);
    meter.createHistogram('message_processing_duration_seconds', { unit: 's' }).record(1);
    meter
      .createObservableGauge('process_memory_bytes', { unit: 'By' })
      .addCallback((r) => r.observe(7));
    const text = await scrapeText(reader, {
      format: 'text',
      targetInfo: false,
      scopeLabels: false,
    });
    expect(text).toContain('\nmessages_received_total 1\n');
    expect(text).toContain('\nmessage_processing_duration_seconds_count 1\n');
    expect(text).toContain('\nprocess_memory_bytes 7\n');
    expect(text).not.toMatch(/_total_total|_seconds_seconds|_bytes_bytes/);
  });

  it('converts non-base units to seconds and bytes on request, values and buckets alike', async () => {
    const { reader, provider } = testProvider();
    const meter = provider.getMeter('m');
    meter
      .createHistogram('rpc.duration', {
        unit: 'ms',
        advice: { explicitBucketBoundaries: [5, 50] },
      })
      .record(12);
    meter.createObservableGauge('heap', { unit: 'KiBy' }).addCallback((r) => r.observe(2));
    const text = await scrapeText(reader, {
      format: 'text',
      targetInfo: false,
      scopeLabels: false,
      baseUnits: true,
    });
    expect(text).toContain('rpc_duration_seconds_bucket{le="0.005"} 0\n');
    expect(text).toContain('rpc_duration_seconds_bucket{le="0.05"} 1\n');
    expect(text).toContain('rpc_duration_seconds_sum 0.012\n');
    expect(text).toContain('\nheap_bytes 2048\n');
    // By default the unit stays, as over OTLP: one instrument, one name.
    const raw = await scrapeText(reader, { format: 'text', targetInfo: false, scopeLabels: false });
    expect(raw).toContain('rpc_duration_milliseconds_sum 12\n');
    expect(raw).toContain('\nheap_kibibytes 2\n');
  });

  it('turns each naming rule off on request', async () => {
    const { reader, provider } = testProvider();
    const meter = provider.getMeter('m');
    meter.createCounter('jobs').add(2);
    meter.createHistogram('wait', { unit: 's' }).record(1);
    const text = await scrapeText(reader, {
      format: 'text',
      targetInfo: false,
      scopeLabels: false,
      unitSuffixes: false,
      totalSuffix: false,
    });
    expect(text).toContain('# TYPE jobs counter\njobs 2\n');
    expect(text).toContain('\nwait_count 1\n');
    expect(text).not.toContain('target_info');
  });

  it('writes a series with no attributes and no scope labels without braces', async () => {
    const { reader, provider } = testProvider();
    provider.getMeter('m').createCounter('hits').add(1);
    const text = await scrapeText(reader, {
      format: 'text',
      targetInfo: false,
      scopeLabels: false,
    });
    expect(text).toBe('# HELP hits_total hits\n# TYPE hits_total counter\nhits_total 1\n');
  });

  it('sanitises names and label keys, joining values of keys that collide', async () => {
    const { reader, provider } = testProvider();
    provider
      .getMeter('m')
      .createCounter('http.server-requests')
      .add(1, { 'http.method': 'GET', http_method: 'get', '1st': 'x', __private: 'y' });
    const text = await scrapeText(reader, {
      format: 'text',
      targetInfo: false,
      scopeLabels: false,
    });
    expect(text).toContain(
      'http_server_requests_total{key_1st="x",__private="y",http_method="GET;get"} 1',
    );
  });

  it('never lets an attribute set __name__', async () => {
    const { reader, provider } = testProvider();
    provider.getMeter('m').createCounter('hits').add(1, { __name__: 'other' });
    const text = await scrapeText(reader, {
      format: 'text',
      targetInfo: false,
      scopeLabels: false,
    });
    expect(text).toContain('\nhits_total{exported___name__="other"} 1\n');
  });

  it('counts the series it wrote', async () => {
    const { reader, provider } = testProvider();
    const counter = provider.getMeter('m').createCounter('c');
    for (let i = 0; i < 10; i++) counter.add(1, { i });
    const { resourceMetrics } = await reader.collectWithin(1000);
    const result = await toText(resourceMetrics, { format: 'text' });
    expect(result.series).toBe(11); // 10 + target_info
  });
});
