import type { ExporterEndpoint } from '@meterline/plugin';
import { ConfigError } from '@meterline/sdk';

/** Writes one line of a demo's output (the line includes its `\n`). */
export type Say = (line: string) => void;

/** Writes to stdout: the demos' endpoint, ready and shutdown lines. */
export const sayOnStdout: Say = (line) => void process.stdout.write(line);

/** Writes `<service>: <message>` to stderr and exits with `code`. */
export function exitWith(service: string, code: number, message: string): never {
  process.stderr.write(`${service}: ${message}\n`);
  process.exit(code);
}

/**
 * A start-up failure handler: exits with `code`, printing the message alone for a `ConfigError` or
 * one of `known` (errors that already say what was wrong), `String(error)` for anything else.
 */
export function startFailure(
  service: string,
  code: number,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ...known: readonly (abstract new (...args: any[]) => Error)[]
): (error: unknown) => never {
  return (error) => {
    const expected = error instanceof ConfigError || known.some((type) => error instanceof type);
    return exitWith(service, code, expected ? (error as Error).message : String(error));
  };
}

/**
 * Prints one line per endpoint, `<service> metrics: <url>` for the Prometheus endpoint (the
 * project's contract) and `<service> <exporter>: <url>` for the others.
 */
export function printEndpoints(
  service: string,
  endpoints: readonly ExporterEndpoint[],
  say: Say = sayOnStdout,
): void {
  for (const endpoint of endpoints) {
    const kind = endpoint.exporter === 'prometheus' ? 'metrics' : endpoint.exporter;
    say(`${service} ${kind}: ${endpoint.url}\n`);
  }
}

/** What {@link serveUntilSignal} needs. */
export interface ServeOptions {
  /** Stops the service: workload, servers, `telemetry.shutdown()` (which flushes), storage. */
  readonly stop: () => Promise<void>;
  /** Where the ready and shutdown lines go. @default stdout */
  readonly say?: Say;
  /** How long `stop` may take before the process exits with 1. @default 10000 */
  readonly graceMillis?: number;
}

/**
 * Installs the SIGINT/SIGTERM handlers, then prints `<service> ready` (handlers first: whoever
 * waits for the line may signal at once). On the first signal it prints
 * `<service>: <signal> received, flushing metrics and stopping`, runs `stop` and exits 0; a `stop`
 * that hangs past the grace time ends the process with exit code 1, so a hung exporter cannot keep
 * it alive forever. Later signals are ignored while stopping.
 */
export function serveUntilSignal(service: string, options: ServeOptions): void {
  const say = options.say ?? sayOnStdout;
  const graceMillis = options.graceMillis ?? 10_000;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${service}: ${signal} received, flushing metrics and stopping\n`);
    setTimeout(() => {
      process.stderr.write(
        `${service}: shutdown took longer than ${graceMillis / 1000} s, exiting\n`,
      );
      process.exit(1);
    }, graceMillis).unref();
    await options.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  say(`${service} ready\n`);
}
