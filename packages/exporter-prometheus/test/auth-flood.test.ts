import { rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPrometheusReader } from '../src/reader.js';
import { BcryptOverloadedError, BcryptPool } from '../src/security/bcrypt-pool.js';
import { FailureLimiter } from '../src/security/failure-limiter.js';
import { loadWebConfig } from '../src/security/web-config.js';
import { startMetricsServer } from '../src/server.js';

// Basic auth cannot be used to stall the service: bcrypt runs on a worker thread with a bound on
// verifications in flight, a source that keeps failing is refused (429) before bcrypt runs, and a
// scraper whose credentials were verified once is let in from the cache whatever else happens.
// Before: every request ran bcryptjs on the main thread (50 bad logins pushed the service's other
// routes from p99 51 ms to 4.4 s; measured in the benchmark suite, not here).

const HASH = bcrypt.hashSync('s3cret', 8);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of cleanups.splice(0).reverse()) await c();
});

function get(url: string, auth?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { auth, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('FailureLimiter', () => {
  it('refuses a source after its burst of failures and lets it retry as tokens come back', () => {
    let now = 0;
    const limiter = new FailureLimiter({ burst: 3, perSecond: 2, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.blocked('a')).toBe(false);
      limiter.failed('a');
    }
    expect(limiter.blocked('a')).toBe(true);
    expect(limiter.blocked('b')).toBe(false);
    now += 499;
    expect(limiter.blocked('a')).toBe(true);
    now += 1;
    expect(limiter.blocked('a')).toBe(false);
  });

  it('remembers at most maxSources sources, forgetting the oldest', () => {
    const limiter = new FailureLimiter({ burst: 1, maxSources: 2, now: () => 0 });
    limiter.failed('a');
    limiter.failed('b');
    limiter.failed('c');
    expect([limiter.blocked('a'), limiter.blocked('b'), limiter.blocked('c')]).toEqual([
      false,
      true,
      true,
    ]);
  });
});

describe('BcryptPool', () => {
  it('verifies on a worker thread and refuses work past maxPending', async () => {
    const pool = new BcryptPool({ maxPending: 2 });
    cleanups.push(() => pool.close());
    const first = pool.verify('s3cret', HASH);
    const second = pool.verify('wrong', HASH);
    await expect(pool.verify('s3cret', HASH)).rejects.toBeInstanceOf(BcryptOverloadedError);
    expect(await Promise.all([first, second])).toEqual([true, false]);
    expect(await pool.verify('x', 'not a bcrypt hash')).toBe(false);
    expect(pool.pending).toBe(0);
  });

  it('answers false to what is pending when closed', async () => {
    const pool = new BcryptPool();
    const pending = pool.verify('s3cret', HASH);
    await pool.close();
    expect(await pending).toBe(false);
    await expect(pool.verify('s3cret', HASH)).rejects.toThrow('closed');
  });
});

describe('basic auth under a flood of bad credentials', () => {
  it('never runs bcrypt on the main thread, throttles the flood and keeps letting the scraper in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meterline-auth-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'web.yml');
    writeFileSync(file, `basic_auth_users:\n  alice: '${HASH}'\n`);
    const prom = createPrometheusReader();
    const provider = new MeterProvider({ readers: [prom.reader] });
    cleanups.push(() => provider.shutdown());
    provider.getMeter('t').createCounter('things').add(3);
    const server = await startMetricsServer({
      handler: prom.handler,
      port: 0,
      webConfig: loadWebConfig(file),
    });
    cleanups.push(() => server.close());
    const onMainThread = [vi.spyOn(bcrypt, 'compare'), vi.spyOn(bcrypt, 'compareSync')];

    expect(await get(server.url, 'alice:s3cret')).toBe(200);
    const floodStarted = performance.now();
    const flood = Array.from({ length: 60 }, (_, i) =>
      get(server.url, i % 2 ? 'alice:wrong' : 'mallory:s3cret'),
    );
    const during = await get(server.url, 'alice:s3cret');
    const statuses = await Promise.all(flood);
    // The source regains one failure per second: a slow machine stretches the flood.
    const refilled = Math.ceil((performance.now() - floodStarted) / 1000);

    expect(during).toBe(200);
    expect(new Set(statuses)).toEqual(new Set([401, 429]));
    // At most the burst of failures (10), what was already verifying (8) and what the source
    // regained meanwhile reached bcrypt.
    const denied = statuses.filter((s) => s === 401).length;
    expect(denied).toBeLessThanOrEqual(18 + refilled);
    expect(statuses.filter((s) => s === 429).length).toBe(60 - denied);
    // The flooding source is refused without bcrypt (a few more guesses spend what it regained);
    // the verified scraper still gets in.
    let next = 0;
    for (let i = 0; i < 20 && next !== 429; i++)
      next = await get(server.url, 'alice:another-guess');
    expect(next).toBe(429);
    expect(await get(server.url, 'alice:s3cret')).toBe(200);
    for (const spy of onMainThread) expect(spy).not.toHaveBeenCalled();
  });
});
