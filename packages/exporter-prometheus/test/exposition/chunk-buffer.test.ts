import { describe, expect, it } from 'vitest';
import { ChunkBuffer } from '../../src/exposition/chunk-buffer.js';
import { ChunkPool } from '../../src/exposition/chunk-pool.js';

describe('ChunkBuffer', () => {
  it('encodes ASCII and non-ASCII text as UTF-8, growing past its initial size', () => {
    const buffer = new ChunkBuffer(8);
    buffer.append('a="1"\n');
    buffer.append('name="naïve 🙂 ü"\n');
    buffer.append('x'.repeat(100));
    const expected = `a="1"\nname="naïve 🙂 ü"\n${'x'.repeat(100)}`;
    expect(buffer.length).toBe(Buffer.byteLength(expected));
    expect(buffer.take().toString('utf8')).toBe(expected);
  });

  it('starts over after take, leaving the taken chunk intact', () => {
    const buffer = new ChunkBuffer(16);
    buffer.append('first\n');
    const first = buffer.take();
    expect(buffer.length).toBe(0);
    buffer.append('second\n');
    expect(first.toString()).toBe('first\n');
    expect(buffer.take().toString()).toBe('second\n');
    expect(buffer.take()).toHaveLength(0);
  });

  it('keeps Latin-1 characters (not ASCII) as UTF-8, not as single bytes', () => {
    const buffer = new ChunkBuffer(4);
    buffer.append('é');
    expect([...buffer.take()]).toEqual([0xc3, 0xa9]);
  });
});

describe('ChunkBuffer with a ChunkPool', () => {
  it('takes its buffers from the pool and reuses one only once it is given back', () => {
    const pool = new ChunkPool(64);
    const buffer = new ChunkBuffer(64, pool);
    buffer.append('first\n');
    const first = buffer.take();
    buffer.append('second\n');
    const second = buffer.take();
    // Both still in use: two distinct buffers, neither overwritten.
    expect(second.buffer).not.toBe(first.buffer);
    expect(first.toString()).toBe('first\n');
    pool.release(first);
    expect(pool.size).toBe(1);
    buffer.append('third\n');
    const third = buffer.take();
    expect(third.buffer).toBe(first.buffer);
    expect(third.toString()).toBe('third\n');
    expect(second.toString()).toBe('second\n');
  });

  it('ignores buffers it did not hand out, and keeps at most `keep` spares', () => {
    const pool = new ChunkPool(16, 2);
    pool.release(Buffer.allocUnsafeSlow(16));
    expect(pool.size).toBe(0);
    const held = [pool.acquire(), pool.acquire(), pool.acquire()];
    for (const b of held) pool.release(b);
    pool.release(held[0]!);
    expect(pool.size).toBe(2);
  });

  it('gives text longer than a pooled buffer a buffer of its own', () => {
    const pool = new ChunkPool(8);
    const buffer = new ChunkBuffer(8, pool);
    buffer.append('x'.repeat(20));
    expect(buffer.take().toString()).toBe('x'.repeat(20));
    buffer.append('naïve');
    expect(buffer.take().toString()).toBe('naïve');
  });
});
