import { describe, expect, it } from 'vitest';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  AggregationTemporality,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { createTestMetrics, recordingLogger } from '@meterline/testing';
import { AccountingExporter, countPoints } from '../src/accounting-exporter.js';
import { DeliveryMetrics } from '../src/delivery-metrics.js';

/** A stand-in for the stock exporter: answers each export with the next scripted result. */
function scripted(results: (ExportResult | 'throw')[]): PushMetricExporter {
  return {
    export(_metrics, callback) {
      const next = results.shift() ?? { code: ExportResultCode.SUCCESS };
      if (next === 'throw') throw new Error('serializer exploded');
      queueMicrotask(() => callback(next));
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
    selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
  };
}

/** Real data to export: three points in two metrics. */
async function sample(): Promise<ResourceMetrics> {
  const source = createTestMetrics({ unitBuckets: false });
  const meter = source.meter('app');
  meter.createCounter('a').add(1, { k: '1' });
  meter.createCounter('a').add(1, { k: '2' });
  meter.createHistogram('b').record(3);
  return (await source.collect()).resourceMetrics;
}

function setup(results: (ExportResult | 'throw')[]) {
  const self = createTestMetrics();
  const logger = recordingLogger();
  const lines = logger.lines;
  const delivery = new DeliveryMetrics(self.meterProvider);
  const exporter = new AccountingExporter(scripted(results), {
    metrics: delivery,
    logger,
    url: 'http://receiver/v1/metrics',
    grpc: false,
  });
  const run = async (metrics: ResourceMetrics) =>
    new Promise<ExportResult>((resolve) => exporter.export(metrics, resolve));
  return { self, lines, exporter, run, delivery };
}

const refused = () => ({
  code: ExportResultCode.FAILED,
  error: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
});

describe('AccountingExporter', () => {
  it('counts the data points of acknowledged exports and times them', async () => {
    const metrics = await sample();
    expect(countPoints(metrics)).toBe(3);
    const { self, run } = setup([]);
    expect((await run(metrics)).code).toBe(ExportResultCode.SUCCESS);
    await run(metrics);
    const snapshot = await self.collect();
    expect(snapshot.counter('meterline_otlp_points_exported')).toBe(6);
    expect(
      snapshot.histogram('meterline_otlp_export_duration_seconds', { outcome: 'success' }).count,
    ).toBe(2);
    expect(snapshot.find('meterline_otlp_exports_failed')).toBeUndefined();
  });

  it('counts failed exports by reason and the points they carried', async () => {
    const metrics = await sample();
    const { self, run } = setup([
      refused(),
      refused(),
      {
        code: ExportResultCode.FAILED,
        error: Object.assign(new Error('Bad Request'), { code: 400 }),
      },
    ]);
    for (let i = 0; i < 3; i++) expect((await run(metrics)).code).toBe(ExportResultCode.FAILED);
    const snapshot = await self.collect();
    expect(snapshot.counter('meterline_otlp_exports_failed', { reason: 'network' })).toBe(2);
    expect(snapshot.counter('meterline_otlp_exports_failed', { reason: 'http_400' })).toBe(1);
    expect(snapshot.counter('meterline_otlp_points_failed')).toBe(9);
    expect(
      snapshot.histogram('meterline_otlp_export_duration_seconds', { outcome: 'failure' }).count,
    ).toBe(3);
  });

  it('keeps the same counts as plain totals for an admin API, the failing reason until a success', async () => {
    const metrics = await sample();
    const { run, exporter, delivery } = setup([refused(), refused()]);
    await run(metrics);
    await run(metrics);
    exporter.rejected(2, 'bad point');
    expect(delivery.totals()).toEqual({
      pointsExported: 0,
      pointsFailed: 6,
      pointsRejected: 2,
      exportsSucceeded: 0,
      exportsFailed: 2,
      failuresByReason: { network: 2 },
      failingReason: 'network',
    });
    await run(metrics);
    expect(delivery.totals()).toMatchObject({
      pointsExported: 3,
      exportsSucceeded: 1,
      exportsFailed: 2,
    });
    expect(delivery.totals().failingReason).toBeUndefined();
  });

  it('logs the first failure, each change of reason and the recovery, not every export', async () => {
    const metrics = await sample();
    const { lines, run } = setup([
      refused(),
      refused(),
      refused(),
      { code: ExportResultCode.FAILED, error: new Error('Request timed out') },
      { code: ExportResultCode.SUCCESS },
      { code: ExportResultCode.SUCCESS },
    ]);
    for (let i = 0; i < 6; i++) await run(metrics);
    expect(lines).toEqual([
      'warn: OTLP export to http://receiver/v1/metrics failed (network: connect ECONNREFUSED); trying again every interval, cumulative totals are kept until it succeeds',
      'warn: OTLP export to http://receiver/v1/metrics failed (timeout: Request timed out); trying again every interval, cumulative totals are kept until it succeeds',
      'info: OTLP export to http://receiver/v1/metrics succeeded again after 4 failed export(s)',
    ]);
  });

  it('turns an exception of the wrapped exporter into a failed export', async () => {
    const { self, run } = setup(['throw']);
    const result = await run(await sample());
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toBe('serializer exploded');
    expect(
      (await self.collect()).counter('meterline_otlp_exports_failed', { reason: 'other' }),
    ).toBe(1);
  });

  it('counts rejected points and logs a rejection message once until it changes', async () => {
    const { self, lines, exporter } = setup([]);
    exporter.rejected(3, 'bad unit');
    exporter.rejected(3, 'bad unit');
    exporter.rejected(2, 'duplicate');
    exporter.rejected(0, undefined);
    expect((await self.collect()).counter('meterline_otlp_points_rejected')).toBe(8);
    expect(lines).toEqual([
      'warn: OTLP receiver http://receiver/v1/metrics rejected 3 data point(s): bad unit',
      'warn: OTLP receiver http://receiver/v1/metrics rejected 2 data point(s): duplicate',
    ]);
  });
});
