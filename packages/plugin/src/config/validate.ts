import type { z } from 'zod';
import { formatKey, type ConfigProblem } from './errors.js';
import { isSecretPath, redactUrlCredentials } from './redact.js';

/** Maps a key path of a layer to the place it came from in that layer's source. */
export type Locate = (path: readonly PropertyKey[], unknownKey?: string) => string;

/**
 * Validates one layer against the layer schema and turns every zod issue into a
 * {@link ConfigProblem} naming the source (via `locate`), the full key and what was expected.
 */
export function validateLayer(
  schema: z.ZodType,
  value: unknown,
  locate: Locate,
  /**
   * Keys whose values must never be echoed in messages.
   * @default {@link isSecretPath}: headers, passwords, tokens, credentials, wherever they appear
   */
  isSecret: (path: readonly PropertyKey[]) => boolean = isSecretPath,
): { data?: unknown; problems: ConfigProblem[] } {
  // `jitless`: zod would otherwise compile a fast path (`new Function`) for every object schema on
  // its first parse; config is parsed once, so compiling costs more than it saves (~20 ms at start).
  const result = schema.safeParse(value, { reportInput: true, jitless: true });
  if (result.success) return { data: result.data, problems: [] };
  const problems: ConfigProblem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          source: locate(issue.path, key),
          key: formatKey([...issue.path, key]),
          message: `unknown key${describeKnownKeys(schema, issue.path)}`,
        });
      }
      continue;
    }
    problems.push({
      source: locate(issue.path),
      key: formatKey(issue.path),
      message:
        issue.message.replace(/^Invalid input: /, '').replace(/, received \w+$/, '') +
        (isSecret(issue.path) ? '' : describeInput(issue.input)),
    });
  }
  return { problems };
}

/** `(expected one of: a, b)` for the object schema at `path`, or '' when it cannot tell. */
function describeKnownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string {
  let node: unknown = schema;
  for (const segment of [...path, null]) {
    node = unwrap(node);
    if (segment === null) break;
    const def = (node as { def?: { type?: string; shape?: object; element?: unknown } }).def;
    if (def?.type === 'object' && typeof segment === 'string') {
      node = (def.shape as Record<string, unknown>)[segment];
    } else if (def?.type === 'array') {
      node = def.element;
    } else {
      return '';
    }
  }
  const def = (node as { def?: { type?: string; shape?: object } }).def;
  if (def?.type !== 'object' || !def.shape) return '';
  const keys = Object.keys(def.shape);
  return keys.length ? ` (expected one of: ${keys.join(', ')})` : ' (this section takes no keys)';
}

function unwrap(node: unknown): unknown {
  let current = node as { def?: { type?: string; innerType?: unknown } } | undefined;
  while (
    current?.def &&
    (current.def.type === 'optional' ||
      current.def.type === 'default' ||
      current.def.type === 'nullable')
  ) {
    current = current.def.innerType as typeof current;
  }
  return current;
}

/** `, got 70000` for a scalar input; nothing for objects, whose keys are reported one by one. */
function describeInput(input: unknown): string {
  if (input === undefined || (typeof input === 'object' && input !== null)) return '';
  const shown = JSON.stringify(input);
  // A URL's user:password never reaches a message; over-long values are cut.
  return `, got ${redactUrlCredentials(shown.length > 200 ? `${shown.slice(0, 200)}…"` : shown)}`;
}
