import type { BusEvent, EventBus } from './event-bus.js';

/**
 * Keeps the most recent events of every type, for `GET /api/v1/events`: the bus's third
 * subscriber, next to the scheduler and the simulated executor.
 */
export class EventLog {
  private readonly events: BusEvent[] = [];
  private readonly unsubscribe: () => void;

  /** @param capacity events kept; older ones are dropped. */
  constructor(
    bus: EventBus,
    private readonly capacity = 1000,
  ) {
    this.unsubscribe = bus.subscribe('*', (event) => {
      this.events.push(event);
      if (this.events.length > this.capacity) this.events.shift();
    });
  }

  /** The newest `limit` events, newest first. */
  recent(limit: number): BusEvent[] {
    return this.events.slice(-limit).reverse();
  }

  stop(): void {
    this.unsubscribe();
  }
}
