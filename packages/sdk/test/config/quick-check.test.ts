import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { quicklyValid } from '../../src/config/quick-check.js';
import { buildLayerSchema } from '../../src/config/schema.js';
import { configErrorOf, fakeOptionsSchema, fakePlugin } from '../helpers.js';

// quicklyValid vouches for a configuration layer without zod; the whole layer schema is the
// oracle: every layer it vouches for, the schema accepts. loadConfig gives the same result (or the
// same error) whether or not the plug-ins offer a quick parse.

/** A plug-in whose quickParse vouches for sections with a whole-number port and nothing else. */
function quickPlugin(name: string) {
  return Object.assign(fakePlugin(name), {
    quickParse: (section: unknown) => {
      if (typeof section !== 'object' || section === null || Array.isArray(section)) return;
      const keys = Object.keys(section);
      if (!keys.every((k) => k === 'port')) return;
      const parsed = fakeOptionsSchema.safeParse(section);
      return parsed.success ? parsed.data : undefined;
    },
  });
}
const quick = [quickPlugin('prometheus'), fakePlugin('otlp')];
const whole = buildLayerSchema(quick);

const SERVICE_VALUES = [
  undefined,
  { name: 'svc' },
  { name: 'svc', version: '1.0.0', namespace: 'ns', instanceId: 'i-1' },
  { name: '' },
  { name: 7 },
  { nam: 'svc' },
  { name: undefined },
  null,
  'svc',
  [],
];
const EXPORTER_VALUES = [
  undefined,
  {},
  { prometheus: {} },
  { prometheus: { port: 0 } },
  { prometheus: { port: 70000 } },
  { prometheus: { port: 'x' } },
  { prometheus: { host: 'h' } },
  { prometheus: undefined },
  { otlp: {} },
  { influx: {} },
  null,
  [],
];
const OTHER_VALUES = [
  undefined,
  { resource: { detect: false } },
  { metrics: { exportIntervalMillis: 1000 } },
  { metrics: { exportIntervalMillis: 0 } },
  { servce: {} },
];

function layers(): unknown[] {
  const out: unknown[] = [null, undefined, 'layer', [], new (class Layer {})()];
  for (const service of SERVICE_VALUES) {
    for (const exporters of EXPORTER_VALUES) {
      for (const other of OTHER_VALUES) {
        const layer: Record<string, unknown> = { ...other };
        if (service !== undefined) layer.service = service;
        if (exporters !== undefined) layer.exporters = exporters;
        out.push(layer);
      }
    }
  }
  return out;
}

describe('quicklyValid against the whole layer schema', () => {
  it(`vouches only for layers the schema accepts (${layers().length} layers), and for the common ones`, () => {
    let vouched = 0;
    for (const layer of layers()) {
      if (!quicklyValid(quick, layer)) continue;
      vouched++;
      expect(whole.safeParse(layer).success, JSON.stringify(layer)).toBe(true);
    }
    expect(vouched).toBeGreaterThan(10);
    expect(quicklyValid(quick, {})).toBe(true);
    expect(quicklyValid(quick, { service: { name: 'svc', version: '1.0.0' } })).toBe(true);
    expect(quicklyValid(quick, { exporters: { prometheus: { port: 0 } } })).toBe(true);
  });

  it('leaves to the schema every section but service and exporters, and plug-ins without quickParse', () => {
    expect(quicklyValid(quick, { resource: { detect: false } })).toBe(false);
    expect(quicklyValid(quick, { exporters: { otlp: {} } })).toBe(false);
    expect(quicklyValid([fakePlugin('prometheus')], { exporters: { prometheus: {} } })).toBe(false);
    // Two plug-ins of one name: the schema's choice is not this module's to guess.
    expect(
      quicklyValid([quickPlugin('prometheus'), quickPlugin('prometheus')], {
        exporters: { prometheus: {} },
      }),
    ).toBe(false);
  });
});

/** The plug-ins of `quick` without their quick parses: every layer goes through the schema. */
const slow = [fakePlugin('prometheus'), fakePlugin('otlp')];
/** The resolved config, or the error's problems; the instance id fixed so results compare. */
const outcome = (plugins: typeof slow, config: object) => {
  const sources = { plugins, env: {}, defaults: { service: { instanceId: 'fixed' } }, config };
  try {
    return loadConfig(sources);
  } catch {
    return configErrorOf(() => loadConfig(sources)).problems;
  }
};

describe('loadConfig with and without quick parses', () => {
  it('resolves every combination of layers to the same configuration or the same problems', () => {
    const plain = (l: unknown): l is object =>
      typeof l === 'object' && l !== null && Object.getPrototypeOf(l) === Object.prototype;
    for (const layer of layers().filter(plain)) {
      expect(outcome(quick, layer)).toEqual(outcome(slow, layer));
    }
  });
});

describe('quicklyValid and metrics.engine', () => {
  const METRICS_VALUES = [
    { engine: 'meterline' },
    { engine: 'sdk' },
    { engine: 'otel' },
    { engine: undefined },
    { engine: 'sdk', exportIntervalMillis: 1000 },
    { engine: 'sdk', unknown: true },
    {},
    null,
    [],
  ];
  const layersWithMetrics = () =>
    METRICS_VALUES.flatMap((metrics) => [
      { metrics },
      { metrics, service: { name: 'svc' }, exporters: { prometheus: { port: 0 } } },
    ]);

  it('vouches only for metrics sections the schema accepts, and for one that sets the engine', () => {
    for (const layer of layersWithMetrics()) {
      if (quicklyValid(quick, layer)) {
        expect(whole.safeParse(layer).success, JSON.stringify(layer)).toBe(true);
      }
    }
    expect(quicklyValid(quick, { metrics: { engine: 'meterline' } })).toBe(true);
    expect(quicklyValid(quick, { metrics: { engine: 'sdk' } })).toBe(true);
    expect(quicklyValid(quick, { metrics: { engine: 'otel' } })).toBe(false);
    expect(quicklyValid(quick, { metrics: { engine: 'sdk', exportIntervalMillis: 1000 } })).toBe(
      false,
    );
  });

  it('resolves those layers to the same configuration or the same problems as the schema', () => {
    for (const layer of layersWithMetrics()) {
      expect(outcome(quick, layer)).toEqual(outcome(slow, layer));
    }
  });
});
