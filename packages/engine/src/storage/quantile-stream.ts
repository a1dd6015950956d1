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
 * Not safe for concurrent use (nothing in one Node thread is).
 */
export class QuantileStream {
  private readonly quantiles: Float64Array;
  private readonly errors: Float64Array;
  private n = 0;
  private values: number[] = [];
  private widths: number[] = [];
  private deltas: number[] = [];
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
    return this.values.length;
  }

  reset(): void {
    this.n = 0;
    this.values = [];
    this.widths = [];
    this.deltas = [];
    this.raw = true;
  }

  /** Folds in `sorted[0..length)`, which must be in ascending order. */
  mergeSorted(sorted: ArrayLike<number>, length: number): void {
    if (length === 0) return;
    const values = this.values;
    const widths = this.widths;
    const deltas = this.deltas;
    const held = values.length;
    const nv: number[] = [];
    const nw: number[] = [];
    const nd: number[] = [];
    let i = 0;
    let rank = 0;
    for (let k = 0; k < length; k++) {
      const v = sorted[k]!;
      while (i < held && values[i]! <= v) {
        nv.push(values[i]!);
        nw.push(widths[i]!);
        nd.push(deltas[i]!);
        rank += widths[i]!;
        i++;
      }
      // Inserted before an existing sample: its rank is uncertain by what the invariant allows
      // there (perks' choice, kept so both agree); at either end it is exact.
      nv.push(v);
      nw.push(1);
      nd.push(this.raw || i === held ? 0 : Math.max(0, Math.floor(this.invariant(rank)) - 1));
      this.n++;
      rank++;
    }
    for (; i < held; i++) {
      nv.push(values[i]!);
      nw.push(widths[i]!);
      nd.push(deltas[i]!);
    }
    this.values = nv;
    this.widths = nw;
    this.deltas = nd;
    if (this.raw && this.n <= this.rawLimit) return;
    this.raw = false;
    this.compress();
  }

  /** The estimate of quantile `q` (0..1), or NaN when the stream is empty. */
  query(q: number): number {
    const values = this.values;
    if (values.length === 0) return Number.NaN;
    if (this.raw) {
      const i = Math.ceil(values.length * q);
      return values[i > 0 ? i - 1 : 0]!;
    }
    let target = Math.ceil(q * this.n);
    target += Math.ceil(this.invariant(target) / 2);
    let previous = 0;
    let rank = 0;
    for (let i = 1; i < values.length; i++) {
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

  /** Merges adjacent samples, from the top, wherever the invariant allows it. */
  private compress(): void {
    const values = this.values;
    const widths = this.widths;
    const deltas = this.deltas;
    const last = values.length - 1;
    if (last < 1) return;
    const ov: number[] = [];
    const ow: number[] = [];
    const od: number[] = [];
    let xv = values[last]!;
    let xw = widths[last]!;
    let xd = deltas[last]!;
    let rank = this.n - 1 - xw;
    for (let i = last - 1; i >= 0; i--) {
      const cw = widths[i]!;
      if (cw + xw + xd <= this.invariant(rank)) {
        xw += cw;
      } else {
        ov.push(xv);
        ow.push(xw);
        od.push(xd);
        xv = values[i]!;
        xw = cw;
        xd = deltas[i]!;
      }
      rank -= cw;
    }
    ov.push(xv);
    ow.push(xw);
    od.push(xd);
    this.values = ov.reverse();
    this.widths = ow.reverse();
    this.deltas = od.reverse();
  }
}
