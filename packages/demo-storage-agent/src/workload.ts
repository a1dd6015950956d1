import type { Agent } from './agent.js';

/** A running synthetic workload. */
export interface Workload {
  stop(): void;
}

/**
 * Drives a light, steady workload so every metric has data while someone looks at the demo:
 * a few peers come and go, and every `intervalMs` one put, get or delete is handled.
 */
export function startWorkload(agent: Agent, intervalMs = 200): Workload {
  let tick = 0;
  const timer = setInterval(() => {
    tick++;
    const key = `demo-${tick % 16}`;
    const ops = [
      { op: 'put', key, value: `value ${tick}` },
      { op: 'get', key },
      { op: 'delete', key },
    ] as const;
    agent.handle(ops[tick % 3]).catch((error: unknown) => {
      process.stderr.write(`storage-agent: workload message failed: ${String(error)}\n`);
    });
    if (tick % 25 === 0) agent.connectPeer(`peer-${(tick / 25) % 5}`);
    if (tick % 60 === 0) agent.disconnectPeer(`peer-${(tick / 60) % 5}`);
  }, intervalMs);
  return { stop: () => clearInterval(timer) };
}
