import { describe, expect, it } from 'vitest';
import { CursorStore } from '../src/query/cursor-store.js';
import { peerAddress, TokenBuckets } from '../src/token-buckets.js';

describe('TokenBuckets', () => {
  it('spends a burst, then refills at the rate, per key', () => {
    let now = 0;
    const b = new TokenBuckets({ burst: 3, perSecond: 2, now: () => now });
    expect(b.take('a', 3)).toBe(true);
    expect(b.take('a')).toBe(false);
    expect(b.take('b')).toBe(true);
    now = 500;
    expect(b.take('a')).toBe(true);
    expect(b.take('a')).toBe(false);
  });

  it('forgets the least recently used key past maxKeys', () => {
    const b = new TokenBuckets({ burst: 1, perSecond: 0.001, maxKeys: 2, now: () => 0 });
    b.take('a');
    b.take('b');
    b.take('c');
    expect(b.available('a')).toBe(1);
    expect(b.available('c')).toBe(0);
  });
});

describe('peerAddress', () => {
  it('keeps the address of a grpc-js peer', () => {
    expect(peerAddress('ipv4:127.0.0.1:5000')).toBe('127.0.0.1');
    expect(peerAddress('ipv6:[::1]:5000')).toBe('::1');
    expect(peerAddress('127.0.0.1:5000')).toBe('127.0.0.1');
  });
});

describe('CursorStore', () => {
  it('expires cursors after the TTL and evicts the least recently used', () => {
    let now = 0;
    const store = new CursorStore({ maxCursors: 2, ttlMillis: 1000, now: () => now });
    const snap = { timeMillis: 0, metrics: new Map() };
    store.set('a', 'i', snap);
    store.set('b', 'i', snap);
    store.set('c', 'i', snap);
    expect(store.get('a', 'i')).toBeUndefined();
    expect(store.get('b', 'i')).toBe(snap);
    now = 2000;
    expect(store.get('c', 'i')).toBeUndefined();
  });
});
