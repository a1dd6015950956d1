import type { EventBus } from './event-bus.js';
import type { Scheduler } from './scheduler.js';

/**
 * Runs assigned jobs on the simulated workers, in process: a job "runs" for its `durationMs`, then
 * ends as its `outcome` says, which frees its slot. Stands in for the remote workers of the real
 * system, which would report the end of a job over the API.
 */
export class SimulatedExecutor {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly unsubscribe: () => void;

  constructor(bus: EventBus, scheduler: Scheduler) {
    this.unsubscribe = bus.subscribe(['job.assigned'], (event) => {
      const jobId = String(event.data.jobId);
      const job = scheduler.get(jobId);
      if (!job) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        scheduler.finish(jobId);
      }, job.durationMs);
      this.timers.add(timer);
    });
  }

  /** Jobs running now. */
  get running(): number {
    return this.timers.size;
  }

  /** Stops running jobs (they stay `running`) and leaves the bus. */
  stop(): void {
    this.unsubscribe();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
