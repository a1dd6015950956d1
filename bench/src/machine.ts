import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

/** What the numbers were measured on. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  /** 1-minute load average when the run started and when it ended. */
  readonly loadAtStart: number;
  loadAtEnd: number;
  readonly commit: string;
  /** Installed versions of every measured package. */
  readonly versions: Record<string, string>;
}

const PACKAGES = [
  '@meterline/sdk',
  '@meterline/exporter-prometheus',
  'prom-client',
  '@opentelemetry/api',
  '@opentelemetry/sdk-metrics',
  '@opentelemetry/exporter-prometheus',
  '@opentelemetry/otlp-transformer',
  'autocannon',
];

function version(root: string, name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
    return String(pkg.version);
  } catch {
    return 'not installed';
  }
}

function commit(root: string): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    const head = git('rev-parse', '--short', 'HEAD').trim();
    return git('status', '--porcelain').trim() === '' ? head : `${head} + uncommitted changes`;
  } catch {
    return 'unknown';
  }
}

/** Describes this machine and the installed packages (`root` is the repository root). */
export function describeMachine(root: string): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAtStart: loadavg()[0]!,
    loadAtEnd: loadavg()[0]!,
    commit: commit(root),
    versions: Object.fromEntries(PACKAGES.map((name) => [name, version(root, name)])),
  };
}
