/**
 * Reads one sample from a Prometheus text exposition: the line whose name is `name` and whose
 * labels include every entry of `labels`. Undefined when no line matches; throws when several do,
 * since an ambiguous read would make an exact assertion meaningless.
 */
export function sampleValue(
  body: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const matches: number[] = [];
  for (const line of body.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [
        l[1],
        l[2],
      ]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) matches.push(Number(m[3]));
  }
  if (matches.length > 1) {
    throw new Error(`${matches.length} samples of ${name} match ${JSON.stringify(labels)}`);
  }
  return matches[0];
}

/** How many sample lines the exposition has for names starting with `prefix`. */
export function seriesCount(body: string, prefix: string): number {
  return body.split('\n').filter((line) => !line.startsWith('#') && line.startsWith(prefix)).length;
}
