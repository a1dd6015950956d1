import { describe, expect, it } from 'vitest';
import { EventBus, type BusEvent } from '../src/event-bus.js';
import { testMetrics } from './metrics-reader.js';

describe('EventBus', () => {
  it('delivers to matching subscribers and counts one receipt per delivery', async () => {
    const t = testMetrics();
    const bus = new EventBus(t.metrics.events);
    const jobs: string[] = [];
    const all: string[] = [];
    bus.subscribe(['job.submitted', 'job.failed'], (e) => jobs.push(e.type));
    bus.subscribe('*', (e) => all.push(e.type));
    bus.publish('job.submitted', { jobId: 'j1' });
    bus.publish('worker.registered');
    expect(jobs).toEqual(['job.submitted']);
    expect(all).toEqual(['job.submitted', 'worker.registered']);
    expect(await t.read('hodei_events_published')).toEqual({
      'job.submitted': 1,
      'worker.registered': 1,
    });
    expect(await t.read('hodei_events_received')).toEqual({
      'job.submitted': 2,
      'worker.registered': 1,
    });
  });

  it('reports the subscriber count, which unsubscribing lowers', async () => {
    const t = testMetrics();
    const bus = new EventBus(t.metrics.events);
    const off = bus.subscribe('*', () => {});
    bus.subscribe(['job.assigned'], () => {});
    expect(await t.read('hodei_event_bus_subscribers')).toEqual({ '': 2 });
    off();
    expect(bus.subscriberCount).toBe(1);
    expect(await t.read('hodei_event_bus_subscribers')).toEqual({ '': 1 });
  });

  it('keeps delivering when a subscriber throws, and reports the error', () => {
    const errors: [unknown, BusEvent][] = [];
    const bus = new EventBus(testMetrics().metrics.events, (error, event) =>
      errors.push([error, event]),
    );
    const seen: string[] = [];
    bus.subscribe('*', () => {
      throw new Error('broken subscriber');
    });
    bus.subscribe('*', (e) => seen.push(e.type));
    bus.publish('job.completed');
    expect(seen).toEqual(['job.completed']);
    expect(errors.map(([e, ev]) => `${(e as Error).message} on ${ev.type}`)).toEqual([
      'broken subscriber on job.completed',
    ]);
  });
});
