import { describe, expect, it } from 'vitest';
import { ChunkBuffer } from '../../src/exposition/chunk-buffer.js';

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
