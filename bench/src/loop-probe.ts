/** A running event-loop probe. */
export interface LoopProbe {
  /** Stops the probe and returns the longest gap between two turns of the loop, in ms. */
  stop(): number;
}

/**
 * Measures the longest event-loop block while it runs: a chain of `setImmediate` callbacks timed
 * with `performance.now()`, so the resolution is microseconds (monitorEventLoopDelay's is 1 ms at
 * best). The chain keeps the loop turning, so run it only around the operation being measured.
 */
export function startLoopProbe(): LoopProbe {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    if (now - last > longest) longest = now - last;
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop() {
      running = false;
      const now = performance.now();
      return Math.max(longest, now - last);
    },
  };
}
