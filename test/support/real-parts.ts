import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Real server binaries `scripts/provision.sh` installs: `prometheus`/`promtool` are 2.53,
 * `prometheus3`/`promtool3` are 3.5 LTS; `python-prometheus-client` is python3 with Debian's
 * `prometheus_client` importable (its strict OpenMetrics parser, see openmetrics-parser.ts);
 * `python-grpc` is python3 with Debian's grpcio, grpc_tools and protobuf (see python-grpc.ts).
 */
export type RealPart =
  | 'prometheus'
  | 'promtool'
  | 'prometheus3'
  | 'promtool3'
  | 'victoria-metrics'
  | 'vmagent'
  | 'redis-server'
  | 'influxd'
  | 'python-prometheus-client'
  | 'python-grpc';

const COMPONENT: Record<RealPart, string> = {
  prometheus: 'prometheus',
  promtool: 'promtool',
  prometheus3: 'prometheus3',
  promtool3: 'promtool3',
  'victoria-metrics': 'victoria-metrics',
  vmagent: 'victoria-metrics',
  'redis-server': 'redis',
  influxd: 'influxdb',
  'python-prometheus-client': 'python-prometheus-client',
  'python-grpc': 'python-grpc',
};

/**
 * The path of a provisioned binary. Fails loudly (never skips) when it is missing, saying how to
 * provision it: `npm test` runs the provisioning script before the tests.
 */
export function realPart(name: RealPart): string {
  const cache = process.env.METERLINE_CACHE ?? join(repoRoot, '.cache');
  const path = join(cache, 'real-parts', 'bin', name);
  if (!existsSync(path)) {
    throw new Error(
      `${name} is not provisioned at ${path}: run \`bash scripts/provision.sh ${COMPONENT[name]}\` ` +
        '(the test command does this before running the tests)',
    );
  }
  return path;
}
