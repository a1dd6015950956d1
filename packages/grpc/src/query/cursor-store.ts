import type { Snapshot } from './delta.js';

/** Options of {@link CursorStore}. */
export interface CursorStoreOptions {
  /** Cursors kept at once; the least recently used goes first. @default 1000 */
  readonly maxCursors?: number;
  /** A cursor unused for this long is forgotten. @default 600000 (10 minutes) */
  readonly ttlMillis?: number;
  /** Clock, for tests. @default Date.now */
  readonly now?: () => number;
}

/**
 * The delta views' memory: per cursor (a key the caller chooses), the snapshot of its previous
 * answer. Memory is bounded by `maxCursors` times one instrument's series.
 */
export class CursorStore {
  private readonly max: number;
  private readonly ttl: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, { snapshot: Snapshot; usedAt: number }>();

  constructor(options: CursorStoreOptions = {}) {
    this.max = options.maxCursors ?? 1000;
    this.ttl = options.ttlMillis ?? 600_000;
    this.now = options.now ?? Date.now;
  }

  /** The snapshot of `cursor` for `instrument`, if known and not expired. */
  get(cursor: string, instrument: string): Snapshot | undefined {
    const entry = this.entries.get(key(cursor, instrument));
    if (!entry) return undefined;
    if (this.now() - entry.usedAt > this.ttl) {
      this.entries.delete(key(cursor, instrument));
      return undefined;
    }
    return entry.snapshot;
  }

  /** Remembers the snapshot of `cursor`'s latest answer. */
  set(cursor: string, instrument: string, snapshot: Snapshot): void {
    const k = key(cursor, instrument);
    this.entries.delete(k); // re-insert: the Map's order is the eviction order
    while (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(k, { snapshot, usedAt: this.now() });
  }

  /** Cursors remembered now. */
  get size(): number {
    return this.entries.size;
  }
}

function key(cursor: string, instrument: string): string {
  return `${cursor}\u0000${instrument}`;
}
