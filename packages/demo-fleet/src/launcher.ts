import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { startDemoProcess, type DemoProcess } from './demo-process.js';
import type { DemoSpec } from './demos.js';

/** Options of {@link startFleet}. */
export interface FleetOptions {
  /** The demos, started in this order. */
  readonly demos: readonly DemoSpec[];
  /** Environment of every demo. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Where the fleet's own lines go (endpoints, `fleet ready`). @default stdout */
  readonly out?: (line: string) => void;
  /** Where the demos' output goes, prefixed with `[<name>]`. @default stderr */
  readonly log?: (line: string) => void;
  /** How long a demo may take to print its ready line. @default 60000 */
  readonly readyTimeoutMs?: number;
  /** How long stopping may take before the demos are killed. @default 15000 */
  readonly stopTimeoutMs?: number;
}

/** A running fleet. */
export interface Fleet {
  /** Every endpoint line of every demo, in demo order. */
  readonly endpoints: readonly string[];
  /**
   * Sends `signal` to every demo and resolves with the fleet's exit code once all exited: 0 when
   * every demo exited 0, 1 otherwise (or when one had to be killed). Idempotent.
   */
  stop(signal?: NodeJS.Signals): Promise<number>;
  /**
   * Resolves with 1 once a demo exited by itself and the fleet stopped the rest; never resolves
   * when the fleet was stopped with {@link Fleet.stop} first.
   */
  readonly unexpectedExit: Promise<number>;
}

/** Thrown when a demo is not built or fails to start; the message says which and why. */
export class FleetStartError extends Error {}

/**
 * Starts every demo as a child process, waits for each `<service> ready`, then writes every
 * endpoint line the demos printed, and `fleet ready`. Checks that every entry point exists before
 * starting anything.
 *
 * @throws {FleetStartError} naming the demo whose `dist/main.js` is missing, or the demo that
 * exited or timed out before it was ready (with its last output); demos already started are
 * stopped first.
 */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const missing = options.demos.filter((d) => !existsSync(d.entry));
  if (missing.length) {
    throw new FleetStartError(
      missing
        .map(
          (d) => `${d.name}: ${relative(process.cwd(), d.entry)} is missing (build it: npx tsc -b)`,
        )
        .join('\n'),
    );
  }
  const processes: DemoProcess[] = [];
  let stopping: Promise<number> | undefined;
  const stop = (signal: NodeJS.Signals = 'SIGTERM'): Promise<number> => {
    stopping ??= stopAll(processes, signal, options.stopTimeoutMs ?? 15_000, log);
    return stopping;
  };
  for (const spec of options.demos) {
    const demo = startDemoProcess(
      spec,
      { ...spec.env, ...(options.env ?? process.env) },
      log,
      options.readyTimeoutMs ?? 60_000,
    );
    processes.push(demo);
    try {
      await demo.ready;
    } catch (error) {
      await stop('SIGTERM');
      throw new FleetStartError(`${(error as Error).message}; its last output:\n${demo.tail()}`);
    }
  }
  const endpoints = processes.flatMap((p) => p.endpoints);
  for (const line of endpoints) out(line);
  out('fleet ready');
  const unexpectedExit = new Promise<number>((resolve) => {
    for (const p of processes) {
      void p.exited.then((code) => {
        if (stopping) return;
        log(`fleet: ${p.spec.name} exited (${code}) on its own; stopping the others`);
        void stop('SIGTERM').then(() => resolve(1));
      });
    }
  });
  return { endpoints, stop, unexpectedExit };
}

async function stopAll(
  processes: readonly DemoProcess[],
  signal: NodeJS.Signals,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<number> {
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    for (const p of processes) {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        log(`fleet: ${p.spec.name} did not stop within ${timeoutMs} ms, killing it`);
        p.child.kill('SIGKILL');
      }
    }
  }, timeoutMs);
  for (const p of processes) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  }
  const codes = await Promise.all(processes.map((p) => p.exited));
  clearTimeout(timer);
  codes.forEach((code, i) => {
    if (code !== 0) log(`fleet: ${processes[i]!.spec.name} exited with ${code}`);
  });
  return !killed && codes.every((c) => c === 0) ? 0 : 1;
}
