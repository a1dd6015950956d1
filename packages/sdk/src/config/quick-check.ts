import type { AnyExporterPlugin } from '@meterline/plugin';

// A configuration layer the whole layer schema (schema.ts) certainly accepts, told without zod:
// only `service` with non-empty strings, `metrics` with nothing but its `engine`, and exporter
// sections whose plug-in's `quickParse` vouches for them. Anything else (resource, other metrics
// settings, an unknown key, any doubt) answers false and
// goes to the schema as before, whose messages stay the only ones a user sees. With it, a service
// that sets its name in code and a port builds and runs no zod schema at start (issue 13,
// `node bench/run.mjs --only cold-start`); test/config/quick-check.test.ts holds it to the schema.

const SERVICE_KEYS = new Set(['name', 'version', 'namespace', 'instanceId']);
/** `metrics.engine`'s values (schema.ts). */
const ENGINES = new Set<unknown>(['meterline', 'sdk']);

/** A plain object (no class instance, array, symbol or non-enumerable key), else undefined. */
function plainEntries(value: unknown): [string, unknown][] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return undefined;
  const entries: [string, unknown][] = [];
  const keys = Reflect.ownKeys(value);
  for (const key of keys) {
    if (typeof key !== 'string') return undefined;
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    if (!descriptor.enumerable || !('value' in descriptor)) return undefined;
    entries.push([key, descriptor.value]);
  }
  return entries;
}

/** True only when the layer schema accepts `layer`; false means "ask the schema". */
export function quicklyValid(plugins: readonly AnyExporterPlugin[], layer: unknown): boolean {
  const sections = plainEntries(layer);
  if (sections === undefined) return false;
  for (const [key, value] of sections) {
    if (key === 'service') {
      const fields = plainEntries(value);
      if (fields === undefined) return false;
      for (const [field, text] of fields) {
        if (!SERVICE_KEYS.has(field) || typeof text !== 'string' || text.length === 0) return false;
      }
    } else if (key === 'metrics') {
      const fields = plainEntries(value);
      if (fields === undefined) return false;
      for (const [field, engine] of fields) {
        if (field !== 'engine' || !ENGINES.has(engine)) return false;
      }
    } else if (key === 'exporters') {
      const exporters = plainEntries(value);
      if (exporters === undefined) return false;
      for (const [name, section] of exporters) {
        const named = plugins.filter((p) => p.name === name);
        const plugin = named.length === 1 ? named[0]! : undefined;
        if (plugin?.quickParse === undefined || plugin.quickParse(section) === undefined) {
          return false;
        }
      }
    } else {
      return false;
    }
  }
  return true;
}
