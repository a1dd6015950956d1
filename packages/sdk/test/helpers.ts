import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DataPointType,
  MetricReader,
  type DataPoint,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { expect } from 'vitest';
import { z } from 'zod';
import {
  ConfigError,
  portSchema,
  type ExporterContext,
  type ExporterPlugin,
  type Logger,
} from '@meterline/plugin';

/** A pull reader that keeps nothing itself: tests call `collect()` and inspect the result. */
export class InMemoryReader extends MetricReader {
  /** How many times the provider flushed and shut this reader down. */
  flushes = 0;
  shutdowns = 0;

  protected override onShutdown(): Promise<void> {
    this.shutdowns++;
    return Promise.resolve();
  }

  protected override onForceFlush(): Promise<void> {
    this.flushes++;
    return Promise.resolve();
  }
}

/** Options of the fake plug-in, shaped like a real exporter's. */
export const fakeOptionsSchema = z.strictObject({
  port: portSchema.default(9464),
  host: z.string().default('127.0.0.1'),
});
export type FakeOptions = z.output<typeof fakeOptionsSchema>;

/** A fake exporter plug-in that records what the SDK does with it. */
export interface FakePlugin extends ExporterPlugin<FakeOptions> {
  /** One entry per `create` call: the options and context it was given, the reader it made. */
  readonly created: { options: FakeOptions; context: ExporterContext; reader: InMemoryReader }[];
  /** How many times `close` was called, over every instance. */
  readonly closed: { count: number };
  /** The reader of the latest `create` call. */
  readonly reader: InMemoryReader;
}

/**
 * A plug-in named `name` (default `prometheus`, so it is selected by default) with a port and a
 * host option bound to `OTEL_EXPORTER_<NAME>_PORT` / `_HOST`. `fail` makes `create` throw.
 */
export function fakePlugin(name = 'prometheus', behaviour: { fail?: Error } = {}): FakePlugin {
  const created: FakePlugin['created'] = [];
  const closed = { count: 0 };
  const upper = name.toUpperCase();
  return {
    name,
    optionsSchema: fakeOptionsSchema,
    env: [
      { variable: `OTEL_EXPORTER_${upper}_HOST`, path: ['host'] },
      { variable: `OTEL_EXPORTER_${upper}_PORT`, path: ['port'], type: 'int' },
    ],
    created,
    closed,
    get reader(): InMemoryReader {
      const last = created[created.length - 1];
      if (!last) throw new Error(`plug-in ${name} was never created`);
      return last.reader;
    },
    create(options, context) {
      if (behaviour.fail) return Promise.reject(behaviour.fail);
      // As every real plug-in does: the reader takes the configured series limit.
      const reader = new InMemoryReader({
        cardinalitySelector: () => context.cardinalityLimit,
        metricProducers: context.metricProducers ? [...context.metricProducers] : undefined,
      });
      created.push({ options, context, reader });
      return Promise.resolve({
        reader,
        endpoints: [{ exporter: name, url: `fake://${options.host}:${options.port}/${name}` }],
        close: () => {
          closed.count++;
          return Promise.resolve();
        },
      });
    },
  };
}

/** A logger that keeps every line, tagged with its level. */
export function recordingLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
  };
}

/** Collects once and returns every metric, by name. */
export async function collectMetrics(reader: MetricReader): Promise<Map<string, MetricData>> {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  const out = new Map<string, MetricData>();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) out.set(metric.descriptor.name, metric);
  }
  return out;
}

/** Collects once and returns the named metric, failing the test when it is absent. */
export async function collectMetric(reader: MetricReader, name: string): Promise<MetricData> {
  const all = await collectMetrics(reader);
  const metric = all.get(name);
  if (!metric) throw new Error(`metric ${name} not collected; got: ${[...all.keys()].join(', ')}`);
  return metric;
}

/** The bucket boundaries of a histogram metric's first point. */
export function boundariesOf(metric: MetricData): number[] {
  expect(metric.dataPointType).toBe(DataPointType.HISTOGRAM);
  const point = metric.dataPoints[0] as DataPoint<Histogram> | undefined;
  if (!point) throw new Error(`metric ${metric.descriptor.name} has no data points`);
  return point.value.buckets.boundaries;
}

/** Creates a fresh temp directory; `write` puts a file in it and returns its path. */
export function tempDir(): {
  dir: string;
  write(name: string, text: string): string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'meterline-sdk-test-'));
  return {
    dir,
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `fn` and returns the `ConfigError` it throws; fails when it throws nothing or another. */
export function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

/** Same as {@link configErrorOf} for a promise. */
export async function configErrorOfAsync(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, but the promise resolved');
}
