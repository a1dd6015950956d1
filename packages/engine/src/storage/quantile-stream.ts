/** A quantile to estimate and the rank error allowed for it (`{ quantile: 0.99, error: 0.001 }`). */
export interface Objective {
  readonly quantile: number;
  readonly error: number;
}

/**
 * Targeted quantiles over a stream (Cormode, Korn, Muthukrishnan, Srivastava, "Effective
 * Computation of Biased Quantiles over Data Streams", 2005), as beorn7/perks implements them for
 * client_golang's Summary: a sorted list of samples, each standing for `width` values with rank
 * uncertainty `delta`, compressed so that a query of objective `q` is off by at most
 * `error * n` ranks.
 *
 * Until it holds more than `rawLimit` values the stream keeps them all and answers exactly (the
 * nearest-rank quantile), as perks does before its first flush. Values arrive in sorted runs
 * ({@link mergeSorted}); the window sorts each run once for all its streams.
 *
 * Samples are kept in typed arrays (value, width, delta) sized to what the stream holds; a merge
 * and its compression run in one scratch set shared by every stream of the process (a merge never
 * interleaves with another in one thread), and the survivors are copied back.
 *
 * Not safe for concurrent use (nothing in one Node thread is).
 */
/** Scratch space of merges: values, widths, deltas; grown on demand, shared by all streams. */
let scratchValues = new Float64Array(1024);
let scratchWidths = new Float64Array(1024);
let scratchDeltas = new Float64Array(1024);

function ensureScratch(length: number): void {
  if (scratchValues.length >= length) return;
  const capacity = Math.max(length, scratchValues.length * 2);
  scratchValues = new Float64Array(capacity);
  scratchWidths = new Float64Array(capacity);
  scratchDeltas = new Float64Array(capacity);
}

export class QuantileStream {
  private readonly quantiles: Float64Array;
  private readonly errors: Float64Array;
  private n = 0;
  /** Samples held: the first `held` entries of the three arrays. */
  private held = 0;
  private values = new Float64Array(0);
  private widths = new Float64Array(0);
  private deltas = new Float64Array(0);
  /** True while every value is kept as it came (widths 1, deltas 0). */
  private raw = true;

  constructor(
    objectives: readonly Objective[],
    private readonly rawLimit = 500,
  ) {
    this.quantiles = Float64Array.from(objectives, (o) => o.quantile);
    this.errors = Float64Array.from(objectives, (o) => o.error);
  }

  /** Values folded in since the last reset. */
  get count(): number {
    return this.n;
  }

  /** Samples held (memory is proportional to this). */
  get size(): number {
    return this.held;
  }

  /** Forgets every value (and the memory that held them). */
  reset(): void {
    this.n = 0;
    this.held = 0;
    this.raw = true;
    this.keep(0);
  }

  /** Folds in `sorted[0..length)`, which must be in ascending order. */
  mergeSorted(sorted: ArrayLike<number>, length: number): void {
    if (length === 0) return;
    const held = this.held;
    ensureScratch(held + length);
    const values = this.values;
    const widths = this.widths;
    const deltas = this.deltas;
    const nv = scratchValues;
    const nw = scratchWidths;
    const nd = scratchDeltas;
    let i = 0;
    let o = 0;
    let rank = 0;
    for (let k = 0; k < length; k++) {
      const v = sorted[k]!;
      while (i < held && values[i]! <= v) {
        nv[o] = values[i]!;
        nw[o] = widths[i]!;
        nd[o++] = deltas[i]!;
        rank += widths[i]!;
        i++;
      }
      // Inserted before an existing sample: its rank is uncertain by what the invariant allows
      // there (perks' choice, kept so both agree); at either end it is exact.
      nv[o] = v;
      nw[o] = 1;
      nd[o++] = this.raw || i === held ? 0 : Math.max(0, Math.floor(this.invariant(rank)) - 1);
      this.n++;
      rank++;
    }
    for (; i < held; i++) {
      nv[o] = values[i]!;
      nw[o] = widths[i]!;
      nd[o++] = deltas[i]!;
    }
    let from = 0;
    if (!this.raw || this.n > this.rawLimit) {
      this.raw = false;
      from = this.compress(nv, nw, nd, o);
    }
    this.keep(o - from);
    this.values.set(nv.subarray(from, o));
    this.widths.set(nw.subarray(from, o));
    this.deltas.set(nd.subarray(from, o));
    this.held = o - from;
  }

  /** Sizes the arrays for `count` samples: grown by half again, shrunk when mostly empty. */
  private keep(count: number): void {
    const capacity = this.values.length;
    if (capacity >= count && (capacity <= 64 || capacity <= count * 4)) return;
    const next = count === 0 ? 0 : Math.max(16, Math.ceil(count * 1.5));
    this.values = new Float64Array(next);
    this.widths = new Float64Array(next);
    this.deltas = new Float64Array(next);
  }

  /** The estimate of quantile `q` (0..1), or NaN when the stream is empty. */
  query(q: number): number {
    const values = this.values;
    const held = this.held;
    if (held === 0) return Number.NaN;
    if (this.raw) {
      const i = Math.ceil(held * q);
      return values[i > 0 ? i - 1 : 0]!;
    }
    let target = Math.ceil(q * this.n);
    target += Math.ceil(this.invariant(target) / 2);
    let previous = 0;
    let rank = 0;
    for (let i = 1; i < held; i++) {
      rank += this.widths[previous]!;
      if (rank + this.widths[i]! + this.deltas[i]! > target) return values[previous]!;
      previous = i;
    }
    return values[previous]!;
  }

  /** The allowed width at rank `r`: the tightest of the objectives' bounds. */
  private invariant(r: number): number {
    const n = this.n;
    let min = Infinity;
    for (let t = 0; t < this.quantiles.length; t++) {
      const q = this.quantiles[t]!;
      const e = this.errors[t]!;
      const f = q * n <= r ? (2 * e * r) / q : (2 * e * (n - r)) / (1 - q);
      if (f < min) min = f;
    }
    return min;
  }

  /**
   * Merges adjacent samples of `[0, length)`, from the top, wherever the invariant allows it. In
   * place: survivors are written from the end down (never past what is still to be read); returns
   * where they start (they end at `length`).
   */
  private compress(
    values: Float64Array,
    widths: Float64Array,
    deltas: Float64Array,
    length: number,
  ): number {
    const last = length - 1;
    if (last < 1) return 0;
    let xv = values[last]!;
    let xw = widths[last]!;
    let xd = deltas[last]!;
    let w = last;
    let rank = this.n - 1 - xw;
    for (let i = last - 1; i >= 0; i--) {
      const cw = widths[i]!;
      if (cw + xw + xd <= this.invariant(rank)) {
        xw += cw;
      } else {
        values[w] = xv;
        widths[w] = xw;
        deltas[w--] = xd;
        xv = values[i]!;
        xw = cw;
        xd = deltas[i]!;
      }
      rank -= cw;
    }
    values[w] = xv;
    widths[w] = xw;
    deltas[w] = xd;
    return w;
  }
}
