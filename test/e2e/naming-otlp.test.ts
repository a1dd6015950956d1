import { createServer, type Server } from 'node:http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { createPrometheusReader } from '@meterline/exporter-prometheus';
import { createOtlpReader, type OtlpReader } from '@meterline/exporter-otlp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrometheus, type TestPrometheus, type Sample } from '../support/prometheus.js';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '../support/victoria-metrics.js';

// One instrument, one name: the same instruments are pushed over OTLP into a real VictoriaMetrics
// (`-opentelemetry.usePrometheusNaming`: its port of the OTel Collector's Prometheus translator, the
// UnderscoreEscapingWithSuffixes rules) and scraped from Meterline by a real Prometheus 3.5. Every
// metric name and label name must be stored the same way on both paths. (Debian's Prometheus 3.5
// is built without its OTLP receiver: `--web.enable-otlp-receiver` is an unknown flag there.)

const INSTRUMENTS = [
  ['histogram', 'http.server.request.duration', 's'], // the common case
  ['histogram', 'request.seconds.latency', 's'], // unit already in the name, not at its end
  ['gauge', 'foo__bar', ''], // `__` collapsed
  ['counter', '_leading.underscore', ''], // no leading underscore kept
  ['gauge', 'link.speed', 'Gbit/s'], // unit case kept
  ['gauge', 'wire.rate', ' By / s '], // whitespace in the unit
  ['updowncounter', 'pool.usage', '1'], // no _ratio on up-down counters
  ['gauge', 'cpu.utilization', '1'], // _ratio on gauges
  ['counter', 'total.requests', ''], // `total` moved to the end
  ['histogram', 'db.query.time', 'ms'], // no base-unit conversion by default
  ['counter', '3xx.responses', ''], // leading digit
  ['gauge', 'requests.in.flight', '{request}'], // annotation only
] as const;

const ATTRIBUTES = {
  'http.method': 'GET',
  a__b: 'x',
  _under: 'y',
  '1st': 'z',
  'Caps.Key': 'w',
  __private: 'v',
};

/**
 * Where VictoriaMetrics departs from the Collector's translator (and the OTel compatibility spec),
 * which Meterline follows: it adds `_ratio` to up-down counters of unit `1` (the translator: gauges
 * only) and keeps a leading digit (the translator: `_` prefix, as a Prometheus name must not start
 * with one). Applied to what it stored, so every other name must match exactly.
 */
const VICTORIA_DEPARTURES: [RegExp, string][] = [
  [/^pool_usage_ratio\{/, 'pool_usage{'],
  [/^3xx_responses_total\{/, '_3xx_responses_total{'],
];

let server: Server;
let prometheus: TestPrometheus;
let vm: TestVictoriaMetrics;
let otlp: OtlpReader;
let provider: MeterProvider;

beforeAll(async () => {
  const pull = createPrometheusReader();
  server = createServer(pull.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  prometheus = await startPrometheus(
    [{ job: 'scraped', url: `http://127.0.0.1:${port}/metrics` }],
    { version: '3.5' },
  );
  vm = await startVictoriaMetrics();
  otlp = await createOtlpReader({
    otlp: { metricsEndpoint: vm.otlpUrl },
    exportIntervalMillis: 1000,
  });
  provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'pushed' }),
    readers: [pull.reader, otlp.reader],
  });
  const meter = provider.getMeter('naming');
  for (const [kind, name, unit] of INSTRUMENTS) {
    if (kind === 'histogram') meter.createHistogram(name, { unit }).record(2, ATTRIBUTES);
    else if (kind === 'counter') meter.createCounter(name, { unit }).add(2, ATTRIBUTES);
    else if (kind === 'updowncounter') meter.createUpDownCounter(name, { unit }).add(2, ATTRIBUTES);
    else meter.createGauge(name, { unit }).record(2, ATTRIBUTES);
  }
});

afterAll(async () => {
  await provider?.shutdown();
  await prometheus?.stop();
  await vm?.remove();
  server?.close();
});

/** `name{sorted label names}` of every series a path stored for the instruments above. */
function shapes(samples: Sample[]): string[] {
  const ignored = new Set([
    'job',
    'instance',
    'otel_scope_name',
    'otel_scope_version',
    'le',
    'vmrange',
    'service_name',
    'scope_name', // VictoriaMetrics's scope labels; Meterline's are otel_scope_*
    'scope_version',
  ]);
  const out = new Set<string>();
  for (const s of samples) {
    const name = s.metric.__name__!;
    if (/^(up|scrape_.*|target_info|meterline_.*)$|_created$/.test(name)) continue;
    const labels = Object.keys(s.metric)
      .filter((k) => k !== '__name__' && !ignored.has(k))
      .sort();
    out.add(`${name}{${labels.join(',')}}`);
  }
  return [...out].sort();
}

describe('names pulled from Meterline and pushed over OTLP', () => {
  it('are the same metric and label names on both paths', async () => {
    const expected = INSTRUMENTS.length;
    const families = (samples: Sample[]) =>
      new Set(samples.map((s) => s.metric.__name__!.replace(/_(bucket|sum|count)$/, ''))).size;
    const pushed = await vm.queryUntil(
      '{__name__!=""}',
      (s) => families(s.filter((x) => x.metric.__name__ !== 'target_info')) >= expected,
    );
    const scraped = await prometheus.queryUntil(
      '{job="scraped"}',
      (s) => shapes(s).length >= shapes(pushed).length,
    );
    const victoria = shapes(pushed).map((shape) =>
      VICTORIA_DEPARTURES.reduce((s, [from, to]) => s.replace(from, to), shape),
    );
    expect(shapes(scraped)).toEqual(victoria.sort());
    expect(shapes(scraped)).toContain(
      'http_server_request_duration_seconds_bucket{Caps_Key,__private,a__b,http_method,key_1st,key_under}',
    );
  });
});
