import type { WorkerLink, WorkerSink } from './aggregator.js';
import { PROTOCOL, TAG, type DeltaMessage } from './wire.js';
import type { WireMetrics } from './wire-format.js';

/** What a relay hands over with its worker's own delta. */
export interface RelayedParts {
  readonly parts: { source: string; data: WireMetrics }[];
  readonly gone: string[];
  readonly errors: string[];
}

/**
 * A `node:cluster` worker's relay for its own worker threads (a mixed service): it asks them for
 * their deltas whenever the primary asks the worker, and hands them over, each under its thread's
 * name, with the worker's own delta. Deltas pass through unmerged (the primary keeps each thread's
 * levels apart); a thread that misses the wait is named in `errors` and its answer, when it
 * comes, travels with the next delta, as do unasked ones (a thread's last flush).
 */
export class ThreadRelay implements WorkerSink {
  private readonly links = new Map<string, WorkerLink>();
  private readonly waiting = new Map<string, () => void>();
  private buffered: { source: string; data: WireMetrics }[] = [];
  private readonly answered = new Set<string>();
  private gone: string[] = [];
  private requestId = 0;

  connect(link: WorkerLink): void {
    this.links.set(link.id, link);
  }

  disconnect(id: string): void {
    if (!this.links.delete(id)) return;
    this.gone.push(id);
    this.waiting.get(id)?.();
  }

  receive(id: string, message: DeltaMessage): void {
    if (message.data.length > 0) this.buffered.push({ source: id, data: message.data });
    if (message.id !== 0 && message.id === this.requestId) {
      this.answered.add(id);
      this.waiting.get(id)?.();
    }
  }

  /** Asks every thread, waits up to `timeoutMillis`, and hands over what arrived since last time. */
  async collect(timeoutMillis: number): Promise<RelayedParts> {
    const id = ++this.requestId;
    this.answered.clear();
    const waits = [...this.links.values()].map(
      (link) =>
        new Promise<void>((resolve) => {
          this.waiting.set(link.id, resolve);
          if (!link.send({ [TAG]: PROTOCOL, type: 'collect', id })) resolve();
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(waits),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMillis))),
    ]);
    clearTimeout(timer);
    const errors = [...this.waiting.keys()]
      .filter((thread) => this.links.has(thread) && !this.answered.has(thread))
      .map((thread) => `${thread} did not answer within ${timeoutMillis} ms`);
    this.waiting.clear();
    return { ...this.drain(), errors };
  }

  /** Hands over what arrived unasked since last time, asking nobody. */
  drain(): RelayedParts {
    const handed: RelayedParts = { parts: this.buffered, gone: this.gone, errors: [] };
    this.buffered = [];
    this.gone = [];
    return handed;
  }
}
