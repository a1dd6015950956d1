import { describe, expect, it } from 'vitest';
import { RenderGate } from '../src/render-gate.js';

describe('RenderGate', () => {
  it('lets `limit` run, queues the rest first come first served, and hands turns on', async () => {
    const gate = new RenderGate(1);
    const order: string[] = [];
    const first = await gate.acquire(1000);
    const second = gate.acquire(1000).then((release) => {
      order.push('second');
      return release;
    });
    const third = gate.acquire(1000).then((release) => {
      order.push('third');
      return release;
    });
    expect(gate.queued).toBe(2);
    expect(order).toEqual([]);
    first!();
    first!(); // releasing twice gives one turn back, not two
    (await second)!();
    (await third)!();
    expect(order).toEqual(['second', 'third']);
    expect(gate.queued).toBe(0);
    // Every turn came back: the next one is granted at once.
    expect(await gate.acquire(0)).toBeTypeOf('function');
  });

  it('gives up on a turn that does not come within the timeout', async () => {
    const gate = new RenderGate(1);
    const held = await gate.acquire(1000);
    expect(await gate.acquire(20)).toBeUndefined();
    expect(gate.queued).toBe(0);
    held!();
    expect(await gate.acquire(20)).toBeTypeOf('function');
  });
});
