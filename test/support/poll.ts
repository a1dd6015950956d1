/** Options of {@link pollUntil}. */
export interface PollOptions {
  /** Give up after this long. @default 30_000 */
  readonly timeoutMs?: number;
  /** Pause between attempts. @default 100 */
  readonly intervalMs?: number;
  /** What is awaited, for the timeout message. */
  readonly what: string;
}

/**
 * Calls `attempt` until it returns a value other than `undefined`, or fails after `timeoutMs` with
 * the last error or value seen. Synchronisation by condition with a deadline, never by a bare sleep.
 */
export async function pollUntil<T>(
  attempt: () => Promise<T | undefined> | T | undefined,
  options: PollOptions,
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: unknown;
  for (let tries = 0; ; tries++) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
      last = 'no value yet';
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `timed out after ${options.timeoutMs ?? 30_000} ms (${tries + 1} tries) waiting for ${options.what}: ${
          last instanceof Error ? last.message : String(last)
        }`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

/**
 * Runs `query` until `accept` takes its result, returning that result; on timeout the error names
 * `what` and the last result. The `queryUntil` of every test database (Prometheus,
 * VictoriaMetrics, InfluxDB).
 */
export function queryUntil<T>(
  what: string,
  query: () => Promise<T>,
  accept: (result: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  return pollUntil(
    async () => {
      const result = await query();
      if (accept(result)) return result;
      throw new Error(`last result ${JSON.stringify(result)}`);
    },
    { what, timeoutMs },
  );
}
