import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';

/** The longest garbage-collection pause seen while a probe ran. */
export interface GcPause {
  /** Its duration, ms (0 when there was none). */
  readonly ms: number;
  /** `major` (mark-compact), `minor` (scavenge), `incremental` or `weakcb`; '' when none. */
  readonly kind: string;
}

/** A running garbage-collection probe. */
export interface GcProbe {
  /** Stops the probe and returns the longest pause that started while it ran. */
  stop(): Promise<GcPause>;
}

const KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

/**
 * Records V8's garbage-collection pauses (the `gc` performance entries: each the main thread's
 * pause for one collection) while it runs, to tell how much of a loop block was a collection. A
 * diagnosis beside the loop probe: it changes nothing it measures but the observer's own entries.
 */
export function startGcProbe(): GcProbe {
  const started = performance.now();
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return {
    async stop() {
      const stopped = performance.now();
      // Node queues a collection's entry from the collection's epilogue, for a later turn.
      await new Promise((resolve) => setImmediate(resolve));
      entries.push(...observer.takeRecords());
      observer.disconnect();
      let longest: GcPause = { ms: 0, kind: '' };
      for (const entry of entries) {
        if (entry.startTime < started || entry.startTime > stopped) continue;
        if (entry.duration > longest.ms) {
          const { detail } = entry as PerformanceEntry & { detail?: { kind?: number } };
          longest = { ms: entry.duration, kind: KINDS[detail?.kind ?? -1] ?? 'other' };
        }
      }
      return longest;
    },
  };
}
