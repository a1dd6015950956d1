/**
 * Spare chunk buffers for serialization, so a body does not allocate its whole size afresh.
 *
 * Every `Buffer` of a chunk's size is memory outside the JavaScript heap that V8 counts as
 * "external": a 180 MiB body allocated chunk by chunk makes V8 start a full (mark-compact) garbage
 * collection every few tens of megabytes, each pausing the event loop for tens of milliseconds on a
 * heap of 100k series. A pool hands the same few buffers out again instead.
 *
 * A buffer goes back with {@link ChunkPool.release} only once nothing refers to its bytes any more:
 * for a stream, in the callback of the `write` that took it (the socket or zlib is then done with
 * it). A chunk never released is simply left to the garbage collector.
 */
export class ChunkPool {
  private readonly spare: ArrayBuffer[] = [];
  /** Every buffer this pool handed out: only those are ever taken back. */
  private readonly issued = new WeakSet<ArrayBuffer>();

  /**
   * `bytes`: the size of every pooled buffer. `keep`: spare buffers held at most (more released
   * at once, when a slow reader had many chunks queued, are left to the garbage collector).
   */
  constructor(
    readonly bytes: number,
    private readonly keep = 8,
  ) {}

  /** A buffer of {@link bytes} bytes, spare or new; its content is undefined. */
  acquire(): Buffer {
    const spare = this.spare.pop();
    if (spare) return Buffer.from(spare, 0, this.bytes);
    const fresh = Buffer.allocUnsafeSlow(this.bytes);
    this.issued.add(fresh.buffer as ArrayBuffer);
    return fresh;
  }

  /**
   * Takes back the buffer under `chunk` (a view of a buffer from {@link acquire}) for later use.
   * Views of any other memory are ignored.
   */
  release(chunk: Buffer): void {
    const memory = chunk.buffer;
    if (!(memory instanceof ArrayBuffer) || !this.issued.has(memory)) return;
    if (this.spare.length < this.keep && !this.spare.includes(memory)) this.spare.push(memory);
  }

  /** Spare buffers held now. */
  get size(): number {
    return this.spare.length;
  }
}
