import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { DemoSpec } from './demos.js';

/** A line a demo prints for an endpoint: `<service> <kind>: <url>`. */
export const ENDPOINT_LINE = /^\S+ [\w-]+: (?:https?|grpc|redis):\/\/\S+$/;
/** The line a demo prints once every endpoint is up: `<service> ready`. */
export const READY_LINE = /^\S+ ready$/;

/** A demo started as a child process. */
export interface DemoProcess {
  readonly spec: DemoSpec;
  readonly child: ChildProcess;
  /** Endpoint lines printed so far, in order. */
  readonly endpoints: string[];
  /** Resolves once the demo printed its ready line; rejects if it exits first or times out. */
  readonly ready: Promise<void>;
  /** Resolves with the exit code (or the signal's name) when the demo exits. */
  readonly exited: Promise<number | string>;
  /** The demo's last output lines, for error messages. */
  tail(): string;
}

/**
 * Starts `node <spec.entry>` with `env`. Its stdout and stderr go to `log` line by line, prefixed
 * with `[<name>]`; endpoint lines are also collected. Only the caller stops it.
 */
export function startDemoProcess(
  spec: DemoSpec,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
  readyTimeoutMs: number,
): DemoProcess {
  const child = spawn(process.execPath, [spec.entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const endpoints: string[] = [];
  const recent: string[] = [];
  let onReady: () => void = () => {};
  let failReady: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    failReady = reject;
  });
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
    log(`[${spec.name}] ${line}`);
  };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    remember(line);
    if (ENDPOINT_LINE.test(line)) endpoints.push(line);
    if (READY_LINE.test(line)) onReady();
  });
  createInterface({ input: child.stderr! }).on('line', remember);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => {
      remember(`cannot start: ${error.message}`);
      resolve('spawn-error');
    });
  });
  const timer = setTimeout(
    () =>
      failReady(
        new Error(`${spec.name} did not print "<service> ready" within ${readyTimeoutMs} ms`),
      ),
    readyTimeoutMs,
  );
  // Also marks the rejection as handled: the fleet may stop before awaiting every demo.
  void ready.then(
    () => clearTimeout(timer),
    () => clearTimeout(timer),
  );
  void exited.then((code) =>
    failReady(new Error(`${spec.name} exited (${code}) before it was ready`)),
  );
  return { spec, child, endpoints, ready, exited, tail: () => recent.join('\n') };
}
