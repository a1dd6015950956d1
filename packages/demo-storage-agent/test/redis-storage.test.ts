import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startRedis, type TestRedis } from '../../../test/support/redis.js';
import { RedisStorage } from '../src/storage/redis-storage.js';

// Against a real redis-server on a free loopback port (provisioned by scripts/provision.sh).
let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('RedisStorage', () => {
  it('puts, gets and deletes under its key prefix', async () => {
    const storage = await RedisStorage.connect({ url: redis.url, keyPrefix: 'unit:' });
    try {
      expect(storage.backend).toBe('redis');
      expect(await storage.get('a')).toBeUndefined();
      await storage.put('a', 'value a');
      expect(await storage.get('a')).toBe('value a');
      expect(await redis.command('GET', 'unit:a')).toBe('$7\r\nvalue a\r\n');
      expect(await storage.delete('a')).toBe(true);
      expect(await storage.delete('a')).toBe(false);
    } finally {
      await storage.close();
    }
  });

  it('fails fast, naming the address, when nothing listens', async () => {
    const port = await freePort();
    const errors: string[] = [];
    await expect(
      RedisStorage.connect({
        url: `redis://127.0.0.1:${port}`,
        onError: (e) => errors.push(e.message),
      }),
    ).rejects.toThrow(`cannot connect to redis 127.0.0.1:${port}: gave up after 4 attempts`);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('fails operations while Redis is gone instead of queueing them', async () => {
    const own = await startRedis();
    const errors: string[] = [];
    const storage = await RedisStorage.connect({
      url: own.url,
      onError: (e) => errors.push(e.message),
      maxReconnectAttempts: 1,
    });
    await own.stop();
    await expect(storage.put('k', 'v')).rejects.toThrow();
    await storage.close();
  });
});
