import { join } from 'node:path';
import { startChild, type Child } from './child.js';
import { repoRoot } from './real-parts.js';

/** A demo service started from its built entry point, with the endpoints it printed. */
export interface RunningDemo {
  readonly child: Child;
  /** `<service> metrics: <url>` lines, service -> url. */
  readonly metrics: ReadonlyMap<string, string>;
}

/**
 * Starts `packages/<pkg>/dist/main.js` with `env` on top of the test's environment and waits for
 * its `<service> metrics: <url>` lines and the `ready` pattern.
 */
export async function startDemo(
  pkg: string,
  env: Record<string, string>,
  ready: RegExp,
): Promise<RunningDemo> {
  const child = spawnDemo(pkg, env);
  try {
    await child.waitForOutput(ready);
  } catch (error) {
    await child.stop('SIGKILL');
    throw error;
  }
  const metrics = new Map<string, string>();
  for (const match of child.stdout().matchAll(/^(\S+) metrics: (http\S+)$/gm)) {
    metrics.set(match[1]!, match[2]!);
  }
  return { child, metrics };
}

/**
 * Runs `packages/<pkg>/dist/main.js` with `env` until it exits on its own (a refused
 * configuration, say) and returns its exit code and standard error.
 */
export async function runDemoToExit(
  pkg: string,
  env: Record<string, string>,
): Promise<{ code: number | string; stderr: string }> {
  const child = spawnDemo(pkg, env);
  const code = await child.exited();
  return { code, stderr: child.stderr() };
}

function spawnDemo(pkg: string, env: Record<string, string>): Child {
  return startChild(process.execPath, [join(repoRoot, 'packages', pkg, 'dist', 'main.js')], {
    env: { ...process.env, ...env },
  });
}
