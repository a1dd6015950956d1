/**
 * Deep-merges config layers, later layers winning. Objects merge key by key; arrays and scalars
 * replace (a view list from the environment replaces the file's, it does not append to it).
 */
export function mergeLayers(layers: readonly unknown[]): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  for (const layer of layers) out = mergeTwo(out, layer) as Record<string, unknown>;
  return out;
}

function mergeTwo(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = mergeTwo(base[key], value);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dotted path of a plain object tree, or undefined. */
export function getPath(tree: unknown, path: readonly string[]): unknown {
  let node = tree;
  for (const segment of path) {
    if (!isPlainObject(node)) return undefined;
    node = node[segment];
  }
  return node;
}
