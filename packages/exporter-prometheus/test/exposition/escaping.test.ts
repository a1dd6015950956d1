import { describe, expect, it } from 'vitest';
import {
  escapeMetricName,
  escapingOf,
  metadataName,
  seriesName,
} from '../../src/exposition/escaping.js';
import { negotiateEscaping } from '../../src/exposition/negotiate.js';
import { testProvider, toText } from '../support.js';

describe('escaping names for scrapers that do not take UTF-8', () => {
  // The cases of prometheus/common's model.EscapeName.
  it.each([
    ['no:escaping_required', 'underscores', 'no:escaping_required'],
    ['mysystem.prod.west.cpu.load', 'underscores', 'mysystem_prod_west_cpu_load'],
    ['mysystem.prod.west.cpu.load', 'dots', 'mysystem_dot_prod_dot_west_dot_cpu_dot_load'],
    ['mysystem.prod.west.cpu.load', 'values', 'U__mysystem_2e_prod_2e_west_2e_cpu_2e_load'],
    [
      'mysystem.prod.west.cpu.load_total',
      'dots',
      'mysystem_dot_prod_dot_west_dot_cpu_dot_load__total',
    ],
    [
      'mysystem.prod.west.cpu.load_total',
      'values',
      'U__mysystem_2e_prod_2e_west_2e_cpu_2e_load__total',
    ],
    ['http.status:sum', 'underscores', 'http_status:sum'],
    ['3xx.count', 'underscores', '_xx_count'],
    ['mysystem.prod.west.cpu.load', 'allow-utf-8', 'mysystem.prod.west.cpu.load'],
  ] as const)('%s with %s -> %s', (name, scheme, escaped) => {
    expect(escapeMetricName(name, scheme)).toBe(escaped);
  });

  it('quotes a UTF-8 name in metadata and series, leaves a legacy one alone', () => {
    expect(metadataName('a.b')).toBe('"a.b"');
    expect(metadataName('a_b')).toBe('a_b');
    expect(seriesName('a.b', 'k="v"')).toBe('{"a.b",k="v"}');
    expect(seriesName('a.b', '')).toBe('{"a.b"}');
    expect(seriesName('a_b', 'k="v",j="w"')).toBe('a_b{k="v",j="w"}');
  });

  it('reads the escaping parameter of the range that chose the format', () => {
    const prometheus35 =
      'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2';
    expect(negotiateEscaping(prometheus35, 'openmetrics')).toBe('allow-utf-8');
    expect(escapingOf(negotiateEscaping(prometheus35, 'openmetrics'))).toBe('allow-utf-8');
    const prometheus253 =
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
    expect(escapingOf(negotiateEscaping(prometheus253, 'openmetrics'))).toBe('underscores');
    expect(escapingOf(negotiateEscaping(undefined, 'text'))).toBe('underscores');
    expect(escapingOf('nonsense')).toBe('underscores');
  });
});

describe('a UTF-8 translation strategy, served', () => {
  async function body(escaping: 'allow-utf-8' | 'underscores', format: 'openmetrics' | 'text') {
    const { reader, provider } = testProvider();
    const meter = provider.getMeter('m');
    meter.createCounter('http.requests').add(2, { code: '200' });
    meter
      .createHistogram('db.wait', { unit: 's', advice: { explicitBucketBoundaries: [1] } })
      .record(0.5);
    meter.createCounter('http_requests').add(5, { code: '200' });
    const { resourceMetrics } = await reader.collectWithin(5000);
    return toText(resourceMetrics, {
      format,
      escaping,
      translationStrategy: 'NoUTF8EscapingWithSuffixes',
      targetInfo: false,
      scopeLabels: false,
      createdSamples: false,
    });
  }

  it('quotes names for an OpenMetrics scraper that allows UTF-8', async () => {
    const { text, problems } = await body('allow-utf-8', 'openmetrics');
    expect(text).toBe(
      [
        '# TYPE "http.requests" counter',
        '# HELP "http.requests" http.requests',
        '{"http.requests_total",code="200"} 2',
        '# TYPE "db.wait_seconds" histogram',
        '# UNIT "db.wait_seconds" seconds',
        '# HELP "db.wait_seconds" db.wait',
        '{"db.wait_seconds_bucket",le="1.0"} 1',
        '{"db.wait_seconds_bucket",le="+Inf"} 1',
        '{"db.wait_seconds_sum"} 0.5',
        '{"db.wait_seconds_count"} 1',
        '# TYPE http_requests counter',
        '# HELP http_requests http_requests',
        'http_requests_total{code="200"} 5',
        '# EOF',
        '',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
  });

  it('keeps attribute keys as label names, quoted or escaped like metric names', async () => {
    const { reader, provider } = testProvider();
    provider.getMeter('m').createCounter('hits').add(1, { 'http.method': 'GET', plain: 'x' });
    const { resourceMetrics } = await reader.collectWithin(5000);
    const served = async (escaping: 'allow-utf-8' | 'underscores' | 'dots', strategy?: string) =>
      (
        await toText(resourceMetrics, {
          format: 'openmetrics',
          escaping,
          translationStrategy: strategy as 'NoTranslation' | undefined,
          targetInfo: false,
          scopeLabels: false,
          createdSamples: false,
        })
      ).text.split('\n')[2];
    expect(await served('allow-utf-8', 'NoTranslation')).toBe(
      'hits{"http.method"="GET",plain="x"} 1',
    );
    expect(await served('underscores', 'NoTranslation')).toBe(
      'hits{http_method="GET",plain="x"} 1',
    );
    expect(await served('dots', 'NoTranslation')).toBe('hits{http_dot_method="GET",plain="x"} 1');
    // The default strategy: the Collector's label rule, whatever the scraper allows.
    expect(await served('allow-utf-8')).toBe('hits_total{http_method="GET",plain="x"} 1');
  });

  it('escapes them otherwise, and then two names that escape alike collide', async () => {
    for (const format of ['openmetrics', 'text'] as const) {
      const { text, problems } = await body('underscores', format);
      expect(text).toContain('\nhttp_requests_total{code="200"} 2\n');
      expect(text).toContain('\ndb_wait_seconds_bucket{le="1.0"} 1\n');
      expect(text).not.toContain('"http.requests');
      expect(problems).toEqual([
        'instrument "http_requests" of meter "m": series with attributes {"code":"200"} dropped: instrument "http.requests" serves it as http_requests_total too',
      ]);
    }
  });
});
