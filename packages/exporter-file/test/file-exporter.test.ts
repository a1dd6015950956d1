import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { ConfigError, silentLogger, startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import { fileExporter, OtlpJsonFileExporter, RotatingFile } from '../src/index.js';

let dir: string;
let telemetry: TelemetryHandle | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meterline-file-test-'));
});
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function start(file: Record<string, unknown>, env: Record<string, string> = {}) {
  telemetry = await startTelemetry({
    plugins: [fileExporter],
    registerGlobal: false,
    logger: silentLogger,
    env: { OTEL_SERVICE_NAME: 'file-test', OTEL_METRIC_EXPORT_INTERVAL: '60000', ...env },
    config: {
      metrics: { exporters: ['file'] },
      resource: { detect: false },
      exporters: { file },
    },
  });
  return telemetry;
}

/** Every line of `path` parsed as JSON; fails on a line that is not. */
function lines(path: string): OtlpRequest[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as OtlpRequest);
}

interface OtlpRequest {
  resourceMetrics: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeMetrics: {
      scope: { name: string };
      metrics: {
        name: string;
        unit?: string;
        sum?: {
          dataPoints: { asDouble?: number; attributes: unknown[] }[];
          aggregationTemporality: number;
          isMonotonic: boolean;
        };
        histogram?: {
          dataPoints: { count: number | string; sum: number; bucketCounts: (number | string)[] }[];
        };
      }[];
    }[];
  }[];
}

function metric(request: OtlpRequest, name: string) {
  const found = request.resourceMetrics[0]!.scopeMetrics.flatMap((s) => s.metrics).find(
    (m) => m.name === name,
  );
  if (!found) throw new Error(`no ${name} in ${JSON.stringify(request)}`);
  return found;
}

describe('file exporter', () => {
  it('writes a summary view as OTLP Summary points next to the stock kinds', async () => {
    const path = join(dir, 'summary.jsonl');
    telemetry = await startTelemetry({
      plugins: [fileExporter],
      registerGlobal: false,
      logger: silentLogger,
      env: { OTEL_SERVICE_NAME: 'file-test', OTEL_METRIC_EXPORT_INTERVAL: '60000' },
      config: {
        metrics: {
          exporters: ['file'],
          runtime: { enabled: false },
          views: [
            {
              instrument: 'job_wait_seconds',
              aggregation: { type: 'summary', objectives: { '0.5': 0.05 } },
            },
          ],
        },
        resource: { detect: false },
        exporters: { file: { path } },
      },
    });
    const meter = telemetry.meterProvider.getMeter('jobs');
    meter.createCounter('jobs_done').add(4);
    const wait = meter.createHistogram('job_wait_seconds', { unit: 's' });
    for (const v of [1, 2, 3]) wait.record(v);
    await telemetry.forceFlush();
    const [request] = lines(path) as unknown as {
      resourceMetrics: { scopeMetrics: { metrics: { name: string; summary?: unknown }[] }[] }[];
    }[];
    const metrics = request!.resourceMetrics.flatMap((r) =>
      r.scopeMetrics.flatMap((s) => s.metrics),
    );
    expect(metrics.map((m) => m.name)).toEqual(['jobs_done', 'job_wait_seconds']);
    expect(metrics[1]!.summary).toEqual({
      dataPoints: [
        expect.objectContaining({
          attributes: [],
          count: '3',
          sum: 6,
          quantileValues: [{ quantile: 0.5, value: 2 }],
        }),
      ],
    });
  });

  it('appends one OTLP JSON ExportMetricsServiceRequest per export, cumulative', async () => {
    const path = join(dir, 'metrics.jsonl');
    const handle = await start({ path });
    const meter = handle.meterProvider.getMeter('jobs');
    const done = meter.createCounter('jobs_done');
    const wait = meter.createHistogram('job_wait_seconds', { unit: 's' });
    done.add(4, { queue: 'q1' });
    wait.record(0.02);
    wait.record(3);
    await handle.forceFlush();
    done.add(3, { queue: 'q1' });
    await handle.forceFlush();

    const [first, second] = lines(path);
    expect(lines(path)).toHaveLength(2);
    expect(first!.resourceMetrics[0]!.resource.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'file-test' },
    });
    const sum = metric(first!, 'jobs_done').sum!;
    expect(sum.isMonotonic).toBe(true);
    expect(sum.aggregationTemporality).toBe(2); // AGGREGATION_TEMPORALITY_CUMULATIVE
    expect(sum.dataPoints[0]!.asDouble).toBe(4);
    expect(sum.dataPoints[0]!.attributes).toEqual([{ key: 'queue', value: { stringValue: 'q1' } }]);
    expect(metric(second!, 'jobs_done').sum!.dataPoints[0]!.asDouble).toBe(7);
    const histogram = metric(first!, 'job_wait_seconds').histogram!.dataPoints[0]!;
    expect(Number(histogram.count)).toBe(2);
    expect(histogram.sum).toBeCloseTo(3.02, 10);
    expect(histogram.bucketCounts.map(Number).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('writes delta values when asked', async () => {
    const path = join(dir, 'delta.jsonl');
    const handle = await start({ path, temporality: 'delta' });
    const done = handle.meterProvider.getMeter('jobs').createCounter('jobs_done');
    done.add(4);
    await handle.forceFlush();
    done.add(3);
    await handle.forceFlush();
    const values = lines(path).map((r) => metric(r, 'jobs_done').sum!.dataPoints[0]!.asDouble);
    expect(values).toEqual([4, 3]);
    expect(metric(lines(path)[0]!, 'jobs_done').sum!.aggregationTemporality).toBe(1);
  });

  it('rotates by size, keeps maxFiles rotated files and never splits a line', async () => {
    const path = join(dir, 'metrics.jsonl');
    const handle = await start({ path, maxBytes: 1024, maxFiles: 2 });
    const done = handle.meterProvider.getMeter('jobs').createCounter('jobs_done');
    for (let i = 1; i <= 8; i++) {
      done.add(1);
      await handle.forceFlush();
    }
    expect(readdirSync(dir).sort()).toEqual([
      'metrics.jsonl',
      'metrics.jsonl.1',
      'metrics.jsonl.2',
    ]);
    const all = [`${path}.2`, `${path}.1`, path].flatMap((p) => {
      const inFile = lines(p);
      // Within the bound, or a single export larger than the bound alone in its file.
      expect(statSync(p).size <= 1024 || inFile.length === 1).toBe(true);
      return inFile;
    });
    // The newest exports survive, in order, each a whole request.
    const values = all.map((r) => metric(r, 'jobs_done').sum!.dataPoints[0]!.asDouble);
    expect(values).toEqual(Array.from({ length: values.length }, (_, i) => 9 - values.length + i));
    expect(values.at(-1)).toBe(8);
  });

  it('shuts down with a last export of the values recorded just before', async () => {
    const path = join(dir, 'metrics.jsonl');
    const handle = await start({ path });
    handle.meterProvider.getMeter('jobs').createCounter('jobs_done').add(5);
    await handle.shutdown();
    telemetry = undefined;
    expect(metric(lines(path).at(-1)!, 'jobs_done').sum!.dataPoints[0]!.asDouble).toBe(5);
  });

  it('takes its path from METERLINE_EXPORTER_FILE_PATH and reports it as an endpoint', async () => {
    const path = join(dir, 'from-env.jsonl');
    const handle = await start({}, { METERLINE_EXPORTER_FILE_PATH: path });
    expect(handle.endpoints).toEqual([{ exporter: 'file', url: `file://${path}` }]);
  });

  it('refuses a size bound below 1 KiB, naming the key', async () => {
    const error = await start({ maxBytes: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(
      'exporters.file.maxBytes: expected a whole number of bytes from 1024 to 9007199254740991',
    );
  });

  it('fails an export when the directory is missing, and succeeds once it exists', async () => {
    const path = join(dir, 'later', 'metrics.jsonl');
    const handle = await start({ path });
    handle.meterProvider.getMeter('jobs').createCounter('jobs_done').add(1);
    await handle.forceFlush();
    mkdirSync(join(dir, 'later'));
    await handle.forceFlush();
    expect(lines(path)).toHaveLength(1);
  });
});

describe('RotatingFile', () => {
  it('counts a file left by a previous run towards the bound', async () => {
    const path = join(dir, 'old.jsonl');
    writeFileSync(path, `${'x'.repeat(1000)}\n`);
    const file = new RotatingFile({ path, maxBytes: 1024, maxFiles: 1 });
    await file.append(`${'y'.repeat(100)}\n`);
    expect(readFileSync(`${path}.1`, 'utf8')).toBe(`${'x'.repeat(1000)}\n`);
    expect(readFileSync(path, 'utf8')).toBe(`${'y'.repeat(100)}\n`);
  });

  it('gives a line longer than the bound a file of its own', async () => {
    const path = join(dir, 'big.jsonl');
    const file = new RotatingFile({ path, maxBytes: 1024, maxFiles: 3 });
    await file.append('a\n');
    await file.append(`${'b'.repeat(2000)}\n`);
    await file.append('c\n');
    expect(readFileSync(`${path}.2`, 'utf8')).toBe('a\n');
    expect(readFileSync(`${path}.1`, 'utf8')).toBe(`${'b'.repeat(2000)}\n`);
    expect(readFileSync(path, 'utf8')).toBe('c\n');
  });

  it('starts over in place when no rotated file is kept', async () => {
    const path = join(dir, 'only.jsonl');
    const file = new RotatingFile({ path, maxBytes: 1024, maxFiles: 0 });
    await file.append(`${'a'.repeat(1000)}\n`);
    await file.append(`${'b'.repeat(100)}\n`);
    expect(readdirSync(dir)).toEqual(['only.jsonl']);
    expect(readFileSync(path, 'utf8')).toBe(`${'b'.repeat(100)}\n`);
  });
});

describe('OtlpJsonFileExporter', () => {
  it('drops an export while the previous write is still pending, instead of queueing it', async () => {
    let release!: () => void;
    const state = { queued: 0 };
    const stuck = {
      path: '/stuck',
      get queued() {
        return state.queued;
      },
      append() {
        state.queued = 1;
        return new Promise<void>((resolve) => (release = resolve)).then(() => {
          state.queued = 0;
        });
      },
      drain: () => Promise.resolve(),
    } as unknown as RotatingFile;
    const exporter = new OtlpJsonFileExporter({ file: stuck });
    const metrics = {
      resource: { attributes: {} },
      scopeMetrics: [],
    } as unknown as ResourceMetrics;
    const results: ExportResult[] = [];
    exporter.export(metrics, (r) => results.push(r));
    exporter.export(metrics, (r) => results.push(r));
    expect(results).toHaveLength(1);
    expect(results[0]!.code).toBe(ExportResultCode.FAILED);
    expect(results[0]!.error?.message).toBe(
      'previous write to /stuck still pending; export dropped',
    );
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(results[1]!.code).toBe(ExportResultCode.SUCCESS);
  });
});
