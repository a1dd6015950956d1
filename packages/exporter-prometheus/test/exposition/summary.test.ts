import { MeterProvider, SUMMARY_AGGREGATION } from '@meterline/engine';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { describe, expect, it } from 'vitest';
import { PullMetricReader, serialize, serializeProtobuf } from '../../src/index.js';
import { decodeFamilies } from './proto-decoder.js';

/** A summary of 1..200 ms (exact quantiles: the window holds fewer values than its buffer). */
async function collection() {
  const reader = new PullMetricReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({}),
    readers: [reader],
    views: [
      {
        instrumentName: 'rpc.latency',
        aggregation: {
          type: SUMMARY_AGGREGATION,
          options: { objectives: { 0.5: 0.05, 0.9: 0.01, 0.99: 0.001 } },
        },
      },
    ],
  });
  const meter = provider.getMeter('rpc');
  const latency = meter.createHistogram('rpc.latency', { unit: 'ms', description: 'RPC latency' });
  // `quantile` is the summary's own label: an attribute of that name is served as exported_quantile.
  for (let i = 1; i <= 200; i++) latency.record(i, { method: 'get', quantile: 'x' });
  const { resourceMetrics, errors } = await reader.collectWithin(5000);
  expect(errors).toEqual([]);
  return resourceMetrics;
}

async function text(format: 'text' | 'openmetrics', baseUnits = true): Promise<string> {
  let body = '';
  const result = await serialize(
    await collection(),
    { format, baseUnits, targetInfo: false },
    (c) => void (body += c.toString('utf8')),
  );
  expect(result.problems).toEqual([]);
  return body;
}

const LABELS = 'method="get",exported_quantile="x",otel_scope_name="rpc"';

describe('summaries in the Prometheus expositions', () => {
  it('are the summary type in text 0.0.4: a sample per objective, _sum and _count, in base units', async () => {
    const body = await text('text');
    expect(body).toContain(
      [
        '# HELP rpc_latency_seconds RPC latency',
        '# TYPE rpc_latency_seconds summary',
        `rpc_latency_seconds{${LABELS},quantile="0.5"} 0.1`,
        `rpc_latency_seconds{${LABELS},quantile="0.9"} 0.18`,
        `rpc_latency_seconds{${LABELS},quantile="0.99"} 0.198`,
        `rpc_latency_seconds_sum{${LABELS}} 20.1`,
        `rpc_latency_seconds_count{${LABELS}} 200`,
      ].join('\n'),
    );
  });

  it('have _created in OpenMetrics, and keep the unit as the family says', async () => {
    const body = await text('openmetrics');
    const lines = body.split('\n');
    const start = lines.indexOf('# TYPE rpc_latency_seconds summary');
    expect(lines.slice(start, start + 8)).toEqual([
      '# TYPE rpc_latency_seconds summary',
      '# UNIT rpc_latency_seconds seconds',
      '# HELP rpc_latency_seconds RPC latency',
      `rpc_latency_seconds{${LABELS},quantile="0.5"} 0.1`,
      `rpc_latency_seconds{${LABELS},quantile="0.9"} 0.18`,
      `rpc_latency_seconds{${LABELS},quantile="0.99"} 0.198`,
      `rpc_latency_seconds_sum{${LABELS}} 20.1`,
      `rpc_latency_seconds_count{${LABELS}} 200`,
    ]);
    expect(lines[start + 8]).toMatch(
      new RegExp(`^rpc_latency_seconds_created\\{${LABELS}\\} \\d+\\.\\d+$`),
    );
  });

  it('are a Summary message in the protobuf exposition', async () => {
    const chunks: Buffer[] = [];
    await serializeProtobuf(
      await collection(),
      { baseUnits: true, targetInfo: false },
      (c) => void chunks.push(c),
    );
    const families = decodeFamilies(Buffer.concat(chunks));
    const family = families.find((f) => f.name === 'rpc_latency_seconds')!;
    expect(family.type).toBe('SUMMARY');
    expect(family.metric).toHaveLength(1);
    const metric = family.metric[0]!;
    expect(metric.label).toEqual([
      { name: 'method', value: 'get' },
      { name: 'exported_quantile', value: 'x' },
      { name: 'otel_scope_name', value: 'rpc' },
    ]);
    expect(metric.summary).toMatchObject({
      sample_count: 200,
      sample_sum: 20.1,
      quantile: [
        { quantile: 0.5, value: 0.1 },
        { quantile: 0.9, value: 0.18 },
        { quantile: 0.99, value: 0.198 },
      ],
    });
    expect(metric.summary!.created_timestamp!.seconds).toBeGreaterThan(1_700_000_000);
  });
});
