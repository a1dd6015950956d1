import { describe, expect, it } from 'vitest';
import { familyNames, sanitizeLabelName, sanitizeMetricName } from '../../src/exposition/names.js';
import { unitSuffix } from '../../src/exposition/units.js';

describe('unitSuffix', () => {
  it.each([
    ['s', 'seconds'],
    ['ms', 'milliseconds'],
    ['By', 'bytes'],
    ['KiBy', 'kibibytes'],
    ['By/s', 'bytes_per_second'],
    ['{request}/s', 'per_second'],
    ['{request}', ''],
    ['1', ''],
    ['%', 'percent'],
    ['Cel', 'celsius'],
    ['widgets', 'widgets'],
  ])('%s -> %s', (unit, suffix) => {
    expect(unitSuffix(unit)).toBe(suffix);
  });
});

describe('familyNames', () => {
  it.each([
    [
      'http.server.duration',
      's',
      'histogram',
      'http_server_duration_seconds',
      'http_server_duration_seconds',
      'seconds',
    ],
    [
      'message_processing_duration_seconds',
      's',
      'histogram',
      'message_processing_duration_seconds',
      'message_processing_duration_seconds',
      'seconds',
    ],
    ['messages_received', '', 'counter', 'messages_received', 'messages_received_total', ''],
    ['messages_received_total', '', 'counter', 'messages_received', 'messages_received_total', ''],
    // The unit word is anywhere among the name's pieces: not appended again (the Collector's rule).
    ['bytes_sent', 'By', 'counter', 'bytes_sent', 'bytes_sent_total', ''],
    ['sent_bytes', 'By', 'counter', 'sent_bytes', 'sent_bytes_total', 'bytes'],
    ['cpu.utilization', '1', 'gauge', 'cpu_utilization_ratio', 'cpu_utilization_ratio', 'ratio'],
    ['hodei_workers_total', '', 'gauge', 'hodei_workers_total', 'hodei_workers_total', ''],
    ['queue.depth', '{item}', 'gauge', 'queue_depth', 'queue_depth', ''],
  ] as const)('%s (%s, %s)', (name, unit, kind, family, sample, unitWord) => {
    expect(familyNames(name, unit, kind)).toEqual({ family, sample, unit: unitWord });
  });

  it('leaves names alone when both suffix rules are off, except a _total already there', () => {
    expect(
      familyNames('jobs', 's', 'counter', { unitSuffixes: false, totalSuffix: false }),
    ).toEqual({
      family: 'jobs',
      sample: 'jobs',
      unit: '',
    });
    expect(familyNames('jobs_total', '', 'counter', { totalSuffix: false }).sample).toBe(
      'jobs_total',
    );
  });
});

// Cases from the published test tables of the OTel Collector's translator
// (open-telemetry/opentelemetry-collector-contrib pkg/translator/prometheus normalize_name_test.go)
// and Prometheus 3's (prometheus/otlptranslator metric_namer_test.go), default strategy
// UnderscoreEscapingWithSuffixes. Where the two disagree (the Collector drops `:`), Prometheus's.
describe('familyNames follows the Collector and Prometheus translators', () => {
  it.each([
    ['system.filesystem.usage', 'By', 'gauge', 'system_filesystem_usage_bytes'],
    ['system.io', 'By', 'counter', 'system_io_bytes_total'],
    ['network_transmitted_bytes_total', 'By', 'counter', 'network_transmitted_bytes_total'],
    ['\t system.filesystem.usage       ', '  By\t', 'gauge', 'system_filesystem_usage_bytes'],
    ['system.network.dropped', '{packets}', 'gauge', 'system_network_dropped'],
    ['system.network.dropped', '{packets}', 'counter', 'system_network_dropped_total'],
    ['system.network.dropped', 'packets', 'gauge', 'system_network_dropped_packets'],
    ['system.network.packets.dropped', 'packets', 'gauge', 'system_network_packets_dropped'],
    ['system.network.packets', 'packets', 'counter', 'system_network_packets_total'],
    ['hw.gpu.memory.utilization', '1', 'gauge', 'hw_gpu_memory_utilization_ratio'],
    ['hw.fan.speed_ratio', '1', 'gauge', 'hw_fan_speed_ratio'],
    ['objects', '1', 'counter', 'objects_total'],
    ['hw.cpu.speed_limit', 'Hz', 'gauge', 'hw_cpu_speed_limit_hertz'],
    ['broken.metric.speed', 'km/h', 'gauge', 'broken_metric_speed_km_per_hour'],
    ['astro.light.speed_limit', 'm/s', 'gauge', 'astro_light_speed_limit_meters_per_second'],
    ['broken.metric.success_ratio', '%', 'gauge', 'broken_metric_success_ratio_percent'],
    ['broken.metric.success_percent', '%', 'gauge', 'broken_metric_success_percent'],
    ['test.metric.no_unit', '', 'gauge', 'test_metric_no_unit'],
    ['test.metric.spaces', '   \t  ', 'gauge', 'test_metric_spaces'],
    ['unsupported.metric.temperature', '°F', 'gauge', 'unsupported_metric_temperature_F'],
    [
      'unsupported.metric.redundant',
      '__test $/°C',
      'gauge',
      'unsupported_metric_redundant_test_per_C',
    ],
    [
      'active_directory.ds.replication.object.rate',
      '{objects}/s',
      'gauge',
      'active_directory_ds_replication_object_rate_per_second',
    ],
    ['apache.current_connections', 'connections', 'gauge', 'apache_current_connections'],
    ['apache.workers', 'connections', 'gauge', 'apache_workers_connections'],
    ['system.cpu.load_average.15m', '1', 'gauge', 'system_cpu_load_average_15m_ratio'],
    [
      'mongodbatlas.process.oplog.rate',
      'GiBy/h',
      'gauge',
      'mongodbatlas_process_oplog_rate_gibibytes_per_hour',
    ],
    [
      'mongodbatlas.process.db.query_targeting.scanned_per_returned',
      '{scanned}/{returned}',
      'gauge',
      'mongodbatlas_process_db_query_targeting_scanned_per_returned',
    ],
    ['redis.latest_fork', 'us', 'gauge', 'redis_latest_fork_microseconds'],
    ['3.14 digits', '', 'gauge', '_3_14_digits'],
    ['envoy__rule_engine_zlib_buf_error', '', 'gauge', 'envoy_rule_engine_zlib_buf_error'],
    ['requests', '1/s', 'gauge', 'requests_per_second'],
    ['custom_metric', 'By/{custom}', 'gauge', 'custom_metric_bytes'],
    ['custom_metric', 'custom_unit', 'gauge', 'custom_metric_custom_unit'],
    ['otelcol_process_cpu_seconds', 's', 'counter', 'otelcol_process_cpu_seconds_total'],
    ['123_requests', '', 'counter', '_123_requests_total'],
    // The cases: no `_ratio` on up-down counters; `total` moves to the end.
    ['pool.usage', '1', 'updowncounter', 'pool_usage'],
    ['total.requests', '', 'counter', 'requests_total'],
    ['request.seconds.latency', 's', 'histogram', 'request_seconds_latency'],
  ] as const)('%j (%j, %s) -> %s', (name, unit, kind, sample) => {
    expect(familyNames(name, unit, kind).sample).toBe(sample);
  });

  it('keeps names as given with the UTF-8 strategies, suffixes per NoUTF8EscapingWithSuffixes', () => {
    const utf8 = { translationStrategy: 'NoUTF8EscapingWithSuffixes' } as const;
    expect(familyNames('http.server.duration', 's', 'histogram', utf8).sample).toBe(
      'http.server.duration_seconds',
    );
    expect(familyNames('requests_total', '', 'counter', utf8).sample).toBe('requests_total');
    expect(familyNames('cpu_usage_ratio', '1', 'gauge', utf8).sample).toBe('cpu_usage_ratio');
    expect(familyNames('requêsts', '1/s', 'gauge', utf8).sample).toBe('requêsts_per_second');
    const none = { translationStrategy: 'NoTranslation' } as const;
    expect(familyNames('http.server.duration', 's', 'counter', none)).toEqual({
      family: 'http.server.duration',
      sample: 'http.server.duration',
      unit: '',
    });
    const plain = { translationStrategy: 'UnderscoreEscapingWithoutSuffixes' } as const;
    expect(familyNames('metric@with#special$chars', 's', 'counter', plain).sample).toBe(
      'metric_with_special_chars',
    );
    expect(familyNames('123metric', '', 'gauge', plain).sample).toBe('_123metric');
  });
});

describe('sanitize', () => {
  it('makes metric names valid', () => {
    expect(sanitizeMetricName('a.b-c//d')).toBe('a_b_c_d');
    expect(sanitizeMetricName('9lives')).toBe('_9lives');
    expect(sanitizeMetricName('ns:name')).toBe('ns:name');
  });

  it('makes label names valid the way the Collector does', () => {
    expect(sanitizeLabelName('http.method')).toBe('http_method');
    expect(sanitizeLabelName('0day')).toBe('key_0day');
    expect(sanitizeLabelName('_x')).toBe('key_x');
    expect(sanitizeLabelName('__x')).toBe('__x');
    expect(sanitizeLabelName('a__b')).toBe('a__b');
    expect(sanitizeLabelName('a:b')).toBe('a_b');
    expect(sanitizeLabelName('Caps.Key')).toBe('Caps_Key');
  });
});
