import { RESOURCE_TYPES } from './resources.js';

/** A running synthetic workload. */
export interface Workload {
  stop(): void;
}

/** Options of {@link startWorkload}. */
export interface WorkloadOptions {
  /** Pause between changes to the source registry. @default 1000 */
  readonly changeEveryMs?: number;
  /** Where failed calls are reported. @default a line on stderr */
  readonly onError?: (error: unknown) => void;
}

/**
 * A light, steady stream of changes through the registries' real HTTP APIs, so every metric has
 * data within a minute: every `changeEveryMs` one resource of the source registry is created,
 * updated or deleted, and from 20 s on, the target registry is down for 5 s of every 45 s (syncs
 * then fail with `unavailable`).
 */
export function startWorkload(
  sourceUrl: string,
  targetUrl: string,
  options: WorkloadOptions = {},
): Workload {
  const onError =
    options.onError ??
    ((error: unknown) =>
      process.stderr.write(`replicator: workload call failed: ${String(error)}\n`));
  const call = async (url: string, method: string, body?: unknown) => {
    const response = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 500) throw new Error(`${method} ${url}: ${response.status}`);
  };
  const started = Date.now();
  let tick = 0;
  const timer = setInterval(() => {
    tick++;
    const type = RESOURCE_TYPES[tick % RESOURCE_TYPES.length]!;
    const name = `demo-${type}-${tick % 7}`;
    const url = `${sourceUrl}/api/v2.0/resources/${type}/${name}`;
    const change =
      tick % 5 === 4
        ? call(url, 'DELETE')
        : call(url, 'PUT', { spec: { owner: `team-${tick % 3}`, revision: tick } });
    change.catch(onError);
    const phase = (Date.now() - started - 20_000) % 45_000;
    const down = Date.now() - started >= 20_000 && phase < 5_000;
    call(`${targetUrl}/admin/outage`, 'PUT', { down }).catch(onError);
  }, options.changeEveryMs ?? 1000);
  return { stop: () => clearInterval(timer) };
}
