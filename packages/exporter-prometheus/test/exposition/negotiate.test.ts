import { describe, expect, it } from 'vitest';
import { acceptsGzip, acceptsProtobuf, negotiateFormat } from '../../src/exposition/negotiate.js';

describe('negotiateFormat', () => {
  it.each([
    [undefined, 'text'],
    ['', 'text'],
    ['*/*', 'text'],
    ['text/plain;version=0.0.4', 'text'],
    // Prometheus 2.53's default scrape Accept header.
    [
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
      'openmetrics',
    ],
    // Prometheus 2.53 as it sends it (recorded in test/e2e/prometheus-endpoint.test.ts).
    [
      'application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2',
      'openmetrics',
    ],
    // Prometheus 3.5's default: `escaping` parameters, text 1.0.0 ranked below OpenMetrics.
    [
      'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2',
      'openmetrics',
    ],
    // Prometheus 3.5 with metric_name_escaping_scheme: underscores.
    [
      'application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=underscores;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2',
      'openmetrics',
    ],
    // Prometheus 3.5 with scrape_protocols [OpenMetricsText1.0.0] / [PrometheusText0.0.4] /
    // [PrometheusText1.0.0] / [PrometheusText1.0.0, OpenMetricsText1.0.0] /
    // [PrometheusProto] (among the text formats, text; the handler serves protobuf: acceptsProtobuf).
    [
      'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,*/*;q=0.5',
      'openmetrics',
    ],
    ['text/plain;version=0.0.4;q=0.6,*/*;q=0.5', 'text'],
    ['text/plain;version=1.0.0;escaping=allow-utf-8;q=0.6,*/*;q=0.5', 'text'],
    [
      'text/plain;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,*/*;q=0.4',
      'text',
    ],
    [
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,*/*;q=0.5',
      'text',
    ],
    ['application/openmetrics-text; version=0.0.1', 'openmetrics'],
    ['application/openmetrics-text;version=2.0.0', 'text'],
    ['application/openmetrics-text;q=0.2,text/plain;q=0.9', 'text'],
    ['application/openmetrics-text;q=0', 'text'],
    ['garbage;;;=,', 'text'],
  ])('%s -> %s', (accept, format) => {
    expect(negotiateFormat(accept)).toBe(format);
  });
});

describe('acceptsGzip', () => {
  it.each([
    [undefined, false],
    ['gzip', true],
    ['br, gzip;q=0.5', true],
    ['gzip;q=0', false],
    ['identity', false],
    ['*', true],
    // RFC 9110 §12.5.3: an explicit gzip range wins over `*`, and q=0 means refused.
    ['gzip;q=0, *', false],
    ['*, gzip;q=0', false],
    ['gzip;q=0.0, *;q=1', false],
    ['*;q=0', false],
    ['*;q=0, gzip;q=0.1', true],
    ['identity;q=0', false],
    ['identity;q=0, *', true],
    ['x-gzip', true],
    ['GZIP;Q=0.5', true],
    ['', false],
  ])('%s -> %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

describe('acceptsProtobuf', () => {
  const PROTO =
    'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited';
  it.each([
    [undefined, false],
    ['*/*', false],
    // Prometheus 2.53 and 3.5 with --enable-feature=native-histograms (test/e2e/native-histograms.test.ts).
    [
      `${PROTO};q=0.5,application/openmetrics-text;version=1.0.0;q=0.4,application/openmetrics-text;version=0.0.1;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1`,
      true,
    ],
    [
      `${PROTO};q=0.6,application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1`,
      true,
    ],
    // client_golang's order of preference, PrometheusProto first in scrape_protocols.
    [
      `${PROTO},application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1`,
      true,
    ],
    [`${PROTO};q=0.5,application/openmetrics-text;version=1.0.0;q=0.6`, false],
    [`${PROTO};q=0.6,text/plain;q=0.6`, true],
    [`${PROTO};q=0`, false],
    // Both parameters are required, as client_golang requires them.
    ['application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily', false],
    ['application/vnd.google.protobuf;encoding=delimited', false],
    [
      'application/vnd.google.protobuf; proto="io.prometheus.client.MetricFamily"; encoding=delimited',
      true,
    ],
  ])('%s -> %s', (accept, expected) => {
    expect(acceptsProtobuf(accept)).toBe(expected);
  });
});
