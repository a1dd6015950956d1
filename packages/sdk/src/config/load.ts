import { DEFAULT_UNIT_PRESETS, type BucketPresetName } from '../buckets.js';
import type { RuntimeMetricNames } from '../runtime/runtime-metrics.js';
import {
  ConfigError,
  formatKey,
  readFileLayer,
  validateLayer,
  type AnyExporterPlugin,
  type ConfigProblem,
  type EnvBinding,
  type Locate,
} from '@meterline/plugin';
import { randomUUID } from '../random-uuid.js';
import { CORE_ENV_BINDINGS, readEnvLayer } from './env.js';
import { getPath, mergeLayers } from './merge.js';
import { quicklyValid } from './quick-check.js';
import { buildLayerSchema, layerSchemaFor, type ConfigLayer, type ViewConfig } from './schema.js';

/** Where configuration comes from; see {@link loadConfig} for the precedence. */
export interface ConfigSources {
  /** Exporter plug-ins the service ships with; their option sections join the schema. */
  readonly plugins: readonly AnyExporterPlugin[];
  /** Lowest layer above the built-in defaults: a service's own defaults (its name, say). */
  readonly defaults?: ConfigLayer;
  /** A YAML file. @default process.env.METERLINE_CONFIG_FILE */
  readonly configFile?: string;
  /** The environment to read `OTEL_*` from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Highest layer: values fixed in code that nothing overrides. */
  readonly config?: ConfigLayer;
}

/** Configuration after merging every layer and applying defaults. */
export interface ResolvedConfig {
  readonly service: {
    readonly name: string;
    readonly version?: string;
    readonly namespace?: string;
    readonly instanceId: string;
  };
  readonly resource: {
    readonly attributes: Readonly<Record<string, string | number | boolean>>;
    readonly detect: boolean;
  };
  readonly metrics: {
    readonly exporters: readonly string[];
    readonly exportIntervalMillis: number;
    readonly exportTimeoutMillis: number;
    readonly cardinalityLimit: number;
    /** Meterline's own engine, or the OpenTelemetry SDK's meter provider. */
    readonly engine: MetricsEngine;
    /** Evict series idle this long (ms; `meterline` engine); 0 keeps them. */
    readonly staleSeriesMillis: number;
    /** Which measurements may become exemplars (`meterline` engine). */
    readonly exemplarFilter: 'trace_based' | 'always_on' | 'always_off';
    readonly unitBuckets: Readonly<Record<string, BucketPresetName | readonly number[]>>;
    readonly views: readonly ViewConfig[];
    /** Process and runtime metrics: on unless disabled, under OTel or prom-client names. */
    readonly runtime: { readonly enabled: boolean; readonly names: RuntimeMetricNames };
    /** Longest attribute value (characters) and most attributes per measurement. */
    readonly attributeLimits: { readonly valueLength: number; readonly count: number };
  };
  /** Each selected plug-in's options, parsed by its own schema (its defaults applied). */
  readonly exporters: Readonly<Record<string, unknown>>;
}

/** Which engine records and aggregates. */
export type MetricsEngine = 'meterline' | 'sdk';

/** Built-in defaults (OTel SDK spec values where the spec sets one). */
export const DEFAULTS = {
  serviceName: 'unknown_service:node',
  exporters: ['prometheus'],
  exportIntervalMillis: 60_000,
  exportTimeoutMillis: 30_000,
  cardinalityLimit: 2000,
  engine: 'meterline',
  staleSeriesMillis: 0,
  /** The spec's default. */
  exemplarFilter: 'trace_based',
  /** Not the spec's "no limit": one 1 MB label value would go into every scrape and export. */
  attributeValueLength: 1024,
  /** The OTel spec's default attribute count limit. */
  attributeCount: 128,
} as const;

/**
 * Merges configuration from, lowest to highest precedence:
 * built-in defaults < `defaults` (code) < YAML file < `OTEL_*` environment < `config` (code).
 * Every layer is validated on its own first, so each problem names its real source: the file with
 * line and column, the variable, or the code option. All problems of all layers are reported at
 * once; references between keys (an exporter name in `metrics.exporters`) are checked after the
 * layers merged, so they are reported once the layers themselves are valid.
 *
 * @throws {ConfigError} listing every problem found.
 */
export function loadConfig(sources: ConfigSources): ResolvedConfig {
  const env = sources.env ?? process.env;
  const problems: ConfigProblem[] = [];
  const layers: { value: unknown; locate: Locate }[] = [];

  // Each layer is checked against the schema of the sections it sets (most services set a few);
  // one it rejects is checked again against the whole schema, whose messages list every key.
  const check = (value: unknown, locate: Locate) => {
    // Most layers (a service's name in code, an empty environment, a port) are vouched for
    // without zod; see quick-check.ts.
    if (quicklyValid(sources.plugins, value)) {
      layers.push({ value, locate });
      return;
    }
    const fast = validateLayer(layerSchemaFor(sources.plugins, value), value, locate);
    if (fast.problems.length) {
      problems.push(...validateLayer(buildLayerSchema(sources.plugins), value, locate).problems);
    }
    layers.push({ value, locate });
  };

  if (sources.defaults) {
    check(sources.defaults, codeLocator('defaults'));
  }
  const configFile = sources.configFile ?? nonEmpty(env.METERLINE_CONFIG_FILE);
  if (configFile) {
    const file = readFileLayer(configFile);
    problems.push(...file.problems);
    if (!file.problems.length) check(file.layer, file.locate);
  }
  const envLayer = readEnvLayer(env, [...CORE_ENV_BINDINGS, ...pluginBindings(sources.plugins)]);
  problems.push(...envLayer.problems);
  check(envLayer.layer, (path) => {
    const variable = envLayer.origins.get(dottedPrefix(path, envLayer.origins));
    return variable ? `env ${variable}` : 'environment';
  });
  if (sources.config) check(sources.config, codeLocator('config'));
  if (problems.length) throw new ConfigError(problems);

  const merged = mergeLayers(layers.map((l) => l.value));
  const sourceOf = (path: string[]) =>
    [...layers]
      .reverse()
      .find((l) => getPath(l.value, path) !== undefined)
      ?.locate(path) ?? 'built-in defaults';
  return resolve(merged, sources.plugins, sourceOf, env);
}

function resolve(
  merged: Record<string, unknown>,
  plugins: readonly AnyExporterPlugin[],
  sourceOf: (path: string[]) => string,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedConfig {
  const layer = merged as ConfigLayer;
  const exporters = layer.metrics?.exporters ?? defaultExporters(plugins, env);
  const problems: ConfigProblem[] = [];
  const pluginOptions: Record<string, unknown> = {};
  for (const name of new Set(exporters)) {
    const plugin = plugins.find((p) => p.name === name);
    if (!plugin) {
      problems.push({
        source: sourceOf(['metrics', 'exporters']),
        key: 'metrics.exporters',
        message: `unknown exporter "${name}" (this service ships: ${
          plugins.map((p) => p.name).join(', ') || 'none'
        })`,
      });
      continue;
    }
    const section = getPath(merged, ['exporters', name]) ?? {};
    // The plug-in's own zod-free parse when it vouches for the section (exactly the schema's output).
    const quick = plugin.quickParse?.(section);
    // Parsed once: no compiled fast path (see validateLayer).
    const parsed =
      quick !== undefined
        ? { success: true as const, data: quick }
        : plugin.optionsSchema.safeParse(section, { jitless: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = ['exporters', name, ...issue.path.map(String)];
        problems.push({ source: sourceOf(path), key: formatKey(path), message: issue.message });
      }
      continue;
    }
    pluginOptions[name] = parsed.data;
  }
  if ((layer.metrics?.engine ?? DEFAULTS.engine) === 'sdk') {
    (layer.metrics?.views ?? []).forEach((view, i) => {
      if (view.aggregation === undefined) return;
      problems.push({
        source: sourceOf(['metrics', 'views', String(i), 'aggregation']),
        key: formatKey(['metrics', 'views', i, 'aggregation']),
        message:
          'the summary aggregation needs metrics.engine "meterline" (the OpenTelemetry SDK has no summary)',
      });
    });
  }
  if (problems.length) throw new ConfigError(problems);

  return {
    service: {
      // OTEL_SERVICE_NAME (service.name) beats service.name in OTEL_RESOURCE_ATTRIBUTES, which
      // beats the default; the same for the instance id (OTel resource SDK spec).
      name: layer.service?.name ?? stringAttribute(layer, 'service.name') ?? DEFAULTS.serviceName,
      version: layer.service?.version ?? stringAttribute(layer, 'service.version'),
      namespace: layer.service?.namespace ?? stringAttribute(layer, 'service.namespace'),
      instanceId:
        layer.service?.instanceId ?? stringAttribute(layer, 'service.instance.id') ?? randomUUID(),
    },
    resource: {
      attributes: layer.resource?.attributes ?? {},
      detect: layer.resource?.detect ?? true,
    },
    metrics: {
      exporters: [...new Set(exporters)],
      exportIntervalMillis: layer.metrics?.exportIntervalMillis ?? DEFAULTS.exportIntervalMillis,
      exportTimeoutMillis: layer.metrics?.exportTimeoutMillis ?? DEFAULTS.exportTimeoutMillis,
      cardinalityLimit: layer.metrics?.cardinalityLimit ?? DEFAULTS.cardinalityLimit,
      engine: layer.metrics?.engine ?? DEFAULTS.engine,
      staleSeriesMillis: layer.metrics?.staleSeriesMillis ?? DEFAULTS.staleSeriesMillis,
      exemplarFilter: layer.metrics?.exemplarFilter ?? DEFAULTS.exemplarFilter,
      unitBuckets: { ...DEFAULT_UNIT_PRESETS, ...(layer.metrics?.unitBuckets ?? {}) } as Record<
        string,
        BucketPresetName | readonly number[]
      >,
      views: layer.metrics?.views ?? [],
      runtime: {
        enabled: layer.metrics?.runtime?.enabled ?? true,
        names: layer.metrics?.runtime?.names ?? 'otel',
      },
      attributeLimits: {
        valueLength: layer.metrics?.attributeLimits?.valueLength ?? DEFAULTS.attributeValueLength,
        count: layer.metrics?.attributeLimits?.count ?? DEFAULTS.attributeCount,
      },
    },
    exporters: pluginOptions,
  };
}

/**
 * `prometheus` when the service ships it, then every plug-in the environment turns on by itself
 * (`enabledByEnv`, e.g. `otlp` when `OTEL_EXPORTER_OTLP_ENDPOINT` is set).
 */
function defaultExporters(
  plugins: readonly AnyExporterPlugin[],
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const shipped = DEFAULTS.exporters.filter((name) => plugins.some((p) => p.name === name));
  const byEnv = plugins.filter((p) => p.enabledByEnv?.(env) === true).map((p) => p.name);
  return [...new Set([...shipped, ...byEnv])];
}

function pluginBindings(plugins: readonly AnyExporterPlugin[]): EnvBinding[] {
  return plugins.flatMap((plugin) =>
    (plugin.env ?? []).map((b) => ({ ...b, path: ['exporters', plugin.name, ...b.path] })),
  );
}

function codeLocator(option: string): Locate {
  return () => `startTelemetry({ ${option} })`;
}

/** The longest dotted prefix of `path` that has an origin (a variable sets a whole object). */
function dottedPrefix(path: readonly PropertyKey[], origins: ReadonlyMap<string, string>): string {
  for (let n = path.length; n > 0; n--) {
    const key = path.slice(0, n).map(String).join('.');
    if (origins.has(key)) return key;
  }
  return '';
}

function stringAttribute(layer: ConfigLayer, key: string): string | undefined {
  const value = layer.resource?.attributes?.[key];
  return value === undefined ? undefined : String(value);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}
