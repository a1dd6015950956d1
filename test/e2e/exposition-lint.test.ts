import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationType, MeterProvider } from '@opentelemetry/sdk-metrics';
import { PullMetricReader, serialize } from '@meterline/exporter-prometheus';
import { describe, expect, it } from 'vitest';
import { openMetricsFamilies } from '../support/openmetrics-parser.js';
import { checkMetrics } from '../support/promtool.js';

// promtool check metrics parses only the text format 0.0.4; the OpenMetrics body of the same
// streams goes to the strict OpenMetrics parser of the Python prometheus_client (and a real
// Prometheus scrapes OpenMetrics in prometheus-endpoint.test.ts, job "openmetrics").
describe('every kind of stream passes promtool (text 0.0.4) and the strict OpenMetrics parser', () => {
  it('has no complaint', async () => {
    const reader = new PullMetricReader();
    const provider = new MeterProvider({
      resource: resourceFromAttributes({
        'service.name': 'lint',
        'deployment.environment': 'te"st\n',
      }),
      readers: [reader],
      views: [
        {
          instrumentName: 'payload_size',
          aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 40 } },
        },
      ],
    });
    const meter = provider.getMeter('lint-scope', '2.0.0');
    meter.createCounter('requests', { description: 'Requests "served"\\ok' }).add(3, {
      'http.route': '/a\\b"c"\nd',
      code: 200,
      ok: true,
    });
    meter.createCounter('bytes.sent', { unit: 'By' }).add(10);
    meter.createUpDownCounter('queue.depth', { unit: '{item}' }).add(-2);
    meter.createHistogram('latency', { unit: 'ms' }).record(12, { route: '/x' });
    meter.createHistogram('payload_size', { unit: 'By' }).record(1500);
    meter.createHistogram('payload_size', { unit: 'By' }).record(0);
    meter.createGauge('temperature', { unit: 'Cel' }).record(21.5);
    meter
      .createObservableGauge('cache.hit_ratio', { unit: '1' })
      .addCallback((r) => r.observe(0.5));
    meter.createObservableGauge('weird').addCallback((r) => {
      r.observe(Number.NaN, { k: 'nan' });
      r.observe(-Infinity, { k: 'neg' });
    });
    meter.createCounter('empty_attrs').add(1, {});

    const { resourceMetrics, errors } = await reader.collectWithin(5000);
    expect(errors).toEqual([]);
    // promtool's lint asks for base units: with baseUnits on, ms is served as seconds.
    let body = '';
    const result = await serialize(resourceMetrics, { format: 'text', baseUnits: true }, (c) => {
      body += c.toString('utf8');
    });
    expect(result.problems).toEqual([]);
    expect(body).toContain(
      'payload_size_bytes_bucket{otel_scope_name="lint-scope",otel_scope_version="2.0.0",le="0.0"} 1',
    );
    expect(body).toContain(
      'queue_depth{otel_scope_name="lint-scope",otel_scope_version="2.0.0"} -2',
    );
    // ms is converted to the base unit: 12 ms is 0.012 s, bucket bounds too.
    expect(body).toContain(
      'latency_seconds_sum{route="/x",otel_scope_name="lint-scope",otel_scope_version="2.0.0"} 0.012',
    );
    expect(body).toContain(
      'latency_seconds_bucket{route="/x",otel_scope_name="lint-scope",otel_scope_version="2.0.0",le="0.025"} 1',
    );
    expect(checkMetrics(body)).toEqual({ exitCode: 0, output: '' });
    // By default the unit stays (one name with OTLP push), and that is promtool's only complaint.
    let plain = '';
    await serialize(resourceMetrics, { format: 'text' }, (c) => {
      plain += c.toString('utf8');
    });
    expect(plain).toContain('latency_milliseconds_sum{route="/x"');
    expect(checkMetrics(plain)).toEqual({
      exitCode: 3,
      output: 'latency_milliseconds use base unit "seconds" instead of "milliseconds"',
    });

    let om = '';
    const omResult = await serialize(resourceMetrics, { format: 'openmetrics' }, (c) => {
      om += c.toString('utf8');
    });
    expect(omResult.problems).toEqual([]);
    const families = openMetricsFamilies(om);
    // One OpenMetrics family per text family, under the same names (same options).
    const textFamilies = [...plain.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) =>
      m[2] === 'counter' ? m[1]!.replace(/_total$/, '') : m[1] === 'target_info' ? 'target' : m[1],
    );
    expect(families.map((f) => f.name)).toEqual(textFamilies);
    await provider.shutdown();
  });
});
