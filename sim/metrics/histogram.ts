import { exp, log, log1p } from "../engine/math";

/** Smallest latency told apart from zero: 1 µs. Anything below shares the first bucket. */
const FLOOR = 1e-6;
/** Largest latency with a bucket of its own: 1e7 s (about 116 days). Anything above shares the last. */
const CEILING = 1e7;

/**
 * A log-bucketed (HDR-style) histogram of latencies in seconds. It keeps counts, not samples, so
 * memory is fixed (a few thousand buckets) however long the run.
 *
 * Bucket `i` holds `[FLOOR·base^i, FLOOR·base^(i+1))` with `base = (1 + relativeError)²`, so its
 * geometric midpoint `FLOOR·base^(i+½)` is within `relativeError` of every value in it.
 *
 * It keeps the range of buckets it has counted in, so `quantile`, `merge` and `reset` cost that
 * range rather than every bucket: a metric bucket's histogram holds tens of samples spread over
 * a few hundred of its thousands of buckets (docs/design.md#performance).
 */
export class Histogram {
  readonly relativeError: number;
  private readonly counts: Float64Array;
  private readonly logBase: number;
  private readonly invLogBase: number;
  /** The lowest and highest bucket with a count (lowest > highest when empty). */
  private lowest: number;
  private highest = -1;
  private total = 0;
  private totalSum = 0;
  private smallest = Infinity;
  private largest = -Infinity;

  constructor(relativeError = 0.005) {
    if (!(relativeError > 0 && relativeError < 1)) {
      throw new RangeError(`relativeError must be in (0, 1), got ${relativeError}`);
    }
    this.relativeError = relativeError;
    this.logBase = 2 * log1p(relativeError);
    this.invLogBase = 1 / this.logBase;
    this.counts = new Float64Array(Math.ceil(log(CEILING / FLOOR) * this.invLogBase) + 1);
    this.lowest = this.counts.length;
  }

  /** Counts one value. O(1), allocates nothing. A negative or NaN latency is a bug and throws. */
  record(value: number): void {
    if (!(value >= 0)) throw new RangeError(`latency must be >= 0, got ${value}`);
    const last = this.counts.length - 1;
    let i = value > FLOOR ? Math.floor(log(value / FLOOR) * this.invLogBase) : 0;
    if (i > last) i = last;
    this.counts[i]++;
    if (i < this.lowest) this.lowest = i;
    if (i > this.highest) this.highest = i;
    this.total++;
    this.totalSum += value;
    if (value < this.smallest) this.smallest = value;
    if (value > this.largest) this.largest = value;
  }

  get count(): number {
    return this.total;
  }

  get sum(): number {
    return this.totalSum;
  }

  /** Exact mean of the recorded values; 0 when empty. */
  get mean(): number {
    return this.total === 0 ? 0 : this.totalSum / this.total;
  }

  /** Exact largest recorded value; 0 when empty. */
  get max(): number {
    return this.total === 0 ? 0 : this.largest;
  }

  /**
   * The value at quantile `q` in [0, 1]: the log-space midpoint of the bucket holding rank
   * `ceil(q·count)` (at least 1), clamped to the recorded range so `quantile(1)` is the exact max.
   * 0 when empty. It walks the occupied range from the nearer end.
   */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    if (rank > this.total) return this.largest;
    const counts = this.counts;
    let i: number;
    if (2 * rank <= this.total) {
      // From below: the first bucket whose count brings the running total to rank.
      let seen = 0;
      for (i = this.lowest; i < this.highest; i++) {
        seen += counts[i];
        if (seen >= rank) break;
      }
    } else {
      // From above: the last bucket with more than count - rank values at or above it.
      const above = this.total - rank;
      let seen = 0;
      for (i = this.highest; i > this.lowest; i--) {
        seen += counts[i];
        if (seen > above) break;
      }
    }
    const midpoint = FLOOR * exp((i + 0.5) * this.logBase);
    return Math.min(this.largest, Math.max(this.smallest, midpoint));
  }

  reset(): void {
    if (this.lowest <= this.highest) this.counts.fill(0, this.lowest, this.highest + 1);
    this.lowest = this.counts.length;
    this.highest = -1;
    this.total = 0;
    this.totalSum = 0;
    this.smallest = Infinity;
    this.largest = -Infinity;
  }

  /** Adds `other`'s counts to this one. Both must share a relativeError (else it is a bug). */
  merge(other: Histogram): void {
    if (other.relativeError !== this.relativeError) {
      throw new Error(`cannot merge histograms with relativeError ${other.relativeError} and ${this.relativeError}`);
    }
    const counts = this.counts;
    const theirs = other.counts;
    for (let i = other.lowest; i <= other.highest; i++) counts[i] += theirs[i];
    if (other.lowest < this.lowest) this.lowest = other.lowest;
    if (other.highest > this.highest) this.highest = other.highest;
    this.total += other.total;
    this.totalSum += other.totalSum;
    if (other.smallest < this.smallest) this.smallest = other.smallest;
    if (other.largest > this.largest) this.largest = other.largest;
  }
}
