// The protocol between the suite and its child processes: arguments go in as one JSON argument,
// the result comes back as one `RESULT <json>` line on stdout. Anything else a child prints is
// passed through for diagnosis only.

/** Prefix of the one stdout line carrying a child's result. */
export const RESULT_PREFIX = 'RESULT ';
/** Prefix of the line a service child prints once it listens: `LISTENING <url>`. */
export const LISTENING_PREFIX = 'LISTENING ';

/** Reads the JSON arguments a child was started with (`process.argv[2]`). */
export function readArgs<T>(): T {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error(`${process.argv[1]}: expected one JSON argument`);
  return JSON.parse(raw) as T;
}

/** Writes the child's result line; call once, at the end. */
export function emitResult(result: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** Runs a child's main and turns a failure into a non-zero exit with the error on stderr. */
export function runChild(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}

/** Forces full garbage collections; the child must run with `--expose-gc`. */
export function fullGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run this child with node --expose-gc');
  for (let i = 0; i < 4; i++) gc();
}
