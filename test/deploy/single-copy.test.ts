import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../support/real-parts.js';

// Exactly one copy of every @opentelemetry/* package, at the catalog's version. Two copies of the
// API make a meter provider registered by one invisible to instruments created through the other,
// and two SDKs double the memory of every series; pnpm resolves transitive ranges (`^3.0.0`) to the
// newest release unless the workspace's overrides hold them to the catalog. The lockfile is what a
// fresh clone installs (`--frozen-lockfile`), so it is what is checked.

const SCOPE = '@opentelemetry/';

/** `'@scope/name@1.2.3'` or `name@1.2.3(peer@x)` -> [name, version]. */
function splitKey(key: string): [string, string] {
  const at = key.indexOf('@', 1);
  return [key.slice(0, at), key.slice(at + 1).replace(/\(.*$/, '')];
}

/** Every package name of the scope with more than one version among `keys`, with its versions. */
export function duplicateCopies(keys: Iterable<string>, scope = SCOPE): Map<string, string[]> {
  const versions = new Map<string, Set<string>>();
  for (const key of keys) {
    const [name, version] = splitKey(key);
    if (!name.startsWith(scope)) continue;
    if (!versions.has(name)) versions.set(name, new Set());
    versions.get(name)!.add(version);
  }
  const duplicates = new Map<string, string[]>();
  for (const [name, set] of versions) if (set.size > 1) duplicates.set(name, [...set].sort());
  return duplicates;
}

interface Lockfile {
  packages: Record<string, unknown>;
  snapshots: Record<string, unknown>;
}
const lockfile = parse(readFileSync(join(repoRoot, 'pnpm-lock.yaml'), 'utf8')) as Lockfile;
const catalog = (
  parse(readFileSync(join(repoRoot, 'pnpm-workspace.yaml'), 'utf8')) as {
    catalog: Record<string, string>;
  }
).catalog;

describe('one copy of each OpenTelemetry package', () => {
  it('finds a second copy when there is one (the check itself)', () => {
    const found = duplicateCopies([
      '@opentelemetry/core@3.1.0',
      '@opentelemetry/core@3.1.1',
      '@opentelemetry/api@1.10.0',
      'yaml@2.8.1',
      'yaml@1.10.2',
    ]);
    expect([...found]).toEqual([['@opentelemetry/core', ['3.1.0', '3.1.1']]]);
  });

  it('the lockfile resolves each @opentelemetry package to one version', () => {
    expect(Object.keys(lockfile.packages).length).toBeGreaterThan(100);
    expect(Object.fromEntries(duplicateCopies(Object.keys(lockfile.packages)))).toEqual({});
    expect(Object.fromEntries(duplicateCopies(Object.keys(lockfile.snapshots)))).toEqual({});
  });

  it('that version is the catalog pin', () => {
    const resolved = Object.keys(lockfile.packages)
      .map(splitKey)
      .filter(([name]) => name.startsWith(SCOPE));
    expect(resolved.length).toBeGreaterThanOrEqual(10);
    for (const [name, version] of resolved) {
      if (catalog[name] !== undefined)
        expect({ name, version }).toEqual({ name, version: catalog[name] });
    }
    // What the whole tree relies on is pinned, not merely resolved.
    for (const name of ['api', 'core', 'resources', 'sdk-metrics']) {
      expect(catalog[`${SCOPE}${name}`]).toBeDefined();
    }
  });
});
