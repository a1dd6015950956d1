import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { pollUntil } from './poll.js';

/** A child process whose output is captured, with helpers to wait on it. */
export interface Child {
  readonly process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout+stderr; fails if the child exits first. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends `signal` and resolves with the exit code (or signal name) within `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | string>;
  /** Resolves with the exit code once the child has exited. */
  exited(): Promise<number | string>;
}

/** Spawns `command` with captured output. The caller must `stop()` it. */
export function startChild(command: string, args: string[], options: SpawnOptions = {}): Child {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  let exitCode: number | string | undefined;
  void exit.then((code) => (exitCode = code));
  const describe = () => `${command} ${args.join(' ')}`;
  return {
    process: child,
    stdout: () => out,
    stderr: () => err,
    waitForOutput(pattern, timeoutMs = 30_000) {
      return pollUntil(
        () => {
          const match = (out + err).match(pattern);
          if (match) return match;
          if (exitCode !== undefined) {
            throw new Error(
              `${describe()} exited (${exitCode}) before printing ${pattern}:\n${out}${err}`,
            );
          }
          return undefined;
        },
        { what: `${pattern} from ${describe()}`, timeoutMs, intervalMs: 25 },
      );
    },
    async stop(signal = 'SIGTERM', timeoutMs = 15_000) {
      if (exitCode !== undefined) return exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exit;
      } finally {
        clearTimeout(timer);
      }
    },
    exited: () => exit,
  };
}
