import {
  isSummaryMetricData,
  SUMMARY_AGGREGATION,
  type SummaryMetricData,
} from '@meterline/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/config/load.js';
import type { ViewConfig } from '../src/config/schema.js';
import { silentLogger } from '@meterline/plugin';
import { startTelemetry, type TelemetryHandle } from '../src/start-telemetry.js';
import { sdkViewOptions, toViewOptions } from '../src/views.js';
import { collectMetric, configErrorOf, fakePlugin } from './helpers.js';

const plugins = [fakePlugin('prometheus')];

/** The problems loading these views reports, as `key: message`. */
function problemsOf(views: unknown[], engine?: 'sdk' | 'meterline'): string[] {
  const error = configErrorOf(() =>
    loadConfig({
      plugins,
      env: {},
      config: { metrics: { views: views as ViewConfig[], ...(engine ? { engine } : {}) } },
    }),
  );
  return error.problems.map((p) => `${p.key}: ${p.message}`);
}

describe('a summary view in configuration', () => {
  it('reads the documented YAML (quantile keys as numbers) into the engine option', () => {
    const yaml = parse(`
views:
  - instrument: http.server.duration
    aggregation: { type: summary, objectives: {0.5: 0.05, 0.9: 0.01, 0.99: 0.001}, maxAgeSeconds: 600, ageBuckets: 5 }
`) as { views: ViewConfig[] };
    const config = loadConfig({ plugins, env: {}, config: { metrics: { views: yaml.views } } });
    expect(toViewOptions(config.metrics.views)).toEqual([
      {
        instrumentName: 'http.server.duration',
        aggregation: {
          type: SUMMARY_AGGREGATION,
          options: {
            objectives: { '0.5': 0.05, '0.9': 0.01, '0.99': 0.001 },
            maxAgeSeconds: 600,
            ageBuckets: 5,
          },
        },
      },
    ]);
  });

  it.each([
    [
      { type: 'summary', objectives: { '1.5': 0.01 } },
      'metrics.views[0].aggregation.objectives.1.5: a quantile must be a number between 0 and 1 (exclusive), got "1.5"',
    ],
    [
      { type: 'summary', objectives: { '0.5': 0 } },
      'metrics.views[0].aggregation.objectives.0.5: expected an allowed error: a number between 0 and 1 (exclusive), got 0',
    ],
    [
      { type: 'summary', objectives: {} },
      'metrics.views[0].aggregation.objectives: expected from 1 to 32 objectives',
    ],
    [
      { type: 'summary', maxAgeSeconds: 0 },
      'metrics.views[0].aggregation.maxAgeSeconds: expected seconds: a number in (0, 604800], got 0',
    ],
    [
      { type: 'histogram' },
      'metrics.views[0].aggregation.type: expected "summary" (the one aggregation a view names; buckets, preset, exponential and drop choose the others), got "histogram"',
    ],
  ])('rejects %j naming the key', (aggregation, problem) => {
    expect(problemsOf([{ instrument: 'h', aggregation }])).toEqual([problem]);
  });

  it('rejects a fractional ageBuckets', () => {
    const [problem] = problemsOf([
      { instrument: 'h', aggregation: { type: 'summary', ageBuckets: 1.5 } },
    ]);
    expect(problem).toMatch(/^metrics\.views\[0\]\.aggregation\.ageBuckets: /);
  });

  it('rejects a summary with buckets', () => {
    expect(
      problemsOf([{ instrument: 'h', buckets: [1], aggregation: { type: 'summary' } }]),
    ).toEqual([
      'metrics.views[0].aggregation: a summary has no buckets and is not dropped: remove buckets/preset/exponential/drop or aggregation',
    ]);
  });

  it('rejects a summary with the SDK engine, which has none', () => {
    expect(problemsOf([{ instrument: 'h', aggregation: { type: 'summary' } }], 'sdk')).toEqual([
      'metrics.views[0].aggregation: the summary aggregation needs metrics.engine "meterline" (the OpenTelemetry SDK has no summary)',
    ]);
    expect(() =>
      sdkViewOptions([{ instrumentName: 'h', aggregation: { type: SUMMARY_AGGREGATION } }]),
    ).toThrow('view 1 (h): the summary aggregation needs metrics.engine "meterline"');
  });
});

describe('a summary view through startTelemetry', () => {
  const handles: TelemetryHandle[] = [];
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.shutdown()));
  });

  it('serves the histogram as summary data', async () => {
    const plugin = fakePlugin();
    const handle = await startTelemetry({
      plugins: [plugin],
      env: {},
      config: {
        resource: { detect: false },
        metrics: {
          runtime: { enabled: false },
          views: [
            {
              instrument: 'latency',
              aggregation: { type: 'summary', objectives: { '0.5': 0.05, '0.9': 0.01 } },
            },
          ],
        },
      },
      logger: silentLogger,
      registerGlobal: false,
    });
    handles.push(handle);
    const latency = handle.meterProvider.getMeter('svc').createHistogram('latency');
    for (let i = 1; i <= 10; i++) latency.record(i);
    const metric = await collectMetric(plugin.reader, 'latency');
    expect(isSummaryMetricData(metric)).toBe(true);
    expect((metric as unknown as SummaryMetricData).dataPoints[0]!.value).toEqual({
      count: 10,
      sum: 55,
      quantiles: [
        { quantile: 0.5, value: 5 },
        { quantile: 0.9, value: 9 },
      ],
    });
  });
});
