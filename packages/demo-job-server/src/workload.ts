/** A running synthetic workload. */
export interface Workload {
  stop(): void;
}

/** Options of {@link startWorkload}. */
export interface WorkloadOptions {
  /** Pause between job submissions. @default 500 */
  readonly submitEveryMs?: number;
  /** Pause between heartbeat rounds. @default 2000 */
  readonly heartbeatEveryMs?: number;
  /** Where failed calls are reported. @default a line on stderr */
  readonly onError?: (error: unknown) => void;
}

const TENANTS = ['tenant-a', 'tenant-b', 'tenant-c'];
const ERRORS = ['timeout', 'exit_code', 'oom'];
const WORKERS = [
  { id: 'sim-worker-1', slots: 2 },
  { id: 'sim-worker-2', slots: 3 },
  { id: 'sim-worker-3', slots: 4 },
];

/**
 * A light, steady load through the real HTTP API at `apiUrl` (`http://host:port`), so every metric
 * has data within a minute: three simulated workers register and heartbeat with a CPU and memory
 * use that follows their load (the third reports itself unhealthy for 10 s of every 40 s), and
 * clients submit a job every `submitEveryMs` (one in ten fails) and list jobs now and then.
 */
export function startWorkload(apiUrl: string, options: WorkloadOptions = {}): Workload {
  const onError =
    options.onError ??
    ((error: unknown) =>
      process.stderr.write(`job-server: workload call failed: ${String(error)}\n`));
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 500) throw new Error(`${method} ${path}: ${response.status}`);
    return response.json() as Promise<unknown>;
  };
  const run = (promise: Promise<unknown>) => void promise.catch(onError);
  const started = Date.now();

  run(Promise.all(WORKERS.map((w) => call('POST', '/api/v1/workers', w))));
  let tick = 0;
  const submitter = setInterval(() => {
    tick++;
    const failing = tick % 10 === 0;
    run(
      call('POST', '/api/v1/jobs', {
        tenantId: TENANTS[tick % TENANTS.length],
        name: `demo-${tick}`,
        durationMs: 200 + ((tick * 379) % 2800),
        ...(failing ? { outcome: 'failure', errorType: ERRORS[(tick / 10) % ERRORS.length] } : {}),
      }),
    );
    if (tick % 10 === 5) run(call('GET', '/api/v1/jobs?limit=20'));
  }, options.submitEveryMs ?? 500);

  const heartbeats = setInterval(() => {
    run(
      (async () => {
        const workers = (await call('GET', '/api/v1/workers')) as {
          id: string;
          running: number;
          slots: number;
        }[];
        const flaky = (Date.now() - started) % 40_000 >= 30_000;
        await Promise.all(
          workers
            .filter((w) => WORKERS.some((s) => s.id === w.id))
            .map((w) => {
              const load = w.slots > 0 ? w.running / w.slots : 0;
              return call('POST', `/api/v1/workers/${w.id}/heartbeat`, {
                cpuPercent: Math.min(
                  100,
                  Math.round((8 + 85 * load + Math.random() * 5) * 10) / 10,
                ),
                memoryMb: 256 + 192 * w.running,
                healthy: !(flaky && w.id === 'sim-worker-3'),
              });
            }),
        );
      })(),
    );
  }, options.heartbeatEveryMs ?? 2000);

  return {
    stop() {
      clearInterval(submitter);
      clearInterval(heartbeats);
    },
  };
}
