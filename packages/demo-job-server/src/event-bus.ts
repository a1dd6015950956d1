import type { EventBusMetrics } from '@meterline/instrumentation-job-server';

/** The events the job server publishes. */
export type EventType =
  | 'job.submitted'
  | 'job.assigned'
  | 'job.completed'
  | 'job.failed'
  | 'worker.registered'
  | 'worker.heartbeat';

/** One published event. */
export interface BusEvent {
  readonly type: EventType;
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A subscriber's handler. Its errors are reported and never reach the publisher. */
export type EventHandler = (event: BusEvent) => void;

interface Subscription {
  readonly types: ReadonlySet<EventType> | '*';
  readonly handler: EventHandler;
}

/**
 * An in-process publish/subscribe bus. Delivery is synchronous, in subscription order, so a
 * publisher sees every subscriber's effect once `publish` returns (the scheduler has assigned a
 * submitted job, say). Every publish counts in `hodei_events_published_total{event_type}`, every
 * delivery to one subscriber in `hodei_events_received_total{event_type}`.
 * A handler may publish; the nested event is delivered before the outer `publish` returns.
 */
export class EventBus {
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    private readonly metrics: EventBusMetrics,
    private readonly onHandlerError: (error: unknown, event: BusEvent) => void = () => {},
  ) {
    metrics.observeSubscribers(() => this.subscriptions.size);
  }

  /** Active subscriptions (`hodei_event_bus_subscribers`). */
  get subscriberCount(): number {
    return this.subscriptions.size;
  }

  /** Subscribes `handler` to `types` (or every type with `'*'`); returns the unsubscribe function. */
  subscribe(types: readonly EventType[] | '*', handler: EventHandler): () => void {
    const subscription: Subscription = {
      types: types === '*' ? '*' : new Set(types),
      handler,
    };
    this.subscriptions.add(subscription);
    return () => void this.subscriptions.delete(subscription);
  }

  /** Publishes one event to every matching subscriber. */
  publish(type: EventType, data: Readonly<Record<string, unknown>> = {}): void {
    const event: BusEvent = { type, at: Date.now(), data };
    this.metrics.published(type);
    for (const subscription of [...this.subscriptions]) {
      if (subscription.types !== '*' && !subscription.types.has(type)) continue;
      this.metrics.received(type);
      try {
        subscription.handler(event);
      } catch (error) {
        this.onHandlerError(error, event);
      }
    }
  }
}
