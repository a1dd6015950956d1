/** How a timed run ended: with its result, or with a throw (which {@link timed} rethrows). */
export type Outcome<T> = { readonly ok: true; readonly result: T } | { readonly ok: false };

/** Seconds since `start`, a `process.hrtime.bigint()` reading. */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * Runs `run` and calls `done` with its duration in seconds and its outcome, in `finally`, so a
 * failure is recorded and timed like a success; returns what `run` returns, rethrows what it
 * throws. `done` must not throw.
 */
export async function timed<T>(
  run: () => T | Promise<T>,
  done: (seconds: number, outcome: Outcome<T>) => void,
): Promise<T> {
  const start = process.hrtime.bigint();
  let outcome: Outcome<T> = { ok: false };
  try {
    const result = await run();
    outcome = { ok: true, result };
    return result;
  } finally {
    done(secondsSince(start), outcome);
  }
}
