import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One demo service the fleet runs. */
export interface DemoSpec {
  /** Its name, as it prefixes its output: `storage-agent`, `dfs`, … */
  readonly name: string;
  /** The built entry point, `packages/demo-<name>/dist/main.js`. */
  readonly entry: string;
  /** Environment defaults of this demo in the fleet; the fleet's own environment wins. */
  readonly env?: Readonly<Record<string, string>>;
}

/** `packages/`, seen from this file's `dist/`. */
const PACKAGES = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Defaults the fleet gives a demo. The job server runs as a `node:cluster` service of two worker
 * processes behind one metrics endpoint (docs/cluster.md): the workers share the API port (8081),
 * the primary serves the merged metrics at the seed's path `/api/v1/metrics` on 8082, where
 * deploy/prometheus scrapes it. `JOB_SERVER_WORKERS=1` runs it alone (metrics on the API port).
 */
const FLEET_ENV: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'job-server': { JOB_SERVER_WORKERS: '2', JOB_SERVER_METRICS_PORT: '8082' },
};

/** The demo of every seed system, in start order. */
export const FLEET_DEMOS: readonly DemoSpec[] = [
  'storage-agent',
  'job-server',
  'replicator',
  'dfs',
  'metrics-module',
].map((name) => ({
  name,
  entry: join(PACKAGES, `demo-${name}`, 'dist', 'main.js'),
  env: FLEET_ENV[name],
}));

/** Thrown for a `FLEET_DEMOS` selection naming a demo the fleet does not have. */
export class FleetConfigError extends Error {}

/**
 * The demos to run: all of them, or the comma-separated names in `FLEET_DEMOS`.
 * @throws {FleetConfigError} naming an unknown demo and the known ones.
 */
export function selectDemos(
  env: Readonly<Record<string, string | undefined>>,
  demos: readonly DemoSpec[] = FLEET_DEMOS,
): DemoSpec[] {
  const raw = env.FLEET_DEMOS?.trim();
  if (!raw) return [...demos];
  const names = raw
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return names.map((name) => {
    const demo = demos.find((d) => d.name === name);
    if (!demo) {
      throw new FleetConfigError(
        `env FLEET_DEMOS: unknown demo "${name}" (the fleet has: ${demos.map((d) => d.name).join(', ')})`,
      );
    }
    return demo;
  });
}
