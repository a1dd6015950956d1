import type { ChunkPool } from './chunk-pool.js';

/**
 * Collects exposition text as UTF-8 bytes in one growing buffer, handed out a chunk at a time.
 *
 * Text is appended in pieces of a few kilobytes, so the strings built line by line die young (a
 * garbage-collector scavenge finds nothing of them to copy), and what leaves is already the
 * `Buffer` a socket or gzip wants: no string is kept alive for the length of a chunk and none is
 * encoded again on write. Node's `Buffer#write` does the encoding; no library does this job.
 * With a {@link ChunkPool}, each chunk's buffer comes from the pool (its owner gives it back once
 * the chunk is written), so a long body reuses a few buffers instead of allocating its size.
 */
export class ChunkBuffer {
  private buffer: Buffer | undefined;
  private used = 0;

  /** `initialBytes`: the size of each chunk's buffer before it has to grow (the pool's size). */
  constructor(
    private readonly initialBytes: number,
    private readonly pool?: ChunkPool,
  ) {}

  /** Bytes held. */
  get length(): number {
    return this.used;
  }

  /** Appends `text` as UTF-8. */
  append(text: string): void {
    if (text === '') return;
    const size = this.buffer?.length ?? 0;
    // UTF-8 needs at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units); the
    // exact length (one native scan) is counted only when that worst case does not fit.
    const needed = this.used + text.length * 3 > size ? this.used + Buffer.byteLength(text) : 0;
    if (needed > size) {
      const wanted = Math.max(size * 2, needed, this.initialBytes);
      const grown =
        this.pool && wanted <= this.pool.bytes ? this.pool.acquire() : Buffer.allocUnsafe(wanted);
      this.buffer?.copy(grown, 0, 0, this.used);
      if (this.buffer && this.pool) this.pool.release(this.buffer);
      this.buffer = grown;
    }
    // UTF-8 always: V8 copies ASCII (nearly every exposition) byte for byte on this path, as fast as
    // Latin-1, so checking for non-ASCII text first would only cost a scan.
    this.used += this.buffer!.write(text, this.used, 'utf8');
  }

  /** The bytes held so far (a view, not a copy); the next append starts a new buffer. */
  take(): Buffer {
    const chunk = this.buffer ? this.buffer.subarray(0, this.used) : Buffer.alloc(0);
    this.buffer = undefined;
    this.used = 0;
    return chunk;
  }
}
