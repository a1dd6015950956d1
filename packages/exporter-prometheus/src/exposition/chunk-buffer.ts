/** Anything but printable ASCII, tab and newline: such text is UTF-8 encoded, the rest copied byte for byte. */
const NON_ASCII = /[^\t\n\x20-\x7e]/;

/**
 * Collects exposition text as UTF-8 bytes in one growing buffer, handed out a chunk at a time.
 *
 * Text is appended in pieces of a few kilobytes, so the strings built line by line die young (a
 * garbage-collector scavenge finds nothing of them to copy), and what leaves is already the
 * `Buffer` a socket or gzip wants: no string is kept alive for the length of a chunk and none is
 * encoded again on write. Node's `Buffer#write` does the encoding; no library does this job.
 */
export class ChunkBuffer {
  private buffer: Buffer | undefined;
  private used = 0;

  /** `initialBytes`: the size of each chunk's buffer before it has to grow. */
  constructor(private readonly initialBytes: number) {}

  /** Bytes held. */
  get length(): number {
    return this.used;
  }

  /** Appends `text` as UTF-8. */
  append(text: string): void {
    if (text === '') return;
    // UTF-8 needs at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
    const worst = text.length * 3;
    const size = this.buffer?.length ?? 0;
    if (this.used + worst > size) {
      const grown = Buffer.allocUnsafe(Math.max(size * 2, this.used + worst, this.initialBytes));
      this.buffer?.copy(grown, 0, 0, this.used);
      this.buffer = grown;
    }
    // ASCII (nearly every exposition) is copied byte for byte, several times faster than UTF-8
    // encoding; the check is one native scan.
    const encoding = NON_ASCII.test(text) ? 'utf8' : 'latin1';
    this.used += this.buffer!.write(text, this.used, encoding);
  }

  /** The bytes held so far (a view, not a copy); the next append starts a new buffer. */
  take(): Buffer {
    const chunk = this.buffer ? this.buffer.subarray(0, this.used) : Buffer.alloc(0);
    this.buffer = undefined;
    this.used = 0;
    return chunk;
  }
}
