import { median } from './stats.js';

/** A loop of `n` iterations that returns something derived from its work (so none is skipped). */
export type SinkLoop = (n: number) => number;

/** Where loop results go, so the optimiser cannot drop the work. */
export let sink = 0;

function timeLoop(loop: SinkLoop, n: number): number {
  const start = process.hrtime.bigint();
  sink ^= loop(n) | 0;
  return Number(process.hrtime.bigint() - start);
}

/**
 * ns per iteration of `loop`: calibrates a batch of about `batchMs`, warms up for `warmupMs`, then
 * returns the median of `batches` timed batches.
 */
export function nsPerIteration(
  loop: SinkLoop,
  options: { batchMs: number; batches: number; warmupMs: number },
): number {
  let n = 256;
  let ns = timeLoop(loop, n);
  while (ns < 5e6 && n < 2 ** 30) {
    n *= 2;
    ns = timeLoop(loop, n);
  }
  n = Math.max(1, Math.round((n * options.batchMs * 1e6) / ns));
  const warmupEnd = performance.now() + options.warmupMs;
  while (performance.now() < warmupEnd) timeLoop(loop, n);
  const perOp: number[] = [];
  for (let b = 0; b < options.batches; b++) perOp.push(timeLoop(loop, n) / n);
  return median(perOp);
}
