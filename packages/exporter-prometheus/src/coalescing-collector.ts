import type { CollectionResult } from '@opentelemetry/sdk-metrics';
import type { PullMetricReader } from './pull-reader.js';

/** Why a scrape got no collection result in time. */
export class CollectionTimeoutError extends Error {}

/**
 * Shares one collection among concurrent scrapes: a scrape that arrives while a collection runs
 * joins it instead of starting another. A collection that outlives every waiting scrape (a hung
 * callback the SDK cannot interrupt) is still the one later scrapes join, so hung callbacks never
 * pile up: at most one collection is pending at any time.
 */
export class CoalescingCollector {
  private pending: Promise<CollectionResult> | undefined;

  constructor(private readonly reader: PullMetricReader) {}

  /** True while a collection is running. */
  get busy(): boolean {
    return this.pending !== undefined;
  }

  /**
   * Resolves with the current or a new collection, or rejects with {@link CollectionTimeoutError}
   * after `timeoutMs`. Rejections of the collection itself (reader shut down) propagate.
   */
  async collect(timeoutMs: number): Promise<CollectionResult> {
    if (!this.pending) {
      // Points built as the serializer reads them: see PullMetricReader.collectWithin.
      const started = this.reader.collectWithin(timeoutMs, { deferPoints: true });
      this.pending = started;
      const clear = () => {
        if (this.pending === started) this.pending = undefined;
      };
      started.then(clear, clear);
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.pending,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new CollectionTimeoutError(`collection took longer than ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
