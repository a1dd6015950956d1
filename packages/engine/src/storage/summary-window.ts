import { QuantileStream, type Objective } from './quantile-stream.js';

/** Milliseconds on some monotonic-enough scale; `Date.now` in production, a fake in tests. */
export type Clock = () => number;

/** How a {@link SummaryWindow} is shaped. */
export interface SummaryWindowOptions {
  readonly objectives: readonly Objective[];
  /** How long a value counts in the quantiles, in ms. */
  readonly maxAgeMillis: number;
  /** The window is `ageBuckets` streams, one reset every `maxAgeMillis / ageBuckets`. */
  readonly ageBuckets: number;
  /** Values buffered before a sort-and-merge into the streams. @default 500 */
  readonly bufferSize?: number;
  readonly clock: Clock;
}

/**
 * Quantiles over a sliding window, as client_golang's Summary keeps them: `ageBuckets` quantile
 * streams that all receive every value; every `maxAge / ageBuckets` the oldest (the head, the one
 * queried) is reset and the next becomes the head. The head therefore covers between
 * `maxAge - maxAge / ageBuckets` and `maxAge` of the past.
 *
 * Values are buffered and sorted once per `bufferSize` for all the streams (client_golang sorts
 * per stream). The clock is read once per value, to rotate on time however rarely values come;
 * a rotation first folds the buffer in, so a value always lands in the streams of its own time.
 */
export class SummaryWindow {
  private readonly streams: QuantileStream[];
  private readonly quantiles: readonly number[];
  private readonly period: number;
  private readonly clock: Clock;
  private head = 0;
  /** When the head stream is reset next. */
  private headExpires: number;
  private buffer: Float64Array | undefined;
  private buffered = 0;
  private readonly bufferSize: number;

  constructor(options: SummaryWindowOptions) {
    this.quantiles = options.objectives.map((o) => o.quantile);
    this.bufferSize = options.bufferSize ?? 500;
    this.streams = Array.from(
      { length: options.ageBuckets },
      () => new QuantileStream(options.objectives, this.bufferSize),
    );
    this.period = options.maxAgeMillis / options.ageBuckets;
    this.clock = options.clock;
    this.headExpires = this.clock() + this.period;
  }

  observe(value: number): void {
    const now = this.clock();
    if (now >= this.headExpires) this.rotate(now);
    const buffer = (this.buffer ??= new Float64Array(this.bufferSize));
    buffer[this.buffered++] = value;
    if (this.buffered === buffer.length) this.flush();
  }

  /**
   * The estimate of every objective's quantile, in the objectives' order, over the window as of
   * now; NaN for each when the window holds no value (as client_golang reports it).
   */
  snapshot(): { quantile: number; value: number }[] {
    const now = this.clock();
    if (now >= this.headExpires) this.rotate(now);
    this.flush();
    const head = this.streams[this.head]!;
    return this.quantiles.map((quantile) => ({ quantile, value: head.query(quantile) }));
  }

  /** Values the window holds now (those still buffered included). */
  get count(): number {
    return this.streams[this.head]!.count + this.buffered;
  }

  private flush(): void {
    const length = this.buffered;
    if (length === 0) return;
    const sorted = this.buffer!.subarray(0, length).sort();
    for (const stream of this.streams) stream.mergeSorted(sorted, length);
    this.buffered = 0;
  }

  /** Resets the heads whose time is up (at most every stream once, however long it was). */
  private rotate(now: number): void {
    this.flush();
    const due = Math.floor((now - this.headExpires) / this.period) + 1;
    const count = this.streams.length;
    for (let i = 0; i < Math.min(due, count); i++) {
      this.streams[this.head]!.reset();
      this.head = (this.head + 1) % count;
    }
    if (due > count) this.head = (this.head + (due - count)) % count;
    this.headExpires += due * this.period;
  }
}
