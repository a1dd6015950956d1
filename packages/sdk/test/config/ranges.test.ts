import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/config/load.js';
import { MAX_TIMER_MILLIS, millisSchema } from '@meterline/plugin';
import type { ExporterPlugin } from '@meterline/plugin';
import { configErrorOf, fakePlugin, tempDir } from '../helpers.js';

// Every duration, size and count is range-checked at start-up; the error names where the value came
// from and the allowed range. The case that motivated it: Node turns a timer of 2^31 ms or more
// into 1 ms, so an export interval of 2147483648 pushed hundreds of times per second.

const plugins = [fakePlugin('prometheus')];

describe('range checks', () => {
  it('refuses an export interval past the longest timer, naming the variable and the range', () => {
    const error = configErrorOf(() =>
      loadConfig({ plugins, env: { OTEL_METRIC_EXPORT_INTERVAL: '2147483648' } }),
    );
    expect(error.problems).toEqual([
      {
        source: 'env OTEL_METRIC_EXPORT_INTERVAL',
        key: 'metrics.exportIntervalMillis',
        message:
          "expected a whole number of milliseconds from 1 to 2147483647 (2^31-1, Node's longest timer), got 2147483648",
      },
    ]);
  });

  it('accepts the longest timer itself', () => {
    const config = loadConfig({
      plugins,
      env: { OTEL_METRIC_EXPORT_TIMEOUT: String(MAX_TIMER_MILLIS) },
    });
    expect(config.metrics.exportTimeoutMillis).toBe(MAX_TIMER_MILLIS);
  });

  it('names the file and line of an out-of-range value, and code as the source of another', () => {
    const tmp = tempDir();
    try {
      const file = tmp.write(
        'm.yaml',
        'metrics:\n  exportTimeoutMillis: 0\n  cardinalityLimit: 20000000\n',
      );
      const error = configErrorOf(() =>
        loadConfig({
          plugins,
          env: { METERLINE_CONFIG_FILE: file },
          config: { metrics: { exportIntervalMillis: 1e12 } },
        }),
      );
      const lines = error.message
        .split('\n')
        .slice(1)
        .map((l) => l.trim());
      expect(lines).toContainEqual(
        expect.stringMatching(
          /m\.yaml:2:\d+: metrics\.exportTimeoutMillis: expected a whole number of milliseconds from 1 to 2147483647 .*got 0$/,
        ),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(
          /m\.yaml:3:\d+: metrics\.cardinalityLimit: expected a whole number of series from 1 to 10000000, got 20000000$/,
        ),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(
          /metrics\.exportIntervalMillis: expected a whole number of milliseconds from 1 to 2147483647 .*got 1000000000000$/,
        ),
      );
    } finally {
      tmp.remove();
    }
  });

  it('checks plug-in settings built on the shared schemas the same way', () => {
    const inner = fakePlugin('graceful');
    const plugin: ExporterPlugin<{ graceMillis: number }> = {
      name: 'graceful',
      optionsSchema: z.strictObject({
        graceMillis: millisSchema({ min: 0, max: 60_000 }).default(5000),
      }),
      env: [],
      create: (_options, context) => inner.create({ host: 'h', port: 1 }, context),
    };
    const error = configErrorOf(() =>
      loadConfig({
        plugins: [plugin],
        config: { exporters: { graceful: { graceMillis: 90_000 } } } as never,
      }),
    );
    expect(error.problems[0]!.message).toBe(
      'expected a whole number of milliseconds from 0 to 60000, got 90000',
    );
  });
});
