const { createRequire } = process.getBuiltinModule('node:module');
const { availableParallelism } = process.getBuiltinModule('node:os');
const { pathToFileURL } = process.getBuiltinModule('node:url');
const { Worker } = process.getBuiltinModule('node:worker_threads');
type Worker = InstanceType<typeof Worker>;

/** Thrown by {@link BcryptPool.verify} when `maxPending` verifications are already waiting. */
export class BcryptOverloadedError extends Error {
  constructor(limit: number) {
    super(`too many password verifications in flight (limit ${limit})`);
    this.name = 'BcryptOverloadedError';
  }
}

/** Options of {@link BcryptPool}. */
export interface BcryptPoolOptions {
  /** Worker threads. @default 1 (bcrypt is CPU-bound; one thread leaves the other cores to the service) */
  readonly threads?: number;
  /** Verifications queued or running at once; more are refused at once. @default 8 */
  readonly maxPending?: number;
}

// bcryptjs is resolved here and imported by the worker, so this file works from src and dist.
const BCRYPT_URL = pathToFileURL(createRequire(import.meta.url).resolve('bcryptjs')).href;
const WORKER_SOURCE = `
import('node:worker_threads').then(async ({ parentPort, workerData }) => {
  const bcrypt = (await import(workerData)).default;
  parentPort.on('message', ({ id, password, hash }) => {
    let ok = false;
    try { ok = bcrypt.compareSync(password, hash); } catch { ok = false; }
    parentPort.postMessage({ id, ok });
  });
});`;

interface Job {
  readonly id: number;
  readonly password: string;
  readonly hash: string;
  resolve(ok: boolean): void;
}

/**
 * bcrypt verification on worker threads, so a flood of logins cannot stall the event loop that
 * serves the service and its scrapes. At most `maxPending` verifications wait or run; beyond
 * that `verify` rejects at once with {@link BcryptOverloadedError}. Threads start on first use,
 * do not keep the process alive, and are stopped by `close()`.
 */
export class BcryptPool {
  private readonly threads: number;
  private readonly maxPending: number;
  private readonly idle: Worker[] = [];
  private readonly workers: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private nextId = 0;
  private closed = false;

  constructor(options: BcryptPoolOptions = {}) {
    this.threads = Math.max(1, Math.min(options.threads ?? 1, availableParallelism()));
    this.maxPending = options.maxPending ?? 8;
  }

  /** Verifications waiting or running now. */
  get pending(): number {
    return this.queue.length + this.running.size;
  }

  /** True when `password` matches the bcrypt `hash`; false for a mismatch or a malformed hash. */
  verify(password: string, hash: string): Promise<boolean> {
    if (this.closed) return Promise.reject(new Error('password verification pool is closed'));
    if (this.pending >= this.maxPending)
      return Promise.reject(new BcryptOverloadedError(this.maxPending));
    return new Promise<boolean>((resolve) => {
      this.queue.push({ id: this.nextId++, password, hash, resolve });
      this.dispatch();
    });
  }

  /** Stops the threads; queued verifications resolve `false`. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve(false);
    for (const job of this.running.values()) job.resolve(false);
    this.running.clear();
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
    this.idle.length = 0;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? this.spawn();
      if (!worker) return;
      const job = this.queue.shift()!;
      this.running.set(worker, job);
      worker.postMessage({ id: job.id, password: job.password, hash: job.hash });
    }
  }

  private spawn(): Worker | undefined {
    if (this.workers.length >= this.threads) return undefined;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: BCRYPT_URL });
    worker.unref();
    worker.on('message', ({ ok }: { id: number; ok: boolean }) => {
      const job = this.running.get(worker);
      this.running.delete(worker);
      job?.resolve(ok === true);
      if (!this.closed) {
        this.idle.push(worker);
        this.dispatch();
      }
    });
    // A crashed thread fails its job closed (not verified) and is replaced on the next dispatch.
    worker.on('error', () => this.retire(worker));
    worker.on('exit', () => this.retire(worker));
    this.workers.push(worker);
    return worker;
  }

  private retire(worker: Worker): void {
    const job = this.running.get(worker);
    this.running.delete(worker);
    job?.resolve(false);
    const i = this.workers.indexOf(worker);
    if (i >= 0) this.workers.splice(i, 1);
    const j = this.idle.indexOf(worker);
    if (j >= 0) this.idle.splice(j, 1);
    if (!this.closed) this.dispatch();
  }
}
