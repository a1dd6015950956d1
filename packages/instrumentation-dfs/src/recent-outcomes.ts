/**
 * The outcomes of the last `capacity` events (true = good), for health checks that look at recent
 * behaviour rather than at totals since start. O(1) per event, fixed memory.
 */
export class RecentOutcomes {
  private readonly ring: boolean[] = [];
  private next = 0;
  private bad = 0;

  constructor(private readonly capacity = 100) {}

  /** Records one event. */
  push(good: boolean): void {
    if (this.ring.length < this.capacity) {
      this.ring.push(good);
    } else {
      if (!this.ring[this.next]) this.bad--;
      this.ring[this.next] = good;
      this.next = (this.next + 1) % this.capacity;
    }
    if (!good) this.bad++;
  }

  /** Events in the window. */
  get size(): number {
    return this.ring.length;
  }

  /** Bad events in the window. */
  get failures(): number {
    return this.bad;
  }

  /** Share of good events in the window; 1 when empty. */
  get goodRatio(): number {
    return this.ring.length ? 1 - this.bad / this.ring.length : 1;
  }
}
