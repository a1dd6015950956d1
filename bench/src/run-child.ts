import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LISTENING_PREFIX, RESULT_PREFIX } from './child-io.js';

const casesDir = join(dirname(fileURLToPath(import.meta.url)), 'cases');

/** Options of {@link runCase}. */
export interface RunCaseOptions {
  /** Extra node flags (`--expose-gc`, `--cpu-prof`). @default [] */
  readonly nodeArgs?: readonly string[];
  /** Kill the child and fail after this long. @default 120_000 */
  readonly timeoutMs?: number;
}

/** Path of a compiled case script, `cases/<name>.js`. */
export function caseScript(name: string): string {
  return join(casesDir, `${name}.js`);
}

/**
 * Runs `cases/<name>.js` in a fresh Node process with `args` as its JSON argument and resolves with
 * the object on its `RESULT` line. Rejects (with the child's stderr) when it exits non-zero, prints
 * no result, or outlives `timeoutMs`.
 */
export function runCase<T>(name: string, args: unknown, options: RunCaseOptions = {}): Promise<T> {
  const script = caseScript(name);
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), script, JSON.stringify(args)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnv(),
    },
  );
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code === 0 && line) {
        resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as T);
        return;
      }
      const why =
        signal === 'SIGKILL' ? `timed out after ${timeoutMs} ms` : `exit ${code ?? signal}`;
      reject(new Error(`bench case ${name} ${JSON.stringify(args)}: ${why}\n${err.trim()}`));
    });
  });
}

/** A running service child. */
export interface ServiceChild {
  /** What the child printed after `LISTENING `: its base URL. */
  readonly url: string;
  /** Milliseconds from spawn to the `LISTENING` line. */
  readonly listeningMs: number;
  /** When the child was spawned, on the `performance.now()` clock. */
  readonly spawnedAt: number;
  /** Kills the child and resolves once it exited. */
  stop(): Promise<void>;
  /**
   * Asks the child to exit (SIGTERM; a child that handles it exits cleanly, so `--cpu-prof` writes
   * its profile) and resolves once it exited; kills it after `timeoutMs`.
   */
  terminate(timeoutMs?: number): Promise<void>;
}

/**
 * Starts `cases/<name>.js` and resolves once it printed `LISTENING <url>`; rejects if it exits or
 * stays silent for `timeoutMs`.
 */
export function startService(
  name: string,
  args: unknown,
  timeoutMs = 30_000,
  nodeArgs: readonly string[] = [],
): Promise<ServiceChild> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, caseScript(name), JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv(),
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  return new Promise<ServiceChild>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`service ${name}: no ${LISTENING_PREFIX.trim()} line in ${timeoutMs} ms\n${err}`),
      );
    }, timeoutMs);
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`service ${name} exited (${code}) before listening\n${err}`));
    };
    child.once('exit', early);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith(LISTENING_PREFIX));
      if (!line || !out.includes('\n', out.indexOf(LISTENING_PREFIX))) return;
      clearTimeout(timer);
      child.removeListener('exit', early);
      const listeningMs = performance.now() - spawnedAt;
      resolve({
        url: line.slice(LISTENING_PREFIX.length).trim(),
        listeningMs,
        spawnedAt,
        stop() {
          child.kill('SIGKILL');
          return exited;
        },
        async terminate(graceMs = 10_000) {
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.kill('SIGTERM');
          await exited;
          clearTimeout(timer);
        },
      });
    });
  });
}

/** The parent's environment without OTEL_* and METERLINE_* variables, so no setting leaks in. */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('OTEL_') && !k.startsWith('METERLINE_'),
    ),
  );
}
