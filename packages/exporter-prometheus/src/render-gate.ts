/**
 * Lets at most `limit` scrapes serialize at once; the others wait their turn, first come first
 * served. Each running serialization yields to the event loop every few milliseconds, but N of them
 * make one turn of the loop N slices long: under a storm of scrapes the service's own requests
 * would wait behind all of them. Gated, a turn holds one slice however many scrapes arrive.
 */
export class RenderGate {
  private active = 0;
  private readonly waiting: { grant: () => void }[] = [];

  constructor(private readonly limit: number) {}

  /** Scrapes waiting for their turn. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Resolves with the function that gives the turn back once this scrape may run, or with
   * `undefined` when `timeoutMs` passed first (the caller answers 503; its scraper gave up).
   */
  acquire(timeoutMs: number): Promise<(() => void) | undefined> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => {
      const entry = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.releaser());
        },
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.push(entry);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.active--;
    };
  }
}
