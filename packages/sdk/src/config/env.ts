import {
  isSecretVariable,
  redactUrlCredentials,
  type ConfigProblem,
  type EnvBinding,
  type EnvValueType,
} from '@meterline/plugin';

/** The OTel SDK variables the core reads. */
export const CORE_ENV_BINDINGS: readonly EnvBinding[] = [
  { variable: 'OTEL_SERVICE_NAME', path: ['service', 'name'] },
  {
    variable: 'OTEL_RESOURCE_ATTRIBUTES',
    path: ['resource', 'attributes'],
    parse: parseResourceAttributes,
  },
  {
    variable: 'OTEL_METRICS_EXPORTER',
    path: ['metrics', 'exporters'],
    parse: (raw) => {
      const names = splitList(raw).map((n) => n.toLowerCase());
      return names.includes('none') ? [] : names;
    },
  },
  {
    variable: 'OTEL_METRIC_EXPORT_INTERVAL',
    path: ['metrics', 'exportIntervalMillis'],
    type: 'int',
  },
  { variable: 'OTEL_METRIC_EXPORT_TIMEOUT', path: ['metrics', 'exportTimeoutMillis'], type: 'int' },
  {
    variable: 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT',
    path: ['metrics', 'attributeLimits', 'valueLength'],
    type: 'int',
  },
  {
    variable: 'OTEL_ATTRIBUTE_COUNT_LIMIT',
    path: ['metrics', 'attributeLimits', 'count'],
    type: 'int',
  },
  { variable: 'METERLINE_METRICS_ENGINE', path: ['metrics', 'engine'] },
  { variable: 'OTEL_METRICS_EXEMPLAR_FILTER', path: ['metrics', 'exemplarFilter'] },
  {
    variable: 'METERLINE_METRICS_STALE_SERIES_MILLIS',
    path: ['metrics', 'staleSeriesMillis'],
    type: 'int',
  },
];

/** The result of reading the environment: a layer plus where each key came from. */
export interface EnvLayer {
  readonly layer: Record<string, unknown>;
  /** Dotted key -> variable name, for error messages. */
  readonly origins: ReadonlyMap<string, string>;
  readonly problems: ConfigProblem[];
}

/**
 * Reads the bound variables into a config layer. Empty variables count as unset (OTel spec). A
 * value that cannot be read (`OTEL_METRIC_EXPORT_INTERVAL=soon`) becomes a problem naming the
 * variable; values that read fine are then checked by the schema (a port range, say).
 */
export function readEnvLayer(
  env: Readonly<Record<string, string | undefined>>,
  bindings: readonly EnvBinding[],
): EnvLayer {
  const layer: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  for (const binding of bindings) {
    const raw = env[binding.variable]?.trim();
    if (raw === undefined || raw === '') continue;
    let value: unknown;
    try {
      value = binding.parse ? binding.parse(raw) : convert(raw, binding.type ?? 'string');
    } catch (error) {
      const secret = binding.secret === true || isSecretVariable(binding.variable);
      problems.push({
        source: `env ${binding.variable}`,
        key: binding.path.join('.'),
        message:
          (error as Error).message +
          (secret
            ? ' (value not shown: it may hold a secret)'
            : `, got ${redactUrlCredentials(JSON.stringify(raw))}`),
      });
      continue;
    }
    setPath(layer, binding.path, value);
    origins.set(binding.path.join('.'), binding.variable);
  }
  return { layer, origins, problems };
}

function convert(raw: string, type: EnvValueType): unknown {
  switch (type) {
    case 'string':
      return raw;
    case 'int':
      if (!/^[+-]?\d+$/.test(raw)) throw new Error('expected an integer');
      return Number(raw);
    case 'number':
      if (!Number.isFinite(Number(raw))) throw new Error('expected a number');
      return Number(raw);
    case 'boolean':
      if (/^true$/i.test(raw)) return true;
      if (/^false$/i.test(raw)) return false;
      throw new Error('expected true or false');
    case 'list':
      return splitList(raw);
  }
}

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `key1=value1,key2=value2` with percent-encoded values, per the OTel resource SDK spec. */
export function parseResourceAttributes(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of splitList(raw)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`expected key=value pairs separated by commas (at "${pair}")`);
    const key = pair.slice(0, eq).trim();
    try {
      out[key] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      throw new Error(`expected a percent-encoded value for "${key}"`);
    }
  }
  return out;
}

/** Sets `value` at `path`, creating objects on the way. */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown) {
  let node = target;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    if (typeof next !== 'object' || next === null) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}
